using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Workflows.Runtime.Persistence;

namespace Workflows.Server.Tests.Inbox;

/// <summary>The four views with counts, filters (process, branch, due state) and paging. This class moves its app's clock.</summary>
public sealed class ViewsTests(InboxApp app) : IClassFixture<InboxApp>
{
    private static List<string> Ids(JsonObject list) => list["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();

    [Fact]
    public async Task ToDo_FiltersByProcessAndBranch_PagesAndCounts()
    {
        var multi = await app.OpenTaskAsync(await app.StartAsync(InboxWorkflows.Multi), "pick");
        var deadline = await app.OpenTaskAsync(await app.StartAsync(InboxWorkflows.Deadline), "t");
        var (_, review) = await app.StartReviewAsync();

        var all = await app.ListAsync("chengyuan1", "?pageSize=200");
        var byProcess = await app.ListAsync("chengyuan1", $"?definitionId={InboxWorkflows.Multi}&pageSize=200");
        var byBranch = await app.ListAsync("chengyuan1", "?branchId=b-gk&pageSize=200");
        var page1 = await app.ListAsync("chengyuan1", "?pageSize=1&page=1");
        var page2 = await app.ListAsync("chengyuan1", "?pageSize=1&page=2");

        Assert.Superset(new HashSet<string> { multi.Id, deadline.Id, review }, Ids(all).ToHashSet());
        Assert.Equal(all["totalCount"]!.GetValue<int>(), all["counts"]!["todo"]!.GetValue<int>());
        Assert.All(byProcess["items"]!.AsArray(), i => Assert.Equal(InboxWorkflows.Multi, i!["definitionId"]!.GetValue<string>()));
        Assert.Contains(multi.Id, Ids(byProcess));
        Assert.Contains(review, Ids(byBranch));
        Assert.DoesNotContain(multi.Id, Ids(byBranch));
        Assert.Equal("骨科分会", byBranch["items"]!.AsArray().First()!["branchName"]!.GetValue<string>());
        Assert.Single(page1["items"]!.AsArray());
        Assert.NotEqual(Ids(page1), Ids(page2));
        Assert.Equal(all["totalCount"]!.GetValue<int>(), page1["pageCount"]!.GetValue<int>());

        var item = all["items"]!.AsArray().Single(i => i!["id"]!.GetValue<string>() == review)!;
        Assert.Equal("领导小组审批", item["title"]!.GetValue<string>());
        Assert.Equal("领导小组审批", item["step"]!.GetValue<string>());
        Assert.Equal("huiyuan1", item["initiator"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(item["initiatorName"]!.GetValue<string>()));
        Assert.Equal("normal", item["dueState"]!.GetValue<string>());
    }

    [Fact]
    public async Task DueStates_WarningBeforeAndOverdueAfter_AreShownAndFilterable()
    {
        await app.As("chengyuan1");
        var task = await app.OpenTaskAsync(await app.StartAsync(InboxWorkflows.Deadline), "t");
        var due = task.DueAt!.Value;
        // Two days allowed: the warning window is 20% of that (9.6 h), less than the 24 h cap.
        Assert.Equal(due - TimeSpan.FromHours(9.6), task.WarnAt);

        Assert.Contains(task.Id, Ids(await app.ListAsync("chengyuan1", "?due=normal&pageSize=200")));
        app.Time.Set(new DateTimeOffset(due - TimeSpan.FromHours(2), TimeSpan.Zero));
        var warning = await app.ListAsync("chengyuan1", "?due=warning&pageSize=200");
        Assert.Equal("warning", warning["items"]!.AsArray().Single(i => i!["id"]!.GetValue<string>() == task.Id)!["dueState"]!.GetValue<string>());
        Assert.DoesNotContain(task.Id, Ids(await app.ListAsync("chengyuan1", "?due=normal&pageSize=200")));

        app.Time.Set(new DateTimeOffset(due + TimeSpan.FromMinutes(1), TimeSpan.Zero));
        var overdue = await app.ListAsync("chengyuan1", "?due=overdue&pageSize=200");
        Assert.Equal("overdue", overdue["items"]!.AsArray().Single(i => i!["id"]!.GetValue<string>() == task.Id)!["dueState"]!.GetValue<string>());
        Assert.DoesNotContain(task.Id, Ids(await app.ListAsync("chengyuan1", "?due=warning&pageSize=200")));
        var bad = await (await app.As("chengyuan1")).GetAsync("/api/tasks?due=soonish");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task DoneAndStarted_ShowWhatIDidAndWhatIStarted()
    {
        var (instanceId, review) = await app.StartReviewAsync();
        await ResponseAssert.Status(HttpStatusCode.OK, await app.PostAsync("chengyuan3", $"/api/tasks/{review}/complete", new { outcome = "Approve", formData = new { opinion = "可以" } }));

        var done = await app.ListAsync("chengyuan3", "?view=done&pageSize=200");
        var started = await app.ListAsync("huiyuan1", "?view=started&pageSize=200");
        var notMine = await app.ListAsync("chengyuan2", "?view=done&pageSize=200");

        var item = done["items"]!.AsArray().Single(i => i!["id"]!.GetValue<string>() == review)!;
        Assert.Equal("Approve", item["outcome"]!.GetValue<string>());
        Assert.DoesNotContain(review, Ids(notMine));
        var row = Assert.Single(started["items"]!.AsArray(), i => i!["instanceId"]!.GetValue<string>() == instanceId)!;
        Assert.Equal("秘书处归档", row["title"]!.GetValue<string>());
        Assert.Equal(started["totalCount"]!.GetValue<int>(), started["counts"]!["started"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.BadRequest, (await (await app.As("huiyuan1")).GetAsync("/api/tasks?view=mine")).StatusCode);
        var counts = (await (await app.As("chengyuan3")).GetFromJsonAsync<JsonObject>("/api/tasks/counts"))!;
        Assert.Equal(done["totalCount"]!.GetValue<int>(), counts["done"]!.GetValue<int>());
    }
}
