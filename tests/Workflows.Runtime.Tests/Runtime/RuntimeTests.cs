using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Engine.Execution;
using Workflows.Runtime.Definitions;
using Workflows.Runtime.Execution;
using Workflows.Runtime.Inbox;
using Workflows.Runtime.Persistence;
using Workflows.Runtime.Tests.Support;
using static Workflows.Testing.Wf;

namespace Workflows.Runtime.Tests.Runtime;

public class RuntimeTests
{
    private static readonly Actor Secretary = new("mishu1", ["secretariat"]);
    private static readonly Actor Leader = new("zuzhang", ["leadershipGroupLeader", "leadershipGroupMember"]);
    private static readonly Actor Stranger = new("huiyuan1", ["memberUnit"]);

    private static Engine.Model.WorkflowDefinition Approval(string id = "approval") => Def(id,
        [Act("start", "Elsa.Start"), HumanTask("review", "审核申请", "secretariat"), HumanTask("decide", "领导小组审批", "leadershipGroupLeader"), WriteLine("done", "完成")],
        [Conn("start", "review"), Conn("review", "decide", "Approve"), Conn("decide", "done", "Approve")]);

    private static async Task<RunOutcome> Complete(RuntimeTestHost host, string taskId, Actor actor, string outcome = "Approve", string? comment = null)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TaskService>().CompleteAsync(new CompleteTaskCommand(taskId, outcome, comment, null), actor, CancellationToken.None);
    }

    [Fact]
    public async Task StartWaitResumeComplete_OnSqliteFile_PersistsEveryStep()
    {
        await using var host = await RuntimeTestHost.StartAsync();
        await host.PublishAsync(Approval());

        var started = await host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "approval", InitiatedBy = "huiyuan1" });

        Assert.Equal(RunStatus.Completed, started.Status);
        var instanceId = started.InstanceId!;
        Assert.Equal("Suspended", (await host.InstanceAsync(instanceId)).SubStatus);
        var task = Assert.Single(await host.OpenTasksAsync(instanceId));
        Assert.Equal("审核申请", task.Title);
        Assert.Equal("huiyuan1", task.InitiatedBy);

        Assert.True((await Complete(host, task.Id, Secretary)).Succeeded);
        var second = Assert.Single(await host.OpenTasksAsync(instanceId));
        Assert.Equal("decide", second.ActivityId);
        Assert.True((await Complete(host, second.Id, Leader)).Succeeded);

        var instance = await host.InstanceAsync(instanceId);
        Assert.Equal("Finished", instance.SubStatus);
        Assert.NotNull(instance.FinishedAt);
        Assert.Empty(await host.QueryAsync(db => db.Bookmarks.Where(b => b.InstanceId == instanceId).ToListAsync()));
        var journal = await host.QueryAsync(db => db.Journal.Where(j => j.InstanceId == instanceId).OrderBy(j => j.Sequence).ToListAsync());
        Assert.Equal(Enumerable.Range(1, journal.Count).Select(i => (long)i), journal.Select(j => j.Sequence));
        Assert.Contains(journal, j => j.ActivityId == "done" && j.EventName == "Completed" && j.Message == "完成");
    }

    [Fact]
    public async Task DuplicateResume_SameTaskTwice_AdvancesOnceAndSaysSo()
    {
        await using var host = await RuntimeTestHost.StartAsync();
        await host.PublishAsync(Approval());
        var instanceId = (await host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "approval" })).InstanceId!;
        var task = Assert.Single(await host.OpenTasksAsync(instanceId));

        var first = await Complete(host, task.Id, Secretary);
        var second = await Complete(host, task.Id, Secretary);

        Assert.Equal(RunStatus.Completed, first.Status);
        Assert.Equal(RunStatus.Conflict, second.Status);
        Assert.Contains("已由 mishu1 办理", second.Message);
        Assert.Single(await host.OpenTasksAsync(instanceId));
        Assert.Equal(2, await host.QueryAsync(db => db.Tasks.CountAsync(t => t.InstanceId == instanceId)));
    }

    [Fact]
    public async Task DuplicateResume_SameBookmarkTwice_SecondIsRefusedWithoutChanges()
    {
        await using var host = await RuntimeTestHost.StartAsync();
        await host.PublishAsync(Approval());
        var instanceId = (await host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "approval" })).InstanceId!;
        var task = Assert.Single(await host.OpenTasksAsync(instanceId));
        var payload = new JsonObject { ["outcome"] = "Approve" };

        var first = await host.Runtime.ResumeAsync(new ResumeRequest { InstanceId = instanceId, BookmarkId = task.BookmarkId, Payload = payload });
        var revision = (await host.InstanceAsync(instanceId)).Revision;
        var second = await host.Runtime.ResumeAsync(new ResumeRequest { InstanceId = instanceId, BookmarkId = task.BookmarkId, Payload = payload });

        Assert.Equal(RunStatus.Completed, first.Status);
        Assert.Equal(RunStatus.Conflict, second.Status);
        Assert.Equal(revision, (await host.InstanceAsync(instanceId)).Revision);
    }

    [Fact]
    public async Task ConcurrentResumes_TwoBranchesAtOnce_BothCountAndJoinFiresOnce()
    {
        await using var host = await RuntimeTestHost.StartAsync();
        await host.PublishAsync(Def("fj",
            [Act("start", "Elsa.Start"), Act("fork", "Elsa.FlowFork", ("branches", Obj("[\"a\",\"b\"]", "String[]"))),
             HumanTask("t1", "党委", "partyCommittee"), HumanTask("t2", "领导小组", "leadershipGroupLeader"),
             Act("join", "Elsa.FlowJoin", ("mode", Lit("WaitAll"))), HumanTask("after", "汇合后", "secretariat")],
            [Conn("start", "fork"), Conn("fork", "t1", "a"), Conn("fork", "t2", "b"), Conn("t1", "join", "Approve"), Conn("t2", "join", "Approve"), Conn("join", "after")]));
        var instanceId = (await host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "fj" })).InstanceId!;
        var tasks = await host.OpenTasksAsync(instanceId);

        var results = await Task.WhenAll(
            Task.Run(() => Complete(host, tasks.Single(t => t.ActivityId == "t1").Id, new Actor("dangwei1", ["partyCommittee"]))),
            Task.Run(() => Complete(host, tasks.Single(t => t.ActivityId == "t2").Id, Leader)));

        Assert.All(results, r => Assert.Equal(RunStatus.Completed, r.Status));
        var open = Assert.Single(await host.OpenTasksAsync(instanceId));
        Assert.Equal("after", open.ActivityId);
        var joins = await host.QueryAsync(db => db.Journal.CountAsync(j => j.InstanceId == instanceId && j.ActivityId == "join" && j.EventName == "Completed"));
        Assert.Equal(1, joins);
    }

    [Fact]
    public async Task ConcurrentResumes_SameTaskByTwoPeople_ExactlyOneWins()
    {
        await using var host = await RuntimeTestHost.StartAsync();
        await host.PublishAsync(Approval());
        var instanceId = (await host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "approval" })).InstanceId!;
        var task = Assert.Single(await host.OpenTasksAsync(instanceId));

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            Task.Run(() => Complete(host, task.Id, new Actor($"mishu{i}", ["secretariat"])))));

        Assert.Equal(1, results.Count(r => r.Status == RunStatus.Completed));
        Assert.Equal(5, results.Count(r => r.Status == RunStatus.Conflict));
        Assert.Single(await host.OpenTasksAsync(instanceId));
    }

    [Fact]
    public async Task TaskCompletion_ByUserWithoutTheRole_IsNotFoundAndChangesNothing()
    {
        await using var host = await RuntimeTestHost.StartAsync();
        await host.PublishAsync(Approval());
        var instanceId = (await host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "approval" })).InstanceId!;
        var task = Assert.Single(await host.OpenTasksAsync(instanceId));
        var before = (await host.InstanceAsync(instanceId)).Revision;

        var outcome = await Complete(host, task.Id, Stranger);

        Assert.Equal(RunStatus.NotFound, outcome.Status);
        Assert.Equal(before, (await host.InstanceAsync(instanceId)).Revision);
        Assert.Equal(TaskStatuses.Open, (await host.OpenTasksAsync(instanceId)).Single().Status);
    }

    [Fact]
    public async Task TaskCompletion_RejectWithoutComment_IsRefused()
    {
        await using var host = await RuntimeTestHost.StartAsync();
        await host.PublishAsync(Approval());
        var instanceId = (await host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "approval" })).InstanceId!;
        var task = Assert.Single(await host.OpenTasksAsync(instanceId));

        var outcome = await Complete(host, task.Id, Secretary, "Reject");

        Assert.Equal(RunStatus.Invalid, outcome.Status);
        Assert.Contains("意见", outcome.Message);
    }

    [Fact]
    public async Task DefinitionEditedAfterStart_RunningInstanceKeepsItsVersion()
    {
        await using var host = await RuntimeTestHost.StartAsync();
        var v1 = Approval();
        await host.PublishAsync(v1);
        var instanceId = (await host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "approval" })).InstanceId!;

        // The secretariat changes the second step and publishes v2; then edits a v3 draft.
        var v2 = Approval();
        v2.Root!["activities"]![2]!["title"] = Lit("新版本的审批");
        await host.PublishAsync(v2);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var draft = Approval();
            draft.Root!["activities"]![2]!["title"] = Lit("草稿中的审批");
            Assert.True((await scope.ServiceProvider.GetRequiredService<DefinitionStore>().SaveAsync(draft.Json, false, "test", "test")).Succeeded);
        }

        await Complete(host, (await host.OpenTasksAsync(instanceId)).Single().Id, Secretary);

        Assert.Equal("领导小组审批", (await host.OpenTasksAsync(instanceId)).Single().Title);
        var newInstance = (await host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "approval" })).InstanceId!;
        await Complete(host, (await host.OpenTasksAsync(newInstance)).Single().Id, Secretary);
        Assert.Equal("新版本的审批", (await host.OpenTasksAsync(newInstance)).Single().Title);
        Assert.Equal(1, (await host.InstanceAsync(instanceId)).DefinitionVersion);
        Assert.Equal(2, (await host.InstanceAsync(newInstance)).DefinitionVersion);
    }

    [Fact]
    public async Task InstanceStartedFromDraft_DraftEditedLater_InstanceRunsTheOriginal()
    {
        await using var host = await RuntimeTestHost.StartAsync();
        await using var scope = host.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<DefinitionStore>();
        Assert.True((await store.SaveAsync(Approval().Json, false, "test", "test")).Succeeded);
        var instanceId = (await host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "approval", VersionOptions = VersionOptions.Latest })).InstanceId!;

        var edited = Approval();
        edited.Root!["activities"]![2]!["title"] = Lit("改过的草稿");
        Assert.True((await store.SaveAsync(edited.Json, false, "test", "test")).Succeeded);
        await Complete(host, (await host.OpenTasksAsync(instanceId)).Single().Id, Secretary);

        Assert.Equal("领导小组审批", (await host.OpenTasksAsync(instanceId)).Single().Title);
    }

    [Fact]
    public async Task Start_WithIdempotencyKeyTwice_ReturnsTheFirstInstance()
    {
        await using var host = await RuntimeTestHost.StartAsync();
        await host.PublishAsync(Approval());

        var first = await host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "approval", IdempotencyKey = "k1" });
        var again = await host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "approval", IdempotencyKey = "k1" });

        Assert.Equal(RunStatus.Existing, again.Status);
        Assert.Equal(first.InstanceId, again.InstanceId);
        Assert.Equal(1, await host.QueryAsync(db => db.Instances.CountAsync()));
    }

    [Fact]
    public async Task Start_InputOfWrongType_IsRefusedAndNothingIsStored()
    {
        await using var host = await RuntimeTestHost.StartAsync();
        var def = Approval();
        def.Json["inputs"] = new JsonArray(new JsonObject { ["name"] = "Units", ["type"] = "Int32", ["isArray"] = false });
        await host.PublishAsync(def);

        var outcome = await host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "approval", Input = new JsonObject { ["Units"] = "三十五" } });

        Assert.Equal(RunStatus.Invalid, outcome.Status);
        Assert.Contains("Units", outcome.Message);
        Assert.Equal(0, await host.QueryAsync(db => db.Instances.CountAsync()));
    }

    [Fact]
    public async Task Start_UnknownDefinition_IsNotFound()
    {
        await using var host = await RuntimeTestHost.StartAsync();

        var outcome = await host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "nope" });

        Assert.Equal(RunStatus.NotFound, outcome.Status);
    }

    [Fact]
    public async Task Delay_TimerServiceFiresOnceWhenDue()
    {
        await using var host = await RuntimeTestHost.StartAsync();
        await host.PublishAsync(Def("wait", [Act("start", "Elsa.Start"), Act("d", "Elsa.Delay", ("timeSpan", Lit("3.00:00:00", "TimeSpan"))), HumanTask("after", "到期后", "secretariat")],
            [Conn("start", "d"), Conn("d", "after")]));
        var instanceId = (await host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "wait" })).InstanceId!;

        host.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(0, await host.Timers.FireDueAsync(default));
        host.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, await host.Timers.FireDueAsync(default));
        Assert.Equal(0, await host.Timers.FireDueAsync(default)); // queued once, not twice
        await host.DrainAsync();
        Assert.Equal(0, await host.Timers.FireDueAsync(default));

        Assert.Equal("after", Assert.Single(await host.OpenTasksAsync(instanceId)).ActivityId);
    }

    [Fact]
    public async Task ChildWorkflow_StartedByCommand_ResumesParentWithOutput()
    {
        await using var host = await RuntimeTestHost.StartAsync();
        await host.PublishAsync(Def("child", [Act("start", "Elsa.Start"), HumanTask("t", "子流程任务", "secretariat"), Act("o", "Elsa.SetOutput", ("outputName", Lit("Grade")), ("outputValue", Lit("优秀")))],
            [Conn("start", "t"), Conn("t", "o", "Approve")]));
        await host.PublishAsync(Def("parent", [Act("start", "Elsa.Start"), Act("run", "Elsa.ExecuteWorkflow", ("workflowDefinitionId", Lit("child"))), HumanTask("after", "父流程继续", "secretariat")],
            [Conn("start", "run"), Conn("run", "after")]));

        var parentId = (await host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "parent" })).InstanceId!;
        Assert.Empty(await host.OpenTasksAsync(parentId));
        await host.DrainAsync();
        var child = await host.QueryAsync(db => db.Instances.SingleAsync(i => i.ParentInstanceId == parentId));
        await Complete(host, (await host.OpenTasksAsync(child.Id)).Single().Id, Secretary);
        await host.DrainAsync();

        Assert.Equal("after", Assert.Single(await host.OpenTasksAsync(parentId)).ActivityId);
        var state = StateSerializer.Deserialize((await host.InstanceAsync(parentId)).StateJson);
        Assert.Equal("优秀", state.ActivityOutputs["run"]!["result"]!["Grade"]!.GetValue<string>());
    }

    [Fact]
    public async Task PublishEvent_ResumesMatchingInstancesThroughTheQueue()
    {
        await using var host = await RuntimeTestHost.StartAsync();
        await host.PublishAsync(Def("ev", [Act("start", "Elsa.Start"), Act("wait", "Elsa.Event", ("eventName", Lit("会议已召开"))), HumanTask("after", "会后", "secretariat")],
            [Conn("start", "wait"), Conn("wait", "after")]));
        var a = (await host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "ev", CorrelationId = "b1" })).InstanceId!;
        var b = (await host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "ev", CorrelationId = "b2" })).InstanceId!;

        Assert.Equal(1, await host.Runtime.PublishEventAsync("会议已召开", "b2", null));
        await host.DrainAsync();

        Assert.Empty(await host.OpenTasksAsync(a));
        Assert.Single(await host.OpenTasksAsync(b));
    }

    [Fact]
    public async Task Restart_QueuedStartLeftByCrash_IsRunOnceByTheNextProcess()
    {
        using var folder = new Workflows.Testing.TempFolder();
        var file = folder.File("restart.db");
        string instanceId;
        await using (var first = await RuntimeTestHost.StartAsync(file))
        {
            await first.PublishAsync(Approval());
            instanceId = (await first.Runtime.DispatchAsync(new StartWorkflowRequest { DefinitionId = "approval" })).InstanceId!;
            // The process "dies" here: the start is accepted (committed) but never run.
        }

        await using var second = await RuntimeTestHost.StartAsync(file);
        Assert.Empty(await second.OpenTasksAsync(instanceId));
        await second.DrainAsync();
        await second.DrainAsync();

        Assert.Single(await second.OpenTasksAsync(instanceId));
        Assert.Equal(0, await second.QueryAsync(db => db.Commands.CountAsync()));
    }

    [Fact]
    public async Task Cancel_RunningInstance_CancelsItsTasks()
    {
        await using var host = await RuntimeTestHost.StartAsync();
        await host.PublishAsync(Approval());
        var instanceId = (await host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "approval" })).InstanceId!;

        var outcome = await host.Runtime.CancelAsync(instanceId, "申请人撤回");

        Assert.Equal(RunStatus.Completed, outcome.Status);
        Assert.Equal("Cancelled", (await host.InstanceAsync(instanceId)).SubStatus);
        Assert.Empty(await host.OpenTasksAsync(instanceId));
        Assert.Equal(TaskStatuses.Cancelled, (await host.QueryAsync(db => db.Tasks.SingleAsync(t => t.InstanceId == instanceId))).Status);
    }

    [Fact]
    public async Task ScriptThatLoops_FaultsItsInstanceOnly()
    {
        await using var host = await RuntimeTestHost.StartAsync();
        await host.PublishAsync(Def("loop", [Act("start", "Elsa.Start"), Act("js", "Elsa.RunJavaScript", ("script", Lit("while(true){}")))], [Conn("start", "js")]));
        await host.PublishAsync(Approval());

        var bad = await host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "loop" });
        var good = await host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "approval" });

        Assert.Equal("Faulted", (await host.InstanceAsync(bad.InstanceId!)).SubStatus);
        Assert.Equal(1, (await host.InstanceAsync(bad.InstanceId!)).IncidentCount);
        Assert.Equal("Suspended", (await host.InstanceAsync(good.InstanceId!)).SubStatus);
    }
}
