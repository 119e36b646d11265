using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Workflows.Runtime.Inbox;

namespace Workflows.Server.Tests.Inbox;

/// <summary>Urge (催办, rate-limited) and CC (抄送) with read status (已阅). This class moves its app's clock.</summary>
public sealed class UrgeAndCopyTests(InboxApp app) : IClassFixture<InboxApp>
{
    [Fact]
    public async Task Urge_ByInitiator_QueuesAMailToWhoeverHoldsIt_AtMostOncePerHour()
    {
        foreach (var user in new[] { "huiyuan1", "chengyuan1", "zhuanjia3" }) await app.As(user);
        var (instanceId, taskId) = await app.StartReviewAsync();

        var first = await ResponseAssert.Status(HttpStatusCode.OK, await app.PostAsync("huiyuan1", $"/api/tasks/{taskId}/urge", new { comment = "活动下周举行，请尽快审批" }));
        var tooSoon = await ResponseAssert.Status(HttpStatusCode.TooManyRequests, await app.PostAsync("huiyuan1", $"/api/tasks/{taskId}/urge"));
        await ResponseAssert.Status(HttpStatusCode.OK, await app.PostAsync("chengyuan1", $"/api/tasks/{taskId}/claim"));
        app.Time.Advance(TimeSpan.FromMinutes(61));
        await ResponseAssert.Status(HttpStatusCode.OK, await app.PostAsync("huiyuan1", $"/api/tasks/{taskId}/urge"));

        Assert.Equal("role:leadershipGroupMember", first["to"]![0]!.GetValue<string>());
        Assert.Contains("分钟后再试", tooSoon["detail"]!.GetValue<string>());
        var mails = (await app.OutboxAsync(instanceId)).Where(o => o.Template == "urge").ToList();
        Assert.Equal(2, mails.Count);
        Assert.Equal("[\"role:leadershipGroupMember\"]", mails[0].ToJson);
        Assert.Equal("[\"chengyuan1\"]", mails[1].ToJson);
        var model = JsonNode.Parse(mails[0].ModelJson!)!;
        Assert.Equal("活动下周举行，请尽快审批", model["comment"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(model["actorName"]!.GetValue<string>()));
        Assert.NotEqual(mails[0].IdempotencyKey, mails[1].IdempotencyKey);
        Assert.Equal(2, (await app.AuditAsync(instanceId)).Count(a => a.Action == AuditActions.Urge));
    }

    [Fact]
    public async Task Urge_ByAssigneeOrStranger_IsRefused()
    {
        foreach (var user in new[] { "huiyuan1", "chengyuan2", "zhuanjia3" }) await app.As(user);
        var (_, taskId) = await app.StartReviewAsync();

        await ResponseAssert.Status(HttpStatusCode.Forbidden, await app.PostAsync("chengyuan2", $"/api/tasks/{taskId}/urge"));
        await ResponseAssert.Status(HttpStatusCode.NotFound, await app.PostAsync("zhuanjia3", $"/api/tasks/{taskId}/urge"));
    }

    [Fact]
    public async Task CarbonCopy_CopiedPersonSeesItUnread_OpeningMarksRead_TheyCannotDecide()
    {
        foreach (var user in new[] { "huiyuan1", "zuzhang", "dangwei1", "dangwei2" }) await app.As(user);
        var (instanceId, taskId) = await app.StartReviewAsync();

        var copied = await ResponseAssert.Status(HttpStatusCode.OK, await app.PostAsync("zuzhang", $"/api/tasks/{taskId}/cc", new { users = new[] { "dangwei1", "dangwei2" }, comment = "请党委知悉" }));
        var again = await ResponseAssert.Status(HttpStatusCode.OK, await app.PostAsync("zuzhang", $"/api/tasks/{taskId}/cc", new { users = new[] { "dangwei1" } }));

        Assert.Equal(2, copied["added"]!.AsArray().Count);
        Assert.Empty(again["added"]!.AsArray());
        var list = await app.ListAsync("dangwei1", "?view=cc");
        var item = list["items"]!.AsArray().Single(i => i!["id"]!.GetValue<string>() == taskId)!;
        Assert.Null(item["readAt"]);
        Assert.True(list["counts"]!["ccUnread"]!.GetValue<int>() >= 1);
        Assert.DoesNotContain(taskId, await app.ToDoIdsAsync("dangwei1"));

        var opened = (await (await app.As("dangwei1")).GetFromJsonAsync<JsonObject>($"/api/tasks/{taskId}"))!;
        await (await app.As("dangwei1")).GetFromJsonAsync<JsonObject>($"/api/tasks/{taskId}");

        Assert.False(opened["rights"]!["complete"]!.GetValue<bool>());
        var read = (await app.ListAsync("dangwei1", "?view=cc"))["items"]!.AsArray().Single(i => i!["id"]!.GetValue<string>() == taskId)!;
        Assert.NotNull(read["readAt"]);
        var refused = await ResponseAssert.Status(HttpStatusCode.Forbidden, await app.PostAsync("dangwei1", $"/api/tasks/{taskId}/complete", new { outcome = "Approve", formData = new { opinion = "同意" } }));
        Assert.Contains("抄送", refused["detail"]!.GetValue<string>());
        var audit = await app.AuditAsync(instanceId);
        Assert.Single(audit, a => a.Action == AuditActions.CarbonCopy);
        Assert.Single(audit, a => a.Action == AuditActions.Read && a.Actor == "dangwei1");
        var mails = (await app.OutboxAsync(instanceId)).Where(o => o.Template == "carbonCopy").Select(o => o.ToJson).Order().ToList();
        Assert.Equal(["[\"dangwei1\"]", "[\"dangwei2\"]"], mails);
    }

    [Fact]
    public async Task CarbonCopy_UnknownUserOrByStranger_IsRefused()
    {
        foreach (var user in new[] { "huiyuan1", "zuzhang", "zhuanjia4" }) await app.As(user);
        var (instanceId, taskId) = await app.StartReviewAsync();

        await ResponseAssert.Status(HttpStatusCode.BadRequest, await app.PostAsync("zuzhang", $"/api/tasks/{taskId}/cc", new { users = new[] { "ghost" } }));
        await ResponseAssert.Status(HttpStatusCode.BadRequest, await app.PostAsync("zuzhang", $"/api/tasks/{taskId}/cc", new { users = Array.Empty<string>() }));
        await ResponseAssert.Status(HttpStatusCode.NotFound, await app.PostAsync("zhuanjia4", $"/api/tasks/{taskId}/cc", new { users = new[] { "dangwei1" } }));

        Assert.DoesNotContain(await app.AuditAsync(instanceId), a => a.Action == AuditActions.CarbonCopy);
    }
}
