using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workflows.Runtime.Inbox;
using Workflows.Runtime.Persistence;

namespace Workflows.Server.Tests.Inbox;

/// <summary>Return (退回) to an earlier step, and the initiator's withdrawal (撤回).</summary>
public sealed class ReturnAndWithdrawTests(InboxApp app) : IClassFixture<InboxApp>
{
    [Fact]
    public async Task ReturnTargets_AreTheEarlierHumanStepsThatRan_TheApplicantsMarked()
    {
        var (_, taskId) = await app.StartReviewAsync();

        var targets = (await (await app.As("chengyuan1")).GetFromJsonAsync<JsonArray>($"/api/tasks/{taskId}/return-targets"))!;

        var target = Assert.Single(targets)!;
        Assert.Equal("apply", target["activityId"]!.GetValue<string>());
        Assert.Equal("提交活动申请", target["step"]!.GetValue<string>());
        Assert.True(target["isApplicant"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Return_ToTheApplicant_WorkflowResumesThere_ApplicantIsMailed()
    {
        var (instanceId, taskId) = await app.StartReviewAsync();

        await ResponseAssert.Status(HttpStatusCode.OK, await app.PostAsync("chengyuan1", $"/api/tasks/{taskId}/return", new { target = "apply", comment = "请补充活动预算明细" }));

        var returned = await app.TaskAsync(taskId);
        Assert.Equal((TaskStatuses.Completed, "Return"), (returned.Status, returned.Outcome));
        var again = await app.OpenTaskAsync(instanceId, "apply");
        Assert.Contains(again.Id, await app.ToDoIdsAsync("huiyuan1"));
        var record = Assert.Single(await app.AuditAsync(instanceId), a => a.Action == AuditActions.Return);
        Assert.Equal("请补充活动预算明细", record.Comment);
        var mail = Assert.Single(await app.OutboxAsync(instanceId), o => o.Template == "applicationReturned");
        Assert.Equal("[\"huiyuan1\"]", mail.ToJson);
        Assert.Equal("请补充活动预算明细", JsonNode.Parse(mail.ModelJson!)!["comment"]!.GetValue<string>());

        // The applicant resubmits and the review comes round again.
        await ResponseAssert.Status(HttpStatusCode.OK, await app.PostAsync("huiyuan1", $"/api/tasks/{again.Id}/complete", new { outcome = "Submit", formData = new { topic = "修改后的申请" } }));
        Assert.NotEqual(taskId, (await app.OpenTaskAsync(instanceId, "review")).Id);
    }

    [Fact]
    public async Task Return_WithoutCommentOrToAStepThatDidNotRun_Is400AndNothingChanges()
    {
        var (instanceId, taskId) = await app.StartReviewAsync();

        var noComment = await ResponseAssert.Status(HttpStatusCode.BadRequest, await app.PostAsync("chengyuan1", $"/api/tasks/{taskId}/return", new { target = "apply" }));
        var notRun = await ResponseAssert.Status(HttpStatusCode.BadRequest, await app.PostAsync("chengyuan1", $"/api/tasks/{taskId}/return", new { target = "archive", comment = "退回" }));
        await ResponseAssert.Status(HttpStatusCode.NotFound, await app.PostAsync("dangwei2", $"/api/tasks/{taskId}/return", new { target = "apply", comment = "退回" }));

        Assert.Contains("意见", noComment["detail"]!.GetValue<string>());
        Assert.Contains("apply", notRun["detail"]!.GetValue<string>());
        Assert.Equal(TaskStatuses.Open, (await app.TaskAsync(taskId)).Status);
        Assert.DoesNotContain(await app.AuditAsync(instanceId), a => a.Action == AuditActions.Return);
    }

    [Fact]
    public async Task Withdraw_BeforeAnyoneActed_CancelsTheInstance_TasksBecomeWithdrawn_CompletingIs409()
    {
        var instanceId = await app.StartAsync(InboxWorkflows.Multi, "huiyuan2");
        var task = await app.OpenTaskAsync(instanceId, "pick");
        await ResponseAssert.Status(HttpStatusCode.OK, await app.PostAsync("chengyuan1", $"/api/tasks/{task.Id}/claim"));

        await ResponseAssert.Status(HttpStatusCode.OK, await app.PostAsync("huiyuan2", $"/api/tasks/{task.Id}/withdraw", new { comment = "申请有误，撤回" }));

        Assert.Equal(TaskStatuses.Withdrawn, (await app.TaskAsync(task.Id)).Status);
        Assert.Equal("Cancelled", await app.QueryAsync(db => db.Instances.Where(i => i.Id == instanceId).Select(i => i.SubStatus).SingleAsync()));
        var late = await ResponseAssert.Status(HttpStatusCode.Conflict, await app.PostAsync("chengyuan1", $"/api/tasks/{task.Id}/complete", new { outcome = "Approve" }));
        Assert.Contains("撤回", late["detail"]!.GetValue<string>());
        Assert.DoesNotContain(task.Id, await app.ToDoIdsAsync("chengyuan1"));
        var started = (await app.ListAsync("huiyuan2", "?view=started&pageSize=200"))["items"]!.AsArray();
        Assert.Equal("Withdrawn", started.Single(i => i!["instanceId"]!.GetValue<string>() == instanceId)!["status"]!.GetValue<string>());
        Assert.Single(await app.AuditAsync(instanceId), a => a.Action == AuditActions.Withdraw && a.Comment == "申请有误，撤回");
    }

    [Fact]
    public async Task Withdraw_AfterSomeoneDecided_Is409_ByOthers403Or404()
    {
        var (instanceId, reviewId) = await app.StartReviewAsync();
        var stranger = await ResponseAssert.Status(HttpStatusCode.NotFound, await app.PostAsync("zhuanjia2", $"/api/tasks/{reviewId}/withdraw"));
        await ResponseAssert.Status(HttpStatusCode.Forbidden, await app.PostAsync("chengyuan1", $"/api/tasks/{reviewId}/withdraw"));
        await ResponseAssert.Status(HttpStatusCode.OK, await app.PostAsync("chengyuan1", $"/api/tasks/{reviewId}/complete", new { outcome = "Approve", formData = new { opinion = "同意" } }));
        var archive = await app.OpenTaskAsync(instanceId, "archive");

        var refused = await ResponseAssert.Status(HttpStatusCode.Conflict, await app.PostAsync("huiyuan1", $"/api/tasks/{archive.Id}/withdraw"));

        Assert.Contains("不能撤回", refused["detail"]!.GetValue<string>());
        Assert.Equal(TaskStatuses.Open, (await app.TaskAsync(archive.Id)).Status);
        Assert.Equal("Suspended", await app.QueryAsync(db => db.Instances.Where(i => i.Id == instanceId).Select(i => i.SubStatus).SingleAsync()));
        Assert.NotNull(stranger["detail"]);
    }
}
