using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workflows.Runtime.Inbox;
using Workflows.Runtime.Persistence;

namespace Workflows.Server.Tests.Inbox;

public sealed class CompleteTaskTests(InboxApp app) : IClassFixture<InboxApp>
{
    private static readonly object ValidForm = new { opinion = "同意举办", score = "8", agree = "true", level = "A" };

    [Fact]
    public async Task Complete_MemberOfTheRole_MovesTheWorkflowOnRecordsAuditAndTellsTheApplicant()
    {
        var (instanceId, taskId) = await app.StartReviewAsync();

        var body = await ResponseAssert.Status(HttpStatusCode.OK,
            await app.PostAsync("chengyuan1", $"/api/tasks/{taskId}/complete", new { outcome = "Approve", comment = "同意。", formData = ValidForm }));

        Assert.Equal("Suspended", body["subStatus"]!.GetValue<string>());
        var task = await app.TaskAsync(taskId);
        Assert.Equal(TaskStatuses.Completed, task.Status);
        Assert.Equal("chengyuan1", task.CompletedBy);
        // Normalised: numbers as numbers, booleans as booleans; read-only and hidden values do not travel back.
        var formData = JsonNode.Parse(task.FormDataJson!)!.AsObject();
        Assert.Equal(8, formData["score"]!.GetValue<long>());
        Assert.True(formData["agree"]!.GetValue<bool>());
        Assert.False(formData.ContainsKey("budget"));
        Assert.False(formData.ContainsKey("secret"));
        Assert.Equal("archive", (await app.OpenTaskAsync(instanceId, "archive")).ActivityId);

        var audit = await app.AuditAsync(instanceId);
        var record = Assert.Single(audit, a => a.TaskId == taskId && a.Action == AuditActions.Complete);
        Assert.Equal(("chengyuan1", "Approve", "同意。"), (record.Actor, record.Outcome, record.Comment));
        Assert.False(string.IsNullOrEmpty(record.ActorName));

        var mail = Assert.Single(await app.OutboxAsync(instanceId), o => o.Template == "decision");
        Assert.Equal("[\"huiyuan1\"]", mail.ToJson);
        Assert.Equal($"decision:{taskId}", mail.IdempotencyKey);
        var model = JsonNode.Parse(mail.ModelJson!)!.AsObject();
        Assert.Equal("同意", model["outcome"]!.GetValue<string>());
        Assert.Equal("领导小组审批", model["taskTitle"]!.GetValue<string>());
        Assert.Equal("同意。", model["comment"]!.GetValue<string>());
        // The applicant is sent to the application's page, the one they may act on, not the approver's task (issue 14).
        Assert.Equal($"/processes/instances/{instanceId}", model["link"]!.GetValue<string>());
        Assert.Equal(InboxWorkflows.Review, model["processName"]!.GetValue<string>());
        Assert.True(DateTimeOffset.TryParse(model["dueDate"]!.GetValue<string>(), out _));
    }

    [Fact]
    public async Task Complete_Twice_SecondIs409AndNothingChanges()
    {
        var (instanceId, taskId) = await app.StartReviewAsync();
        await ResponseAssert.Status(HttpStatusCode.OK, await app.PostAsync("chengyuan2", $"/api/tasks/{taskId}/complete", new { outcome = "Approve", formData = ValidForm }));
        var auditBefore = (await app.AuditAsync(instanceId)).Count;

        var again = await ResponseAssert.Status(HttpStatusCode.Conflict, await app.PostAsync("chengyuan2", $"/api/tasks/{taskId}/complete", new { outcome = "Approve", formData = ValidForm }));
        // A colleague from the same role learns who did it, too.
        var colleague = await ResponseAssert.Status(HttpStatusCode.Conflict, await app.PostAsync("chengyuan3", $"/api/tasks/{taskId}/complete", new { outcome = "Reject", comment = "不同意" }));

        Assert.Contains("不能重复办理", again["detail"]!.GetValue<string>());
        Assert.Contains("chengyuan2", colleague["detail"]!.GetValue<string>());
        Assert.Equal(auditBefore, (await app.AuditAsync(instanceId)).Count);
        Assert.Single(await app.QueryAsync(db => db.Tasks.Where(t => t.InstanceId == instanceId && t.ActivityId == "archive").ToListAsync()));
    }

    [Fact]
    public async Task Complete_ByStranger_Is404AndNotVisibleAnywhere()
    {
        var (instanceId, taskId) = await app.StartReviewAsync();
        var revision = (await app.TaskAsync(taskId)).Revision;

        await ResponseAssert.Status(HttpStatusCode.NotFound, await app.PostAsync("dangwei1", $"/api/tasks/{taskId}/complete", new { outcome = "Approve", formData = ValidForm }));
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.As("dangwei1")).GetAsync($"/api/tasks/{taskId}")).StatusCode);
        Assert.DoesNotContain(taskId, await app.ToDoIdsAsync("dangwei1"));

        var task = await app.TaskAsync(taskId);
        Assert.Equal((TaskStatuses.Open, revision), (task.Status, task.Revision));
        Assert.DoesNotContain(await app.AuditAsync(instanceId), a => a.TaskId == taskId);
    }

    [Fact]
    public async Task Complete_BadForm_Is400ListingEveryProblemAndNothingChanges()
    {
        var (instanceId, taskId) = await app.StartReviewAsync();

        var missing = await ResponseAssert.Status(HttpStatusCode.BadRequest, await app.PostAsync("zuzhang", $"/api/tasks/{taskId}/complete", new { outcome = "Approve", formData = new { score = 3 } }));
        var types = await ResponseAssert.Status(HttpStatusCode.BadRequest, await app.PostAsync("zuzhang", $"/api/tasks/{taskId}/complete",
            new { outcome = "Approve", formData = new { opinion = "好", score = "很多", agree = "也许", level = "Z", extra = 1 } }));
        var readOnly = await ResponseAssert.Status(HttpStatusCode.BadRequest, await app.PostAsync("zuzhang", $"/api/tasks/{taskId}/complete",
            new { outcome = "Approve", formData = new { opinion = "好", budget = 999999 } }));
        var hidden = await ResponseAssert.Status(HttpStatusCode.BadRequest, await app.PostAsync("zuzhang", $"/api/tasks/{taskId}/complete",
            new { outcome = "Approve", formData = new { opinion = "好", secret = "N-2" } }));
        var noComment = await ResponseAssert.Status(HttpStatusCode.BadRequest, await app.PostAsync("zuzhang", $"/api/tasks/{taskId}/complete", new { outcome = "Reject" }));
        var unknownOutcome = await ResponseAssert.Status(HttpStatusCode.BadRequest, await app.PostAsync("zuzhang", $"/api/tasks/{taskId}/complete", new { outcome = "Maybe" }));

        Assert.Contains("审核意见摘要", missing["detail"]!.GetValue<string>());
        var typeErrors = string.Join("\n", types["errors"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Contains("评分", typeErrors);
        Assert.Contains("同意公开", typeErrors);
        Assert.Contains("等级", typeErrors);
        Assert.Contains("extra", typeErrors);
        Assert.Contains("只读", readOnly["detail"]!.GetValue<string>());
        Assert.Contains("内部编号", hidden["detail"]!.GetValue<string>());
        Assert.Contains("意见", noComment["detail"]!.GetValue<string>());
        Assert.Contains("Maybe", unknownOutcome["detail"]!.GetValue<string>());
        Assert.Equal(TaskStatuses.Open, (await app.TaskAsync(taskId)).Status);
        Assert.DoesNotContain(await app.AuditAsync(instanceId), a => a.TaskId == taskId);
    }

    [Fact]
    public async Task Complete_ReadOnlyFieldSentBackUnchanged_IsAccepted_AndRejectNeedsNoRequiredFields()
    {
        var (_, taskId) = await app.StartReviewAsync();
        var (_, second) = await app.StartReviewAsync();

        await ResponseAssert.Status(HttpStatusCode.OK, await app.PostAsync("fuzuzhang", $"/api/tasks/{taskId}/complete",
            new { outcome = "Approve", formData = new { opinion = "同意", budget = "5000" } }));
        await ResponseAssert.Status(HttpStatusCode.OK, await app.PostAsync("fuzuzhang", $"/api/tasks/{second}/complete", new { outcome = "Reject", comment = "预算过高" }));

        Assert.Equal("Reject", (await app.TaskAsync(second)).Outcome);
    }

    [Fact]
    public async Task GetTask_ShowsFormWithModesAndRights_ForTheRoleButNotHiddenFields()
    {
        var (_, taskId) = await app.StartReviewAsync();

        var task = (await (await app.As("chengyuan3")).GetFromJsonAsync<JsonObject>($"/api/tasks/{taskId}"))!;

        var fields = task["form"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(["budget", "opinion", "score", "agree", "level"], fields);
        Assert.Equal("readonly", task["form"]![0]!["mode"]!.GetValue<string>());
        Assert.Equal(5000, task["form"]![0]!["value"]!.GetValue<double>());
        Assert.True(task["rights"]!["complete"]!.GetValue<bool>());
        Assert.True(task["rights"]!["claim"]!.GetValue<bool>());
        Assert.False(task["rights"]!["release"]!.GetValue<bool>());
        Assert.Equal("领导小组成员", task["candidateRoleName"]!.GetValue<string>());
        Assert.Equal("骨科分会", task["context"]!["branchName"]!.GetValue<string>());
        Assert.Equal("领导小组审批", task["step"]!.GetValue<string>());
        Assert.Contains(task["timeline"]!.AsArray(), e => e!["action"]!.GetValue<string>() == "Complete" && e["actor"]!.GetValue<string>() == "huiyuan1");
        Assert.Equal(["同意", "驳回"], task["outcomes"]!.AsArray().Select(o => o!["label"]!["zh"]!.GetValue<string>()));
    }
}
