using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Runtime.Inbox;
using Workflows.Runtime.Persistence;
using Workflows.Server.Tests.Support;
using Workflows.Testing;
using static Workflows.Server.Tests.Elsa.Support.Wire;

namespace Workflows.Server.Tests.Alterations;

/// <summary>
/// Elsa's alterations API on running instances (elsa-core src/modules/Elsa.Alterations/Endpoints/Alterations/*,
/// Endpoints/Workflows/Retry/Endpoint.cs; types in AlterationTypes/*.cs, handlers in AlterationHandlers/*.cs).
/// </summary>
public sealed class AlterationTests(WorkflowsApp app) : IClassFixture<WorkflowsApp>
{
    private async Task<T> QueryAsync<T>(Func<WorkflowsDbContext, Task<T>> query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>());
    }

    private static async Task<string> ExecuteAsync(HttpClient client, string definitionId)
    {
        var response = await client.PostAsync($"{ApiRoot}/workflow-definitions/{definitionId}/execute", Json(new JsonObject()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.GetValues("x-elsa-workflow-instance-id").Single();
    }

    private Task<List<JournalRecord>> JournalAsync(string instanceId) =>
        QueryAsync(db => db.Journal.AsNoTracking().Where(j => j.InstanceId == instanceId).OrderBy(j => j.Sequence).ToListAsync());

    private Task<InstanceRecord> InstanceAsync(string instanceId) =>
        QueryAsync(db => db.Instances.AsNoTracking().SingleAsync(i => i.Id == instanceId));

    /// <summary>v1: start → write → review (a task). v2: the task is now "review2" (id changed, moved), and a step follows it.</summary>
    private static JsonObject V1(string name) => Model(name,
        [Wf.Act("start", "Elsa.Start"), Wf.WriteLine("write", "第一步"), Wf.HumanTask("review", "审核", "secretariat", "Approve", "Reject")],
        [Wf.Conn("start", "write"), Wf.Conn("write", "review")]);

    private static JsonObject V2(string name, string definitionId)
    {
        var review = Wf.HumanTask("review2", "审核（新版）", "secretariat", "Approve", "Reject");
        review["metadata"] = new JsonObject { ["designer"] = new JsonObject { ["position"] = new JsonObject { ["x"] = 480, ["y"] = 240 } } };
        return Model(name,
            [Wf.Act("start", "Elsa.Start"), Wf.WriteLine("write", "第一步"), review, Wf.WriteLine("added", "新增的步骤")],
            [Wf.Conn("start", "write"), Wf.Conn("write", "review2"), Wf.Conn("review2", "added", "Approve")], definitionId);
    }

    [Fact]
    public async Task Migrate_TaskMovedAndStepAdded_ContinuesOnV2WithoutRerunningFinishedSteps()
    {
        var client = await app.ClientAsync("mishu1");
        var v1 = (await PostAsync(client, "/workflow-definitions", Save(V1("迁移测试"), publish: true)))["workflowDefinition"]!;
        var definitionId = Text(v1["definitionId"]);
        var instanceId = await ExecuteAsync(client, definitionId);
        var taskBefore = await QueryAsync(db => db.Tasks.AsNoTracking().SingleAsync(t => t.InstanceId == instanceId && t.Status == TaskStatuses.Open));
        var v2 = (await PostAsync(client, "/workflow-definitions", Save(V2("迁移测试", definitionId), publish: true)))["workflowDefinition"]!;
        Assert.Equal(2, v2["version"]!.GetValue<int>());

        // Dry run without a mapping: the waiting task's activity is gone from v2, and the report says so.
        var unmapped = await PostAsync(client, "/alterations/dry-run", new JsonObject
        {
            ["workflowInstanceIds"] = new JsonArray(instanceId),
            ["alterations"] = new JsonArray(new JsonObject { ["type"] = "Migrate", ["targetVersion"] = 2 }),
        });
        var blocked = unmapped["migration"]!["instances"]![0]!;
        Assert.False(blocked["canMigrate"]!.GetValue<bool>());
        Assert.Contains("review", blocked["reasons"]![0]!.GetValue<string>());
        Assert.Equal(1, unmapped["migration"]!["notMigratable"]!.GetValue<int>());
        var point = blocked["waitingPoints"]![0]!;
        Assert.Equal("task", Text(point["kind"]));
        Assert.False(point["existsInTarget"]!.GetValue<bool>());

        // With the mapping the same dry run says the task moves to review2.
        var migrate = new JsonObject { ["type"] = "Migrate", ["targetVersion"] = 2, ["activityIdMap"] = new JsonObject { ["review"] = "review2" } };
        var mapped = await PostAsync(client, "/alterations/dry-run", new JsonObject { ["workflowInstanceIds"] = new JsonArray(instanceId), ["alterations"] = new JsonArray(migrate.DeepClone()) });
        var ok = mapped["migration"]!["instances"]![0]!;
        Assert.True(ok["canMigrate"]!.GetValue<bool>());
        Assert.Equal("review2", Text(ok["waitingPoints"]![0]!["targetActivityId"]));
        Assert.True(ok["waitingPoints"]![0]!["mapped"]!.GetValue<bool>());
        Assert.Equal(1, (await InstanceAsync(instanceId)).DefinitionVersion); // a dry run changes nothing

        var run = await PostAsync(client, "/alterations/run", new JsonObject
        {
            ["workflowInstanceIds"] = new JsonArray(instanceId),
            ["alterations"] = new JsonArray(migrate.DeepClone()),
            ["reason"] = "按新版规则办理",
        });
        Assert.True(run["results"]![0]!["isSuccessful"]!.GetValue<bool>());

        // The open task is the same task (id, assignees, creation), now at the new activity.
        var taskAfter = await QueryAsync(db => db.Tasks.AsNoTracking().SingleAsync(t => t.InstanceId == instanceId && t.Status == TaskStatuses.Open));
        Assert.Equal(taskBefore.Id, taskAfter.Id);
        Assert.Equal("review2", taskAfter.ActivityId);
        Assert.Equal(taskBefore.AssigneesJson, taskAfter.AssigneesJson);
        Assert.Equal(taskBefore.CandidateRole, taskAfter.CandidateRole);
        Assert.Equal(taskBefore.CreatedAt, taskAfter.CreatedAt);
        Assert.Equal(2, (await InstanceAsync(instanceId)).DefinitionVersion);

        using var complete = await client.PostAsJsonAsync($"/api/tasks/{taskAfter.Id}/complete", new { outcome = "Approve" });
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);

        var instance = await InstanceAsync(instanceId);
        Assert.Equal("Finished", instance.SubStatus);
        var journal = await JournalAsync(instanceId);
        Assert.Single(journal, j => j.ActivityId == "write" && j.EventName == "Started");   // not run again
        Assert.Single(journal, j => j.ActivityId == "start" && j.EventName == "Started");
        Assert.Contains(journal, j => j.ActivityId == "added" && j.EventName == "Completed"); // v2's new step ran
        Assert.Contains(journal, j => j.EventName == "Migrated");
        var audit = await QueryAsync(db => db.Set<AuditRecord>().AsNoTracking().Where(a => a.InstanceId == instanceId && a.Action == "Alter").ToListAsync());
        var record = Assert.Single(audit);
        Assert.Equal("mishu1", record.Actor);
        Assert.Equal("按新版规则办理", record.Comment);
    }

    [Fact]
    public async Task Retry_ScriptFaults_VariableFixedThenRetried_FinishesWithBothAttemptsInJournal()
    {
        var client = await app.ClientAsync("mishu1");
        var model = Model("重试测试",
            [Wf.Act("start", "Elsa.Start"), Wf.Act("divide", "Elsa.RunJavaScript", ("script", Wf.Lit("if (getDivisor() === 0) throw new Error('除数为零'); return 10 / getDivisor();"))), Wf.WriteLine("after", "完成")],
            [Wf.Conn("start", "divide"), Wf.Conn("divide", "after")], null, Wf.Var("Divisor", "Int32", 0));
        var definition = (await PostAsync(client, "/workflow-definitions", Save(model, publish: true)))["workflowDefinition"]!;
        var instanceId = await ExecuteAsync(client, Text(definition["definitionId"]));
        Assert.Equal("Faulted", (await InstanceAsync(instanceId)).SubStatus);

        // ModifyVariable (ModifyVariableHandler.cs) on the faulted instance: it stays faulted until retried.
        var fix = await PostAsync(client, "/alterations/run", new JsonObject
        {
            ["workflowInstanceIds"] = new JsonArray(instanceId),
            ["alterations"] = new JsonArray(new JsonObject { ["type"] = "ModifyVariable", ["variableId"] = "DivisorId", ["value"] = 2 }),
            ["reason"] = "除数填错了",
        });
        Assert.True(fix["results"]![0]!["isSuccessful"]!.GetValue<bool>());
        Assert.Equal("Faulted", (await InstanceAsync(instanceId)).SubStatus);

        var retry = await PostAsync(client, "/alterations/workflows/retry", new JsonObject { ["workflowInstanceIds"] = new JsonArray(instanceId) });
        Assert.True(retry["results"]![0]!["isSuccessful"]!.GetValue<bool>());

        var instance = await InstanceAsync(instanceId);
        Assert.Equal("Finished", instance.SubStatus);
        Assert.Equal(0, instance.IncidentCount);
        var journal = await JournalAsync(instanceId);
        var divide = journal.Where(j => j.ActivityId == "divide").Select(j => j.EventName).ToList();
        // The retry itself is journaled on the activity (Altered: ScheduleActivity), between the two attempts.
        Assert.Equal(["Started", "Faulted", "Altered", "Started", "Completed"], divide);
        Assert.Contains(journal, j => j.EventName == "Altered" && j.Message!.Contains("Divisor"));
        Assert.Contains(journal, j => j.ActivityId == "after" && j.EventName == "Completed");
    }

    [Fact]
    public async Task SubmittedPlan_RunsInBackground_WithProgressAndResultPerInstance()
    {
        var client = await app.ClientAsync("mishu1");
        var model = Model("计划测试", [Wf.Act("start", "Elsa.Start"), Wf.HumanTask("task", "等待")], [Wf.Conn("start", "task")], null, Wf.Var("Counter", "Int32", 1));
        var definitionId = Text((await PostAsync(client, "/workflow-definitions", Save(model, publish: true)))["workflowDefinition"]!["definitionId"]);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++) ids.Add(await ExecuteAsync(client, definitionId));

        var submitted = await PostAsync(client, "/alterations/submit", new JsonObject
        {
            ["alterations"] = new JsonArray(new JsonObject { ["type"] = "ModifyVariable", ["variableId"] = "CounterId", ["value"] = 5 }),
            ["filter"] = new JsonObject { ["definitionIds"] = new JsonArray(definitionId) },
            ["reason"] = "统一调整",
        });
        var planId = Text(submitted["planId"]);

        JsonObject plan;
        var polls = 0;
        do
        {
            await Task.Delay(100);
            plan = await GetAsync(client, $"/alterations/{planId}");
        } while (Text(plan["plan"]!["status"]) != "Completed" && ++polls < 300);

        Assert.Equal("Completed", Text(plan["plan"]!["status"]));
        Assert.Equal(3, plan["progress"]!["total"]!.GetValue<int>());
        Assert.Equal(3, plan["progress"]!["completed"]!.GetValue<int>());
        Assert.Equal(ids.Order(), plan["jobs"]!.AsArray().Select(j => Text(j!["workflowInstanceId"])).Order());
        Assert.All(plan["jobs"]!.AsArray(), j => Assert.Equal("Completed", Text(j!["status"])));
        foreach (var id in ids)
        {
            var variables = await GetAsync(client, $"/workflow-instances/{id}/variables");
            Assert.Equal(5, variables["items"]!.AsArray().Single(v => Text(v!["name"]) == "Counter")!["value"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task BadAlteration_IsRefusedAndChangesNothing()
    {
        var client = await app.ClientAsync("mishu1");
        var model = Model("错误修改", [Wf.Act("start", "Elsa.Start"), Wf.HumanTask("task", "等待")], [Wf.Conn("start", "task")], null, Wf.Var("Counter", "Int32", 1));
        var instanceId = await ExecuteAsync(client, Text((await PostAsync(client, "/workflow-definitions", Save(model, publish: true)))["workflowDefinition"]!["definitionId"]));
        var before = await InstanceAsync(instanceId);

        await ErrorsAsync(await client.PostAsync($"{ApiRoot}/alterations/run", Json(new JsonObject
        {
            ["workflowInstanceIds"] = new JsonArray(instanceId),
            ["alterations"] = new JsonArray(new JsonObject { ["type"] = "Teleport" }),
        })));
        // A valid change followed by one to a variable that does not exist: the whole alteration is refused, the instance is as it was.
        var wrong = await PostAsync(client, "/alterations/run", new JsonObject
        {
            ["workflowInstanceIds"] = new JsonArray(instanceId),
            ["alterations"] = new JsonArray(
                new JsonObject { ["type"] = "ModifyVariable", ["variableId"] = "CounterId", ["value"] = 7 },
                new JsonObject { ["type"] = "ModifyVariable", ["variableId"] = "Missing", ["value"] = 1 }),
        });
        Assert.False(wrong["results"]![0]!["isSuccessful"]!.GetValue<bool>());
        var after = await InstanceAsync(instanceId);
        Assert.Equal(before.Revision, after.Revision);
        Assert.Equal(before.StateJson, after.StateJson);
    }

    [Fact]
    public async Task Stranger_IsRefusedEveryAlterationEndpoint()
    {
        var member = await app.ClientAsync("huiyuan1");
        var approver = await app.ClientAsync("zuzhang");
        var body = new JsonObject { ["workflowInstanceIds"] = new JsonArray("x"), ["alterations"] = new JsonArray(new JsonObject { ["type"] = "CancelActivity", ["activityId"] = "a" }) };
        foreach (var client in new[] { member, approver })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync($"{ApiRoot}/alterations/run", Json(body))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync($"{ApiRoot}/alterations/dry-run", Json(new JsonObject { ["emptyFilterSelectsAll"] = true }))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync($"{ApiRoot}/alterations/submit", Json(body))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"{ApiRoot}/alterations/some-plan")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync($"{ApiRoot}/alterations/workflows/retry", Json(body))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync($"{ApiRoot}/alterations/some-plan/pause", Json(null))).StatusCode);
        }
        var anonymous = await app.ClientAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync($"{ApiRoot}/alterations/run", Json(body))).StatusCode);
    }

    [Fact]
    public async Task Features_ListAlterations_SoStudioShowsItsScreens()
    {
        var client = await app.ClientAsync("mishu1");
        var features = await GetAsync(client, "/features/installed");
        var names = features["items"]!.AsArray().Select(f => Text(f!["fullName"])).ToList();
        Assert.Contains("Elsa.Alterations.ShellFeatures.Alterations", names);
        Assert.Contains("Elsa.Resilience", names);
        Assert.DoesNotContain("Elsa.RealTimeWorkflowUpdates", names);
        Assert.Equal("Alterations", Text((await GetAsync(client, "/features/installed/Elsa.Alterations.ShellFeatures.Alterations"))["displayName"]));
    }
}
