using System.Text.Json.Nodes;
using Workflows.Engine.Execution;
using Workflows.Engine.Expressions;
using Workflows.Engine.Hosting;
using Workflows.Engine.Tests.Support;
using static Workflows.Testing.Wf;

namespace Workflows.Engine.Tests;

/// <summary>
/// The composite and control activities of elsa-core's Workflows.Core module. Each test names the elsa-core file
/// (src/modules/Elsa.Workflows.Core/Activities/...) whose rule it checks.
/// </summary>
public class ElsaCoreActivityTests
{
    private static List<string> Completed(InMemoryWorkflowHost host, string instanceId) =>
        host.Journals[instanceId].Where(j => j.EventName == JournalEvents.Completed && j.ActivityType != "Elsa.Flowchart").Select(j => j.ActivityId).ToList();

    private static List<string> Cancelled(InMemoryWorkflowHost host, string instanceId) =>
        host.Journals[instanceId].Where(j => j.EventName == JournalEvents.Cancelled).Select(j => j.ActivityId).ToList();

    private static JsonObject Seq(string id, params JsonObject[] activities) =>
        Act(id, "Elsa.Sequence", ("activities", new JsonArray(activities.Select(a => (JsonNode)a).ToArray())));

    private static JsonObject Event(string id, string name) => Act(id, "Elsa.Event", ("eventName", Lit(name)));

    private static JsonObject SetVar(string id, string variable, JsonObject value) =>
        Act(id, "Elsa.SetVariable", ("variable", new JsonObject { ["id"] = variable + "Id", ["name"] = variable }), ("value", value));

    private static async Task<(InMemoryWorkflowHost Host, WorkflowState State)> RunAsync(JsonObject[] activities, JsonObject[] connections, params JsonObject[] variables)
    {
        var (host, _) = TestEngine.Host(Def("t", activities, connections, variables));
        var state = await host.StartAsync("t");
        return (host, state);
    }

    // Sequence.cs: children one after another; a terminal child (ITerminalNode) completes the sequence at once.
    [Fact]
    public async Task Sequence_RunsChildrenInOrder_TerminalChildEndsIt()
    {
        var (host, state) = await RunAsync([Seq("s", WriteLine("a", "A"), WriteLine("b", "B"), Act("end", "Elsa.End"), WriteLine("c", "C")), WriteLine("after", "after")], [Conn("s", "after")]);

        Assert.Equal(WorkflowSubStatus.Finished, state.SubStatus);
        Assert.Equal(["a", "b", "end", "s", "after"], Completed(host, state.InstanceId));
    }

    // If.cs: Then or Else runs, the If completes when it has; its Result output is the condition. Nesting both ways:
    // the If sits in a flowchart, and Then holds a flowchart of its own.
    [Fact]
    public async Task If_RunsThenOrElse_WithAFlowchartInsideThen()
    {
        var inner = Flowchart("innerFlow", [WriteLine("t1", "T1"), WriteLine("t2", "T2")], [Conn("t1", "t2")]);
        var yes = Act("if1", "Elsa.If", ("condition", Js("getInput('N') > 1", "Boolean")), ("then", inner), ("else", WriteLine("e", "E")));
        var def = Def("if", [yes, WriteLine("after", "after")], [Conn("if1", "after")]);
        var (host, _) = TestEngine.Host(def);

        var big = await host.StartAsync("if", new JsonObject { ["N"] = 2 });
        var small = await host.StartAsync("if", new JsonObject { ["N"] = 0 });

        Assert.Equal(["t1", "t2", "if1", "after"], Completed(host, big.InstanceId));
        Assert.Equal(["e", "if1", "after"], Completed(host, small.InstanceId));
        Assert.True(big.ActivityOutputs["if1"]!["result"]!.GetValue<bool>());
    }

    // Switch.cs: MatchFirst schedules the first matching case, MatchAny every match, no match the Default port.
    [Theory]
    [InlineData(5, "MatchFirst", "small")]
    [InlineData(5, "MatchAny", "small,odd,big")]
    [InlineData(8, "MatchFirst", "big")]
    [InlineData(100, "MatchFirst", "default")]
    public async Task Switch_FollowsMatchingCasesOrDefault(int n, string mode, string expected)
    {
        static JsonObject Case(string label, string condition, JsonObject activity) => new()
        {
            ["label"] = label,
            ["condition"] = new JsonObject { ["type"] = "JavaScript", ["value"] = condition },
            ["activity"] = activity,
        };
        var sw = Act("sw", "Elsa.Switch",
            ("mode", Lit(mode)),
            ("cases", new JsonArray(Case("small", "getInput('N') < 6", WriteLine("small", "S")), Case("odd", "getInput('N') % 2 == 1", WriteLine("odd", "O")), Case("big", "getInput('N') < 10", WriteLine("big", "B")))),
            ("default", WriteLine("default", "D")));
        var (host, _) = TestEngine.Host(Def("sw", [sw], []));

        var state = await host.StartAsync("sw", new JsonObject { ["N"] = n });

        Assert.Equal(WorkflowSubStatus.Finished, state.SubStatus);
        Assert.Equal([.. expected.Split(','), "sw"], Completed(host, state.InstanceId));
    }

    // While.cs: the condition is evaluated before every round; BreakBehavior.cs: a Break inside the body's
    // flowchart ends the loop (and, being terminal, that flowchart).
    [Fact]
    public async Task While_LoopsWhileTrue_BreakInsideAFlowchartEndsIt()
    {
        var body = Flowchart("body",
            [SetVar("inc", "I", Js("getI() + 1", "Int32")), Act("check", "Elsa.FlowDecision", ("condition", Js("getI() >= 3", "Boolean"))), Act("brk", "Elsa.Break"), WriteLine("more", "more")],
            [Conn("inc", "check"), Conn("check", "brk", "True"), Conn("check", "more", "False")]);
        var loop = Act("w", "Elsa.While", ("condition", Lit(true, "Boolean")), ("body", body));
        var (host, state) = await RunAsync([loop, WriteLine("after", "after")], [Conn("w", "after")], Var("I", "Int32", 0));

        Assert.True(WorkflowSubStatus.Finished == state.SubStatus, string.Join("; ", state.Incidents.Select(i => i.Message)));
        Assert.Equal(3, ValueConversion.ToNumber(state.Variables["I"]));
        Assert.Equal(2, Completed(host, state.InstanceId).Count(id => id == "more"));
        Assert.Equal(["brk", "w", "after"], Completed(host, state.InstanceId).TakeLast(3));
    }

    // For.cs: inclusive by default, CurrentValue in scope of the body; a negative step counts down, exclusive stops before End.
    [Theory]
    [InlineData(1, 3, 1, true, "1,2,3")]
    [InlineData(3, 0, -1, false, "3,2,1")]
    [InlineData(0, 0, 1, false, "")]
    public async Task For_CountsFromStartToEnd(int start, int end, int step, bool inclusive, string expected)
    {
        var loop = Act("f", "Elsa.For", ("start", Lit(start, "Int32")), ("end", Lit(end, "Int32")), ("step", Lit(step, "Int32")), ("outerBoundInclusive", Lit(inclusive, "Boolean")),
            ("body", SetVar("acc", "Seen", Js("getSeen() + (getSeen() == '' ? '' : ',') + getCurrentValue()", "String"))));
        var (_, state) = await RunAsync([loop], [], Var("Seen", "String", ""));

        Assert.Equal(WorkflowSubStatus.Finished, state.SubStatus);
        Assert.Equal(expected, state.Variables["Seen"]!.GetValue<string>());
    }

    // Fork.cs: WaitAny completes on the first branch and the branch still waiting is cancelled with its bookmark.
    [Fact]
    public async Task Fork_WaitAny_CancelsTheBranchStillWaiting()
    {
        var fork = Act("fork", "Elsa.Fork", ("joinMode", "WaitAny"), ("branches", new JsonArray(Event("wait", "never"), WriteLine("quick", "Q"))));
        var (host, state) = await RunAsync([fork, WriteLine("after", "after")], [Conn("fork", "after")]);

        Assert.Equal(WorkflowSubStatus.Finished, state.SubStatus);
        Assert.Empty(state.Bookmarks);
        Assert.Equal(["quick", "fork", "after"], Completed(host, state.InstanceId));
        Assert.Contains("wait", Cancelled(host, state.InstanceId));
    }

    // Fork.cs: WaitAll (the default) waits for every branch.
    [Fact]
    public async Task Fork_WaitAll_WaitsForEveryBranch()
    {
        var fork = Act("fork", "Elsa.Fork", ("branches", new JsonArray(Event("wait", "go"), WriteLine("quick", "Q"))));
        var (host, state) = await RunAsync([fork, WriteLine("after", "after")], [Conn("fork", "after")]);
        Assert.Equal(WorkflowSubStatus.Suspended, state.SubStatus);

        await host.PublishEventAsync("go", null, null);

        Assert.Equal(WorkflowSubStatus.Finished, host.Instances[state.InstanceId].SubStatus);
        Assert.Equal(["quick", "wait", "fork", "after"], Completed(host, state.InstanceId));
    }

    // Parallel.cs: every child at once; completes when the last has.
    [Fact]
    public async Task Parallel_CompletesWhenAllChildrenHave()
    {
        var par = Act("par", "Elsa.Parallel", ("activities", new JsonArray(Event("e1", "one"), Event("e2", "two"), WriteLine("w", "W"))));
        var (host, state) = await RunAsync([par], []);
        Assert.Equal(2, state.Bookmarks.Count);

        await host.PublishEventAsync("two", null, null);
        Assert.Equal(WorkflowSubStatus.Suspended, host.Instances[state.InstanceId].SubStatus);
        await host.PublishEventAsync("one", null, null);

        Assert.Equal(WorkflowSubStatus.Finished, host.Instances[state.InstanceId].SubStatus);
        Assert.Equal(["w", "e2", "e1", "par"], Completed(host, state.InstanceId));
    }

    // Complete.cs + BreakBehavior.cs (OnCompleteCompositeAsync): Complete completes the nearest loop as a whole,
    // cancelling the descendants still waiting (their bookmarks go).
    [Fact]
    public async Task Complete_InsideAWhile_CompletesTheLoopAndCancelsWaitingChildren()
    {
        var body = Act("fork", "Elsa.Fork", ("branches", new JsonArray(Event("wait", "never"), Seq("s", WriteLine("w", "W"), Act("done", "Elsa.Complete")))));
        var loop = Act("loop", "Elsa.While", ("condition", Lit(true, "Boolean")), ("body", body));
        var (host, state) = await RunAsync([loop, WriteLine("after", "after")], [Conn("loop", "after")]);

        Assert.Equal(WorkflowSubStatus.Finished, state.SubStatus);
        Assert.Empty(state.Bookmarks);
        Assert.Contains("wait", Cancelled(host, state.InstanceId));
        Assert.Equal(["w", "done"], Completed(host, state.InstanceId).Take(2));
        Assert.Equal(["loop", "after"], Completed(host, state.InstanceId).TakeLast(2));
        Assert.Single(Completed(host, state.InstanceId), id => id == "w");
    }

    // Complete.cs + Composite.cs: outside any loop Complete completes the workflow itself, other branches cancelled.
    [Fact]
    public async Task Complete_OutsideALoop_CompletesTheWorkflow()
    {
        var (host, state) = await RunAsync([Event("wait", "never"), Act("done", "Elsa.Complete", ("outcomes", Obj("[\"Approved\"]"))), WriteLine("never", "N")], [Conn("done", "never")]);

        Assert.Equal(WorkflowSubStatus.Finished, state.SubStatus);
        Assert.Empty(state.Bookmarks);
        Assert.DoesNotContain("never", Completed(host, state.InstanceId));
        var root = host.Journals[state.InstanceId].Last(j => j.EventName == JournalEvents.Completed);
        Assert.Equal("Approved", root.Payload!["outcomes"]![0]!.GetValue<string>());
    }

    // ForEachT.cs (BreakBehavior): a Break ends the for-each; Sequence.cs passes the signal on.
    [Fact]
    public async Task ForEach_BreakInsideASequence_StopsIterating()
    {
        var body = Seq("s",
            SetVar("acc", "Seen", Js("getSeen() + getCurrentValue()", "String")),
            Act("if", "Elsa.If", ("condition", Js("getCurrentValue() == 'b'", "Boolean")), ("then", Act("brk", "Elsa.Break"))),
            WriteLine("tail", "T"));
        var loop = Act("each", "Elsa.ForEach", ("items", Obj("[\"a\",\"b\",\"c\"]")), ("body", body));
        var (_, state) = await RunAsync([loop], [], Var("Seen", "String", ""));

        Assert.Equal(WorkflowSubStatus.Finished, state.SubStatus);
        Assert.Equal("ab", state.Variables["Seen"]!.GetValue<string>());
    }

    // Cancelling an instance cancels nested children at any depth and removes their bookmarks.
    [Fact]
    public async Task CancelInstance_CancelsNestedChildrenAndTheirBookmarks()
    {
        var loop = Act("loop", "Elsa.While", ("condition", Lit(true, "Boolean")), ("body", Act("if", "Elsa.If", ("condition", Lit(true, "Boolean")), ("then", Seq("s", Event("wait", "go"))))));
        var (host, state) = await RunAsync([loop], []);
        Assert.Single(state.Bookmarks);

        var cancelled = await host.CancelAsync(state.InstanceId);

        Assert.Equal(WorkflowSubStatus.Cancelled, cancelled.SubStatus);
        Assert.Empty(cancelled.Bookmarks);
        Assert.Empty(cancelled.Activities);
        Assert.Equal(["wait", "s", "if", "loop", "flow1"], Cancelled(host, state.InstanceId));
    }

    // SetName.cs: the instance's name; FlowNode.cs: runs its body, then completes.
    [Fact]
    public async Task SetName_InsideAFlowNode_RenamesTheInstance()
    {
        var node = Act("node", "Elsa.FlowNode", ("body", Act("name", "Elsa.SetName", ("value", Js("'申请-' + getInput('No')", "String")))));
        var (host, _) = TestEngine.Host(Def("n", [node, WriteLine("after", "after")], [Conn("node", "after")]));

        var state = await host.StartAsync("n", new JsonObject { ["No"] = 7 });

        Assert.Equal("申请-7", state.Name);
        Assert.Equal(["name", "node", "after"], Completed(host, state.InstanceId));
    }

    // StateMachine.cs: entry runs on entering; the first trigger to complete wins and the competing trigger is
    // cancelled; action, then the source's exit, then the target's entry; a state without transitions completes it.
    [Fact]
    public async Task StateMachine_FirstTriggerWins_CompetingTriggerCancelled()
    {
        static JsonObject State(string name, JsonObject? entry = null, JsonObject? exit = null)
        {
            var s = new JsonObject { ["name"] = name };
            if (entry is not null) s["entry"] = entry;
            if (exit is not null) s["exit"] = exit;
            return s;
        }
        static JsonObject Transition(string from, string to, JsonObject trigger, JsonObject? action = null)
        {
            var t = new JsonObject { ["from"] = from, ["to"] = to, ["trigger"] = trigger };
            if (action is not null) t["action"] = action;
            return t;
        }
        var machine = Act("sm", "Elsa.StateMachine",
            ("initialState", "Draft"),
            ("states", new JsonArray(State("Draft", WriteLine("enterDraft", "D"), WriteLine("exitDraft", "X")), State("Approved", WriteLine("enterApproved", "A")), State("Rejected"))),
            ("transitions", new JsonArray(
                Transition("Draft", "Approved", Event("approve", "approve"), WriteLine("act", "act")),
                Transition("Draft", "Rejected", Event("reject", "reject")))));
        var (host, state) = await RunAsync([machine], []);
        Assert.Equal(2, state.Bookmarks.Count);

        await host.PublishEventAsync("approve", null, null);

        var after = host.Instances[state.InstanceId];
        Assert.Equal(WorkflowSubStatus.Finished, after.SubStatus);
        Assert.Equal(["enterDraft", "approve", "act", "exitDraft", "enterApproved", "sm"], Completed(host, state.InstanceId));
        Assert.Contains("reject", Cancelled(host, state.InstanceId));
        Assert.Equal("Approved", after.ActivityOutputs["sm"]!["currentState"]!.GetValue<string>());
    }

    // Scheduling/Activities/TimerBase.cs + ActivityExecutionContextExtensions.IsTriggerOfWorkflow: a Timer that is not
    // the trigger of the run waits one interval, even as the first activity; as the trigger it completes at once.
    [Fact]
    public async Task Timer_WaitsUnlessItIsTheTriggerOfTheRun()
    {
        var def = Def("timer", [Act("tick", "Elsa.Timer", ("interval", Lit("01:00:00", "TimeSpan"))), WriteLine("w", "W")], [Conn("tick", "w")]);
        var (host, clock) = TestEngine.Host(def);

        var manual = await host.StartAsync("timer");
        var triggered = await host.StartAsync("timer", triggerActivityId: "tick");

        Assert.Equal(WorkflowSubStatus.Suspended, manual.SubStatus);
        Assert.Equal(TestEngine.Epoch.AddHours(1), Assert.Single(manual.Bookmarks).DueAt);
        Assert.Equal(WorkflowSubStatus.Finished, triggered.SubStatus);
        clock.Advance(TimeSpan.FromHours(1));
        await host.FireDueTimersAsync();
        Assert.Equal(WorkflowSubStatus.Finished, host.Instances[manual.InstanceId].SubStatus);
    }
}
