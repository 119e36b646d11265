using System.Text.Json.Nodes;
using Workflows.Engine.Execution;
using Workflows.Engine.Tests.Support;
using Workflows.Testing;
using static Workflows.Testing.Wf;

namespace Workflows.Engine.Tests;

public class FlowTests
{
    private static List<string> Completed(Hosting.InMemoryWorkflowHost host, string instanceId) =>
        host.Journals[instanceId].Where(j => j.EventName == JournalEvents.Completed && j.ActivityType != "Elsa.Flowchart").Select(j => j.ActivityId).ToList();

    [Fact]
    public async Task Sequence_StartToEnd_FinishesAndJournalsEveryActivity()
    {
        var def = Def("seq", [Act("start", "Elsa.Start"), WriteLine("w1", "你好"), Act("end", "Elsa.End")], [Conn("start", "w1"), Conn("w1", "end")]);
        var (host, _) = TestEngine.Host(def);

        var state = await host.StartAsync("seq");

        Assert.Equal(WorkflowSubStatus.Finished, state.SubStatus);
        Assert.Equal(["start", "w1", "end"], Completed(host, state.InstanceId));
        var w1 = host.Journals[state.InstanceId].Single(j => j.ActivityId == "w1" && j.EventName == JournalEvents.Completed);
        Assert.Equal("你好", w1.Message);
        Assert.Equal("你好", w1.Payload!["inputs"]!["text"]!.GetValue<string>());
        Assert.All(host.Journals[state.InstanceId], j => Assert.Equal(TestEngine.Epoch, j.Timestamp));
    }

    [Fact]
    public async Task SeveralStartActivities_WithoutExplicitStart_AllRun()
    {
        var def = Def("multi", [WriteLine("a", "A"), WriteLine("b", "B"), WriteLine("c", "C")], [Conn("a", "c")]);
        var (host, _) = TestEngine.Host(def);

        var state = await host.StartAsync("multi");

        Assert.Equal(WorkflowSubStatus.Finished, state.SubStatus);
        Assert.Equal(["a", "b", "c"], Completed(host, state.InstanceId).Order());
    }

    [Theory]
    [InlineData(5, "big")]
    [InlineData(1, "small")]
    public async Task Decision_TrueAndFalse_FollowTheMatchingPort(int amount, string expected)
    {
        var def = Def("dec",
            [Act("start", "Elsa.Start"), Act("d", "Elsa.FlowDecision", ("condition", Js("getAmount() > 3", "Boolean"))), WriteLine("big", "big"), WriteLine("small", "small")],
            [Conn("start", "d"), Conn("d", "big", "True"), Conn("d", "small", "False")],
            Var("Amount", "Int32", amount.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var (host, _) = TestEngine.Host(def);

        var state = await host.StartAsync("dec");

        var ran = Completed(host, state.InstanceId);
        Assert.Contains(expected, ran);
        Assert.DoesNotContain(expected == "big" ? "small" : "big", ran);
    }

    [Fact]
    public async Task Switch_MatchFirstAndDefault_FollowCaseLabels()
    {
        JsonObject Case(string label, string js) => new() { ["label"] = label, ["condition"] = new JsonObject { ["type"] = "JavaScript", ["value"] = js }, ["activity"] = null };
        var def = Def("sw",
            [Act("start", "Elsa.Start"),
             Act("s", "Elsa.FlowSwitch", ("cases", new JsonArray(Case("优秀", "getScore() >= 90"), Case("合格", "getScore() >= 60")))),
             WriteLine("ex", "ex"), WriteLine("ok", "ok"), WriteLine("fail", "fail")],
            [Conn("start", "s"), Conn("s", "ex", "优秀"), Conn("s", "ok", "合格"), Conn("s", "fail", "Default")],
            Var("Score", "Int32", "75"));
        var (host, _) = TestEngine.Host(def);

        var state = await host.StartAsync("sw");
        Assert.Contains("ok", Completed(host, state.InstanceId));
        Assert.DoesNotContain("ex", Completed(host, state.InstanceId));

        var low = Def("sw2", [.. def.Root!["activities"]!.AsArray().Select(a => a!.DeepClone().AsObject())], [.. def.Root!["connections"]!.AsArray().Select(a => a!.DeepClone().AsObject())], Var("Score", "Int32", "10"));
        host.AddDefinition(low);
        var state2 = await host.StartAsync("sw2");
        Assert.Contains("fail", Completed(host, state2.InstanceId));
    }

    [Fact]
    public async Task ForkJoinWaitAll_WaitsForBothTasks_ThenContinuesOnce()
    {
        var def = Def("fj",
            [Act("start", "Elsa.Start"), Act("fork", "Elsa.FlowFork", ("branches", Obj("[\"党委\",\"领导小组\"]", "String[]"))),
             HumanTask("t1", "党委审核", "partyCommittee"), HumanTask("t2", "领导小组审核", "leadershipGroupLeader"),
             Act("join", "Elsa.FlowJoin", ("mode", Lit("WaitAll"))), WriteLine("after", "after")],
            [Conn("start", "fork"), Conn("fork", "t1", "党委"), Conn("fork", "t2", "领导小组"), Conn("t1", "join", "Approve"), Conn("t2", "join", "Approve"), Conn("join", "after")]);
        var (host, _) = TestEngine.Host(def);

        var state = await host.StartAsync("fj");
        Assert.Equal(WorkflowSubStatus.Suspended, state.SubStatus);
        Assert.Equal(2, host.OpenTasks.Count());

        await host.CompleteTaskAsync(host.Tasks[0].TaskId, "Approve");
        Assert.DoesNotContain("join", Completed(host, state.InstanceId));
        Assert.Equal(WorkflowSubStatus.Suspended, host.Instances[state.InstanceId].SubStatus);

        await host.CompleteTaskAsync(host.Tasks[1].TaskId, "Approve");
        Assert.Equal(WorkflowSubStatus.Finished, host.Instances[state.InstanceId].SubStatus);
        Assert.Single(Completed(host, state.InstanceId), "after");
    }

    [Fact]
    public async Task ForkJoinWaitAny_FirstArrivalContinues_OtherBranchCancelled()
    {
        var def = Def("fja",
            [Act("start", "Elsa.Start"), Act("fork", "Elsa.FlowFork", ("branches", Obj("[\"a\",\"b\"]", "String[]"))),
             HumanTask("t1", "甲"), HumanTask("t2", "乙"), Act("join", "Elsa.FlowJoin", ("mode", Lit("WaitAny"))), WriteLine("after", "after")],
            [Conn("start", "fork"), Conn("fork", "t1", "a"), Conn("fork", "t2", "b"), Conn("t1", "join", "Approve"), Conn("t2", "join", "Approve"), Conn("join", "after")]);
        var (host, _) = TestEngine.Host(def);
        var state = await host.StartAsync("fja");

        await host.CompleteTaskAsync(host.Tasks[0].TaskId, "Approve");

        var final = host.Instances[state.InstanceId];
        Assert.Equal(WorkflowSubStatus.Finished, final.SubStatus);
        Assert.Empty(final.Bookmarks);
        Assert.Contains(host.Journals[state.InstanceId], j => j.ActivityId == "t2" && j.EventName == JournalEvents.Cancelled);
        Assert.Single(Completed(host, state.InstanceId), "after");
    }

    [Fact]
    public async Task JoinWaitAllActive_DeadBranchFromDecision_DoesNotBlock()
    {
        var def = Def("fjd",
            [Act("start", "Elsa.Start"), Act("fork", "Elsa.FlowFork", ("branches", Obj("[\"a\",\"b\"]", "String[]"))),
             WriteLine("a1", "a1"), Act("d", "Elsa.FlowDecision", ("condition", Lit("false", "Boolean"))), WriteLine("b1", "b1"),
             Act("join", "Elsa.FlowJoin", ("mode", Lit("WaitAllActive"))), WriteLine("after", "after")],
            [Conn("start", "fork"), Conn("fork", "a1", "a"), Conn("fork", "d", "b"), Conn("d", "b1", "True"),
             Conn("a1", "join"), Conn("b1", "join"), Conn("join", "after")]);
        var (host, _) = TestEngine.Host(def);

        var state = await host.StartAsync("fjd");

        Assert.Equal(WorkflowSubStatus.Finished, state.SubStatus);
        Assert.Single(Completed(host, state.InstanceId), "after");
        Assert.DoesNotContain("b1", Completed(host, state.InstanceId));
    }

    [Fact]
    public async Task JoinWaitAll_DeadBranch_FlowchartEndsWithoutJoinAndSaysSo()
    {
        var def = Def("fjx",
            [Act("start", "Elsa.Start"), Act("fork", "Elsa.FlowFork", ("branches", Obj("[\"a\",\"b\"]", "String[]"))),
             WriteLine("a1", "a1"), Act("d", "Elsa.FlowDecision", ("condition", Lit("false", "Boolean"))), WriteLine("b1", "b1"),
             Act("join", "Elsa.FlowJoin", ("mode", Lit("WaitAll"))), WriteLine("after", "after")],
            [Conn("start", "fork"), Conn("fork", "a1", "a"), Conn("fork", "d", "b"), Conn("d", "b1", "True"),
             Conn("a1", "join"), Conn("b1", "join"), Conn("join", "after")]);
        var (host, _) = TestEngine.Host(def);

        var state = await host.StartAsync("fjx");

        Assert.DoesNotContain("after", Completed(host, state.InstanceId));
        var flowchartDone = host.Journals[state.InstanceId].Single(j => j.ActivityType == "Elsa.Flowchart" && j.EventName == JournalEvents.Completed);
        Assert.Contains("join", flowchartDone.Message);
    }

    [Fact]
    public async Task LoopThroughConnections_RunsUntilConditionFails()
    {
        var def = Def("loop",
            [Act("start", "Elsa.Start"), Act("inc", "Elsa.SetVariable", ("variable", new JsonObject { ["id"] = "CounterId", ["name"] = "Counter" }), ("value", Js("getCounter() + 1"))),
             Act("check", "Elsa.FlowDecision", ("condition", Js("variables.Counter < 3", "Boolean"))), WriteLine("done", "done")],
            [Conn("start", "inc"), Conn("inc", "check"), Conn("check", "inc", "True"), Conn("check", "done", "False")],
            Var("Counter", "Int32", "0"));
        var (host, _) = TestEngine.Host(def);

        var state = await host.StartAsync("loop");

        Assert.Equal(WorkflowSubStatus.Finished, state.SubStatus);
        Assert.Equal(3, state.Variables["Counter"]!.GetValue<long>());
        Assert.Equal(3, Completed(host, state.InstanceId).Count(a => a == "inc"));
    }

    [Fact]
    public async Task LoopWithoutExit_FaultsTheInstanceWithAClearIncident()
    {
        var def = Def("spin", [Act("start", "Elsa.Start"), WriteLine("a", "a"), WriteLine("b", "b")], [Conn("start", "a"), Conn("a", "b"), Conn("b", "a")]);
        var clock = new ManualTimeProvider(TestEngine.Epoch);
        var expressions = new Expressions.ExpressionEvaluator(new Expressions.JavaScriptEvaluator(new Expressions.JavaScriptOptions()));
        var executor = new WorkflowExecutor(expressions, clock, new Services.SequentialIdGenerator(), Microsoft.Extensions.Logging.Abstractions.NullLogger<WorkflowExecutor>.Instance, new ExecutorOptions { MaxActivitiesPerBurst = 500 });
        var graph = WorkflowGraph.Build(def, TestEngine.Registry());
        var state = executor.CreateState(graph, "i1", null, null);

        var result = await executor.RunAsync(graph, state, Stimulus.Start(), new EmptyServices());

        Assert.Equal(WorkflowSubStatus.Faulted, result.State.SubStatus);
        Assert.Contains("500", Assert.Single(result.NewIncidents).Message);
    }

    [Fact]
    public async Task End_InOneBranch_CancelsTheOtherBranchAndEndsTheFlowchart()
    {
        var def = Def("end",
            [Act("start", "Elsa.Start"), Act("fork", "Elsa.FlowFork", ("branches", Obj("[\"a\",\"b\"]", "String[]"))), HumanTask("t", "等待"), Act("end", "Elsa.End")],
            [Conn("start", "fork"), Conn("fork", "t", "a"), Conn("fork", "end", "b")]);
        var (host, _) = TestEngine.Host(def);

        var state = await host.StartAsync("end");

        Assert.Equal(WorkflowSubStatus.Finished, state.SubStatus);
        Assert.Empty(state.Bookmarks);
    }

    [Fact]
    public async Task CancelInstance_RemovesBookmarksAndEndsCancelled()
    {
        var def = Def("c", [Act("start", "Elsa.Start"), HumanTask("t", "等待")], [Conn("start", "t")]);
        var (host, _) = TestEngine.Host(def);
        var state = await host.StartAsync("c");

        var cancelled = await host.CancelAsync(state.InstanceId);

        Assert.Equal(WorkflowSubStatus.Cancelled, cancelled.SubStatus);
        Assert.Empty(cancelled.Bookmarks);
        Assert.Empty(cancelled.Activities);
    }

    [Fact]
    public async Task Resume_UnknownBookmark_Throws()
    {
        var def = Def("r", [Act("start", "Elsa.Start"), HumanTask("t", "等待")], [Conn("start", "t")]);
        var (host, _) = TestEngine.Host(def);
        var state = await host.StartAsync("r");

        await Assert.ThrowsAsync<BookmarkNotFoundException>(() => host.ResumeAsync(state.InstanceId, "nope"));
    }

    [Fact]
    public async Task Finish_DeepInsideAForEach_EndsTheWholeInstance()
    {
        var body = Flowchart("body", [Act("fin", "Elsa.Finish")], []);
        var def = Def("fin", [Act("start", "Elsa.Start"), Act("each", "Elsa.ForEach", ("items", Obj("[1,2,3]")), ("body", body)), WriteLine("after", "after")],
            [Conn("start", "each"), Conn("each", "after")]);
        var (host, _) = TestEngine.Host(def);

        var state = await host.StartAsync("fin");

        Assert.Equal(WorkflowSubStatus.Finished, state.SubStatus);
        Assert.DoesNotContain("after", Completed(host, state.InstanceId));
    }

    [Fact]
    public async Task ContinueStrategy_FaultedBranchStops_OtherBranchFinishes()
    {
        var def = Def("cont",
            [Act("start", "Elsa.Start"), Act("fork", "Elsa.FlowFork", ("branches", Obj("[\"a\",\"b\"]", "String[]"))),
             Act("bad", "Elsa.Fault", ("message", Lit("坏了"))), WriteLine("good", "good")],
            [Conn("start", "fork"), Conn("fork", "bad", "a"), Conn("fork", "good", "b")]);
        def.Json["options"] = new JsonObject { ["incidentStrategyType"] = "Elsa.Workflows.IncidentStrategies.ContinueWithIncidentsStrategy, Elsa.Workflows.Core" };
        var (host, _) = TestEngine.Host(def);

        var state = await host.StartAsync("cont");

        Assert.Equal(WorkflowSubStatus.Finished, state.SubStatus);
        Assert.Single(state.Incidents);
        Assert.Contains("good", Completed(host, state.InstanceId));
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}
