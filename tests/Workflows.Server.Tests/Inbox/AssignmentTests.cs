using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Workflows.Runtime.Inbox;
using Workflows.Runtime.Persistence;

namespace Workflows.Server.Tests.Inbox;

/// <summary>Claim, release, transfer (转办) and delegate (委派).</summary>
public sealed class AssignmentTests(InboxApp app) : IClassFixture<InboxApp>
{
    private static readonly object Form = new { opinion = "同意" };

    [Fact]
    public async Task Claim_RoleTask_OnlyTheClaimerSeesIt_ReleaseGivesItBackToTheRole()
    {
        var (instanceId, taskId) = await app.StartReviewAsync();
        Assert.Contains(taskId, await app.ToDoIdsAsync("chengyuan2"));

        await ResponseAssert.Status(HttpStatusCode.OK, await app.PostAsync("chengyuan1", $"/api/tasks/{taskId}/claim"));

        Assert.Equal("chengyuan1", (await app.TaskAsync(taskId)).Assignee);
        Assert.Contains(taskId, await app.ToDoIdsAsync("chengyuan1"));
        Assert.DoesNotContain(taskId, await app.ToDoIdsAsync("chengyuan2"));
        var lost = await ResponseAssert.Status(HttpStatusCode.Conflict, await app.PostAsync("chengyuan2", $"/api/tasks/{taskId}/claim"));
        Assert.Contains("chengyuan1", lost["detail"]!.GetValue<string>());
        await ResponseAssert.Status(HttpStatusCode.Forbidden, await app.PostAsync("chengyuan2", $"/api/tasks/{taskId}/complete", new { outcome = "Approve", formData = Form }));
        await ResponseAssert.Status(HttpStatusCode.Forbidden, await app.PostAsync("chengyuan2", $"/api/tasks/{taskId}/release"));

        await ResponseAssert.Status(HttpStatusCode.OK, await app.PostAsync("chengyuan1", $"/api/tasks/{taskId}/release"));

        Assert.Null((await app.TaskAsync(taskId)).Assignee);
        Assert.Contains(taskId, await app.ToDoIdsAsync("chengyuan2"));
        Assert.Equal([AuditActions.Claim, AuditActions.Release], (await app.AuditAsync(instanceId)).Where(a => a.TaskId == taskId).Select(a => a.Action));
    }

    [Fact]
    public async Task Claim_ByNonHolder_Is404_AndAssignedTaskCannotBeReleased()
    {
        var (_, taskId) = await app.StartReviewAsync();
        var instanceId = await app.StartAsync(InboxWorkflows.Deadline);
        var single = await app.OpenTaskAsync(instanceId, "t");

        await ResponseAssert.Status(HttpStatusCode.NotFound, await app.PostAsync("zhuanjia1", $"/api/tasks/{taskId}/claim"));
        await ResponseAssert.Status(HttpStatusCode.Forbidden, await app.PostAsync("chengyuan1", $"/api/tasks/{single.Id}/release"));

        Assert.Null((await app.TaskAsync(taskId)).Assignee);
    }

    [Fact]
    public async Task MultiAssigneeTask_AnyListedPersonMayActOrClaim_OthersNot()
    {
        var instanceId = await app.StartAsync(InboxWorkflows.Multi);
        var task = await app.OpenTaskAsync(instanceId, "pick");
        Assert.Contains(task.Id, await app.ToDoIdsAsync("chengyuan1"));
        Assert.Contains(task.Id, await app.ToDoIdsAsync("chengyuan2"));
        Assert.DoesNotContain(task.Id, await app.ToDoIdsAsync("chengyuan3"));

        await ResponseAssert.Status(HttpStatusCode.OK, await app.PostAsync("chengyuan2", $"/api/tasks/{task.Id}/claim"));
        Assert.DoesNotContain(task.Id, await app.ToDoIdsAsync("chengyuan1"));
        await ResponseAssert.Status(HttpStatusCode.OK, await app.PostAsync("chengyuan2", $"/api/tasks/{task.Id}/complete", new { outcome = "Approve" }));

        Assert.Equal("chengyuan2", (await app.TaskAsync(task.Id)).CompletedBy);
    }

    [Fact]
    public async Task Transfer_TheTaskBecomesTheTargets_TransferrerKeepsAReadOnlyView()
    {
        var (instanceId, taskId) = await app.StartReviewAsync();

        var body = await ResponseAssert.Status(HttpStatusCode.OK, await app.PostAsync("zuzhang", $"/api/tasks/{taskId}/transfer", new { to = "mishu2", comment = "请秘书处代办" }));

        Assert.Equal("mishu2", body["assignee"]!.GetValue<string>());
        Assert.Contains(taskId, await app.ToDoIdsAsync("mishu2"));
        Assert.DoesNotContain(taskId, await app.ToDoIdsAsync("zuzhang"));
        Assert.DoesNotContain(taskId, await app.ToDoIdsAsync("chengyuan1"));
        var done = (await app.ListAsync("zuzhang", "?view=done&pageSize=200"))["items"]!.AsArray();
        Assert.Contains(done, i => i!["id"]!.GetValue<string>() == taskId);
        var view = (await (await app.As("zuzhang")).GetFromJsonAsync<JsonObject>($"/api/tasks/{taskId}"))!;
        Assert.False(view["rights"]!["complete"]!.GetValue<bool>());
        await ResponseAssert.Status(HttpStatusCode.Forbidden, await app.PostAsync("zuzhang", $"/api/tasks/{taskId}/complete", new { outcome = "Approve", formData = Form }));
        var record = Assert.Single(await app.AuditAsync(instanceId), a => a.Action == AuditActions.Transfer);
        Assert.Contains("mishu2", record.DetailsJson);

        await ResponseAssert.Status(HttpStatusCode.OK, await app.PostAsync("mishu2", $"/api/tasks/{taskId}/complete", new { outcome = "Approve", formData = Form }));
    }

    [Fact]
    public async Task Transfer_BadTargetsAndStrangers_AreRefusedAndChangeNothing()
    {
        var (_, taskId) = await app.StartReviewAsync();

        await ResponseAssert.Status(HttpStatusCode.BadRequest, await app.PostAsync("zuzhang", $"/api/tasks/{taskId}/transfer", new { to = "nobody" }));
        await ResponseAssert.Status(HttpStatusCode.BadRequest, await app.PostAsync("zuzhang", $"/api/tasks/{taskId}/transfer", new { to = "zuzhang" }));
        await ResponseAssert.Status(HttpStatusCode.BadRequest, await app.PostAsync("zuzhang", $"/api/tasks/{taskId}/transfer", new { }));
        await ResponseAssert.Status(HttpStatusCode.NotFound, await app.PostAsync("huiyuan2", $"/api/tasks/{taskId}/transfer", new { to = "huiyuan2" }));

        var task = await app.TaskAsync(taskId);
        Assert.Equal(("[]", null), (task.AssigneesJson, task.Assignee));
    }

    [Fact]
    public async Task Delegate_DelegateProposes_TaskComesBackToTheOwner_OwnersConfirmationCompletesIt()
    {
        var (instanceId, taskId) = await app.StartReviewAsync();

        await ResponseAssert.Status(HttpStatusCode.OK, await app.PostAsync("fuzuzhang", $"/api/tasks/{taskId}/delegate", new { to = "mishu1", comment = "请先审核预算" }));

        Assert.Contains(taskId, await app.ToDoIdsAsync("mishu1"));
        Assert.DoesNotContain(taskId, await app.ToDoIdsAsync("fuzuzhang"));
        Assert.DoesNotContain(taskId, await app.ToDoIdsAsync("chengyuan1"));
        var owner = await ResponseAssert.Status(HttpStatusCode.Forbidden, await app.PostAsync("fuzuzhang", $"/api/tasks/{taskId}/complete", new { outcome = "Approve", formData = Form }));
        Assert.Contains("委派", owner["detail"]!.GetValue<string>());
        await ResponseAssert.Status(HttpStatusCode.Forbidden, await app.PostAsync("mishu1", $"/api/tasks/{taskId}/complete", new { outcome = "Approve", formData = Form }));
        await ResponseAssert.Status(HttpStatusCode.BadRequest, await app.PostAsync("mishu1", $"/api/tasks/{taskId}/resolve", new { outcome = "Approve", formData = new { score = 2 } }));

        await ResponseAssert.Status(HttpStatusCode.OK, await app.PostAsync("mishu1", $"/api/tasks/{taskId}/resolve", new { outcome = "Approve", comment = "预算合理", formData = new { opinion = "建议同意", score = 9 } }));

        var back = await app.TaskAsync(taskId);
        Assert.Equal(("fuzuzhang", DelegationStates.Resolved, TaskStatuses.Open), (back.Assignee, back.DelegationState, back.Status));
        Assert.Contains(taskId, await app.ToDoIdsAsync("fuzuzhang"));
        Assert.DoesNotContain(taskId, await app.ToDoIdsAsync("mishu1"));
        var page = (await (await app.As("fuzuzhang")).GetFromJsonAsync<JsonObject>($"/api/tasks/{taskId}"))!;
        Assert.Equal("建议同意", page["form"]!.AsArray().Single(f => f!["name"]!.GetValue<string>() == "opinion")!["value"]!.GetValue<string>());
        Assert.Equal("预算合理", page["delegation"]!["comment"]!.GetValue<string>());

        await ResponseAssert.Status(HttpStatusCode.OK, await app.PostAsync("fuzuzhang", $"/api/tasks/{taskId}/complete", new { outcome = "Approve", comment = "确认", formData = new { opinion = "建议同意", score = 9 } }));

        Assert.Equal(("fuzuzhang", "Approve"), ((await app.TaskAsync(taskId)).CompletedBy, (await app.TaskAsync(taskId)).Outcome));
        Assert.Equal([AuditActions.Delegate, AuditActions.ResolveDelegation, AuditActions.Complete],
            (await app.AuditAsync(instanceId)).Where(a => a.TaskId == taskId).Select(a => a.Action));
        var doneByDelegate = (await app.ListAsync("mishu1", "?view=done&pageSize=200"))["items"]!.AsArray();
        Assert.Contains(doneByDelegate, i => i!["id"]!.GetValue<string>() == taskId);
    }

    [Fact]
    public async Task Delegate_CountersignTask_Is400()
    {
        var instanceId = await app.StartAsync(InboxWorkflows.CountersignAll);
        var task = await app.OpenTaskAsync(instanceId, "sign");

        var refused = await ResponseAssert.Status(HttpStatusCode.BadRequest, await app.PostAsync("chengyuan1", $"/api/tasks/{task.Id}/delegate", new { to = "mishu1" }));

        Assert.Contains("会签", refused["detail"]!.GetValue<string>());
    }
}
