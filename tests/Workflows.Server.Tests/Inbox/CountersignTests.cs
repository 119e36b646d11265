using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workflows.Runtime.Inbox;
using Workflows.Runtime.Persistence;

namespace Workflows.Server.Tests.Inbox;

/// <summary>Countersign through the API: per-signer items, the rules, 加签/减签, and one resume with the final outcome.</summary>
public sealed class CountersignTests(InboxApp app) : IClassFixture<InboxApp>
{
    private async Task<(string InstanceId, string TaskId)> StartAsync(string definitionId)
    {
        var instanceId = await app.StartAsync(definitionId, "mishu1");
        return (instanceId, (await app.OpenTaskAsync(instanceId, "sign")).Id);
    }

    private Task<HttpResponseMessage> Sign(string user, string taskId, string outcome = "Approve", string? comment = null) =>
        app.PostAsync(user, $"/api/tasks/{taskId}/complete", new { outcome, comment = comment ?? (outcome == "Reject" ? "不同意" : null) });

    private async Task<int> ResumesOf(string instanceId) =>
        await app.QueryAsync(db => db.Journal.CountAsync(j => j.InstanceId == instanceId && j.ActivityId == "sign" && j.EventName == "Resumed"));

    [Fact]
    public async Task All_EverySignerApproves_ThenTheApprovePathRunsOnce()
    {
        var (instanceId, taskId) = await StartAsync(InboxWorkflows.CountersignAll);
        foreach (var user in new[] { "chengyuan1", "chengyuan2", "chengyuan3" }) Assert.Contains(taskId, await app.ToDoIdsAsync(user));

        var first = await ResponseAssert.Status(HttpStatusCode.OK, await Sign("chengyuan1", taskId));
        var twice = await ResponseAssert.Status(HttpStatusCode.Forbidden, await Sign("chengyuan1", taskId));
        Assert.Contains("已签署", twice["detail"]!.GetValue<string>());
        await ResponseAssert.Status(HttpStatusCode.OK, await Sign("chengyuan2", taskId));

        Assert.Equal("open", first["countersign"]!.GetValue<string>());
        Assert.Equal(TaskStatuses.Open, (await app.TaskAsync(taskId)).Status);
        Assert.DoesNotContain(taskId, await app.ToDoIdsAsync("chengyuan1"));
        Assert.Contains(taskId, await app.ToDoIdsAsync("chengyuan3"));
        Assert.Equal(0, await ResumesOf(instanceId));

        await ResponseAssert.Status(HttpStatusCode.OK, await Sign("chengyuan3", taskId, comment: "同意"));

        var task = await app.TaskAsync(taskId);
        Assert.Equal((TaskStatuses.Completed, "Approve"), (task.Status, task.Outcome));
        Assert.Equal("passed", (await app.OpenTaskAsync(instanceId, "passed")).ActivityId);
        Assert.Equal(1, await ResumesOf(instanceId));
        Assert.All(await app.SignersAsync(taskId), s => Assert.Equal((SignerStatuses.Signed, "Approve"), (s.Status, s.Decision)));
        var decided = Assert.Single(await app.AuditAsync(instanceId), a => a.Action == AuditActions.CountersignDecided);
        Assert.Contains("\"approvals\":3", decided.DetailsJson);
    }

    [Fact]
    public async Task All_OneRejection_DecidesRejectAtOnce_RemainingItemsClosedAsNotNeeded()
    {
        var (instanceId, taskId) = await StartAsync(InboxWorkflows.CountersignAll);
        await ResponseAssert.Status(HttpStatusCode.OK, await Sign("chengyuan1", taskId));

        await ResponseAssert.Status(HttpStatusCode.OK, await Sign("chengyuan2", taskId, "Reject", "理由不充分"));

        Assert.Equal("Reject", (await app.TaskAsync(taskId)).Outcome);
        Assert.Equal("failed", (await app.OpenTaskAsync(instanceId, "failed")).ActivityId);
        Assert.Equal(SignerStatuses.Skipped, (await app.SignersAsync(taskId)).Single(s => s.UserName == "chengyuan3").Status);
        Assert.DoesNotContain(taskId, await app.ToDoIdsAsync("chengyuan3"));
        var late = await ResponseAssert.Status(HttpStatusCode.Conflict, await Sign("chengyuan3", taskId));
        Assert.Contains("不能重复办理", late["detail"]!.GetValue<string>());
        Assert.Equal(1, await ResumesOf(instanceId));
    }

    [Fact]
    public async Task Any_FirstApprovalDecides()
    {
        var (instanceId, taskId) = await StartAsync(InboxWorkflows.CountersignAny);

        await ResponseAssert.Status(HttpStatusCode.OK, await Sign("chengyuan2", taskId));

        Assert.Equal("Approve", (await app.TaskAsync(taskId)).Outcome);
        Assert.Equal(2, (await app.SignersAsync(taskId)).Count(s => s.Status == SignerStatuses.Skipped));
        Assert.Equal(1, await ResumesOf(instanceId));
    }

    [Fact]
    public async Task Ratio_MoreThanHalfApprove_Passes()
    {
        var (instanceId, taskId) = await StartAsync(InboxWorkflows.CountersignRatio);

        await ResponseAssert.Status(HttpStatusCode.OK, await Sign("chengyuan1", taskId, "Reject"));
        await ResponseAssert.Status(HttpStatusCode.OK, await Sign("chengyuan2", taskId));
        Assert.Equal(TaskStatuses.Open, (await app.TaskAsync(taskId)).Status);
        await ResponseAssert.Status(HttpStatusCode.OK, await Sign("chengyuan3", taskId));

        Assert.Equal("Approve", (await app.TaskAsync(taskId)).Outcome);
        Assert.Equal("passed", (await app.OpenTaskAsync(instanceId, "passed")).ActivityId);
    }

    [Fact]
    public async Task Sequential_OnlyTheCurrentSignerSeesAndSigns_ThenTheNext()
    {
        var (_, taskId) = await StartAsync(InboxWorkflows.CountersignSequential);
        Assert.DoesNotContain(taskId, await app.ToDoIdsAsync("chengyuan2"));

        var notYet = await ResponseAssert.Status(HttpStatusCode.Forbidden, await Sign("chengyuan2", taskId));
        Assert.Contains("尚未轮到您", notYet["detail"]!.GetValue<string>());
        await ResponseAssert.Status(HttpStatusCode.OK, await Sign("chengyuan1", taskId));

        Assert.Contains(taskId, await app.ToDoIdsAsync("chengyuan2"));
        Assert.DoesNotContain(taskId, await app.ToDoIdsAsync("chengyuan3"));
        Assert.Equal([SignerStatuses.Signed, SignerStatuses.Pending, SignerStatuses.Waiting], (await app.SignersAsync(taskId)).Select(s => s.Status));
    }

    [Fact]
    public async Task AddSigner_TheAddedSignerMustAlsoApprove()
    {
        var (instanceId, taskId) = await StartAsync(InboxWorkflows.CountersignAll);

        await ResponseAssert.Status(HttpStatusCode.OK, await app.PostAsync("chengyuan1", $"/api/tasks/{taskId}/signers", new { userName = "zuzhang", comment = "请组长一并会签" }));
        await ResponseAssert.Status(HttpStatusCode.BadRequest, await app.PostAsync("chengyuan1", $"/api/tasks/{taskId}/signers", new { userName = "chengyuan2" }));
        await ResponseAssert.Status(HttpStatusCode.BadRequest, await app.PostAsync("chengyuan1", $"/api/tasks/{taskId}/signers", new { userName = "ghost" }));
        await ResponseAssert.Status(HttpStatusCode.NotFound, await app.PostAsync("dangwei1", $"/api/tasks/{taskId}/signers", new { userName = "dangwei2" }));
        foreach (var user in new[] { "chengyuan1", "chengyuan2", "chengyuan3" }) await ResponseAssert.Status(HttpStatusCode.OK, await Sign(user, taskId));

        Assert.Equal(TaskStatuses.Open, (await app.TaskAsync(taskId)).Status);
        Assert.Contains(taskId, await app.ToDoIdsAsync("zuzhang"));
        // Only a signer whose turn it is may change the signers; chengyuan1 has signed.
        await ResponseAssert.Status(HttpStatusCode.Forbidden, await (await app.As("chengyuan1")).DeleteAsync($"/api/tasks/{taskId}/signers/zuzhang"));
        await ResponseAssert.Status(HttpStatusCode.OK, await Sign("zuzhang", taskId));

        Assert.Equal("Approve", (await app.TaskAsync(taskId)).Outcome);
        Assert.Equal("chengyuan1", (await app.SignersAsync(taskId)).Single(s => s.UserName == "zuzhang").AddedBy);
        Assert.Single(await app.AuditAsync(instanceId), a => a.Action == AuditActions.AddSigner && a.Comment == "请组长一并会签");
        Assert.Equal(1, await ResumesOf(instanceId));
    }

    [Fact]
    public async Task RemoveSigner_CanDecideTheVote_ButNeverRemovesASignature()
    {
        // 票签 more than half: with zuzhang added there are four signers and two approvals are not enough;
        // once he is removed again, two of three are.
        var (instanceId, taskId) = await StartAsync(InboxWorkflows.CountersignRatio);
        await ResponseAssert.Status(HttpStatusCode.OK, await app.PostAsync("chengyuan3", $"/api/tasks/{taskId}/signers", new { userName = "zuzhang" }));
        await ResponseAssert.Status(HttpStatusCode.OK, await Sign("chengyuan1", taskId));
        await ResponseAssert.Status(HttpStatusCode.OK, await Sign("chengyuan2", taskId));
        Assert.Equal(TaskStatuses.Open, (await app.TaskAsync(taskId)).Status);

        // 减签 is the secretariat's, with a reason (issue 14): a signer whose turn it is may not remove another, and
        // the refusal changes nothing.
        await ResponseAssert.Status(HttpStatusCode.Forbidden, await (await app.As("chengyuan3")).DeleteAsync($"/api/tasks/{taskId}/signers/zuzhang?comment=出差"));
        Assert.Equal(SignerStatuses.Pending, (await app.SignersAsync(taskId)).Single(s => s.UserName == "zuzhang").Status);
        Assert.Equal(TaskStatuses.Open, (await app.TaskAsync(taskId)).Status);
        var noReason = await ResponseAssert.Status(HttpStatusCode.BadRequest, await (await app.As("mishu1")).DeleteAsync($"/api/tasks/{taskId}/signers/zuzhang"));
        var signed = await ResponseAssert.Status(HttpStatusCode.BadRequest, await (await app.As("mishu1")).DeleteAsync($"/api/tasks/{taskId}/signers/chengyuan1?comment=误加"));
        await ResponseAssert.Status(HttpStatusCode.OK, await (await app.As("mishu1")).DeleteAsync($"/api/tasks/{taskId}/signers/zuzhang?comment=出差"));

        Assert.Contains("已签署", signed["detail"]!.GetValue<string>());
        Assert.Contains("理由", noReason["detail"]!.GetValue<string>());
        var task = await app.TaskAsync(taskId);
        Assert.Equal((TaskStatuses.Completed, "Approve"), (task.Status, task.Outcome));
        var items = await app.SignersAsync(taskId);
        Assert.Equal(SignerStatuses.Removed, items.Single(s => s.UserName == "zuzhang").Status);
        Assert.Equal(SignerStatuses.Skipped, items.Single(s => s.UserName == "chengyuan3").Status);
        Assert.Single(await app.AuditAsync(instanceId), a => a.Action == AuditActions.RemoveSigner && a.Comment == "出差" && a.Actor == "mishu1");
        Assert.Equal("passed", (await app.OpenTaskAsync(instanceId, "passed")).ActivityId);
        Assert.Equal(1, await ResumesOf(instanceId));
    }

    [Fact]
    public async Task RoleCountersign_SignersAreAllHoldersAtCreation_AnyWithAfterAll()
    {
        var (instanceId, taskId) = await StartAsync(InboxWorkflows.CountersignRole);

        var signers = (await app.SignersAsync(taskId)).Select(s => s.UserName).Order().ToList();
        Assert.Equal(["chengyuan1", "chengyuan2", "chengyuan3", "fuzuzhang", "zuzhang"], signers);
        await ResponseAssert.Status(HttpStatusCode.OK, await Sign("zuzhang", taskId, "Reject"));
        Assert.Equal(TaskStatuses.Open, (await app.TaskAsync(taskId)).Status);
        await ResponseAssert.Status(HttpStatusCode.OK, await Sign("chengyuan1", taskId));

        Assert.Equal("Approve", (await app.TaskAsync(taskId)).Outcome);
        var view = (await (await app.As("chengyuan1")).GetFromJsonAsync<JsonObject>($"/api/tasks/{taskId}"))!;
        Assert.Equal("any", view["countersign"]!["mode"]!.GetValue<string>());
        Assert.Equal(5, view["countersign"]!["signers"]!.AsArray().Count);
        Assert.Equal(1, await ResumesOf(instanceId));
    }

    [Fact]
    public async Task ConcurrentSignatures_AllCounted_ResumedExactlyOnce()
    {
        var (instanceId, taskId) = await StartAsync(InboxWorkflows.CountersignAll);
        var clients = new[] { "chengyuan1", "chengyuan2", "chengyuan3" };
        foreach (var user in clients) await app.As(user);

        var results = await Task.WhenAll(clients.Select(user => Task.Run(() => Sign(user, taskId))));

        Assert.All(results, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal("Approve", (await app.TaskAsync(taskId)).Outcome);
        Assert.Equal(1, await ResumesOf(instanceId));
        Assert.Single(await app.QueryAsync(db => db.Tasks.Where(t => t.InstanceId == instanceId && t.ActivityId == "passed").ToListAsync()));
    }
}
