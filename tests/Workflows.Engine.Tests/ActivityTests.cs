using System.Text.Json.Nodes;
using Workflows.Engine.Execution;
using Workflows.Engine.Expressions;
using Workflows.Engine.Tests.Support;
using static Workflows.Testing.Wf;

namespace Workflows.Engine.Tests;

public class ActivityTests
{
    [Fact]
    public async Task HumanTask_CreatesTaskWithRequestAndFollowsChosenOutcome()
    {
        var task = HumanTask("review", "审核申请", "secretariat", "Approve", "Reject", "Return");
        task["dueIn"] = Lit("7.00:00:00", "TimeSpan");
        task["context"] = Obj("{\"process\":\"P4\",\"branchId\":\"b1\"}");
        task["outcome"] = new JsonObject { ["typeName"] = "String", ["memoryReference"] = new JsonObject { ["id"] = "DecisionId" } };
        var def = Def("ht", [Act("start", "Elsa.Start"), task, WriteLine("yes", "yes"), WriteLine("no", "no")],
            [Conn("start", "review"), Conn("review", "yes", "Approve"), Conn("review", "no", "Reject")],
            Var("Decision", "String"));
        var (host, _) = TestEngine.Host(def);

        var state = await host.StartAsync("ht");

        var (taskId, request) = Assert.Single(host.OpenTasks);
        Assert.Equal("审核申请", request.Title);
        Assert.Equal("secretariat", request.CandidateRole);
        Assert.Equal(["Approve", "Reject", "Return"], request.Outcomes);
        Assert.Equal(TestEngine.Epoch.AddDays(7), request.DueAt);
        Assert.Equal("P4", request.Context!["process"]!.GetValue<string>());
        Assert.Equal([TimeSpan.FromDays(3), TimeSpan.FromDays(1)], request.RemindBefore);

        var after = await host.CompleteTaskAsync(taskId, "Reject", "材料不全");

        Assert.Equal(WorkflowSubStatus.Finished, after.SubStatus);
        Assert.Equal("Reject", after.Variables["Decision"]!.GetValue<string>());
        Assert.Contains(host.Journals[state.InstanceId], j => j.ActivityId == "no" && j.EventName == JournalEvents.Completed);
        Assert.DoesNotContain(host.Journals[state.InstanceId], j => j.ActivityId == "yes");
    }

    [Fact]
    public async Task HumanTask_OutcomeNotAllowed_FaultsWithIncident()
    {
        var def = Def("ht2", [Act("start", "Elsa.Start"), HumanTask("t", "审核")], [Conn("start", "t")]);
        var (host, _) = TestEngine.Host(def);
        await host.StartAsync("ht2");

        var state = await host.CompleteTaskAsync(host.Tasks[0].TaskId, "Maybe");

        Assert.Equal(WorkflowSubStatus.Faulted, state.SubStatus);
        Assert.Contains("Maybe", Assert.Single(state.Incidents).Message);
    }

    [Fact]
    public async Task HumanTask_ReturnTo_ResumesAtTheEarlierStep()
    {
        var def = Def("ret",
            [Act("start", "Elsa.Start"), HumanTask("apply", "提交申请", "memberUnit", "Submit"), HumanTask("review", "审核", "secretariat", "Approve", "Return"), WriteLine("ok", "ok")],
            [Conn("start", "apply"), Conn("apply", "review", "Submit"), Conn("review", "ok", "Approve")]);
        var (host, _) = TestEngine.Host(def);
        await host.StartAsync("ret");
        await host.CompleteTaskAsync(host.Tasks[0].TaskId, "Submit");

        var state = await host.CompleteTaskAsync(host.Tasks[1].TaskId, "Return", "请补充材料", returnTo: "apply");

        Assert.Equal(WorkflowSubStatus.Suspended, state.SubStatus);
        var (_, again) = Assert.Single(host.OpenTasks);
        Assert.Equal("apply", again.ActivityId);
        Assert.Equal(3, host.Tasks.Count);
    }

    [Fact]
    public async Task HumanTask_FormFieldBoundToVariable_WritesTheVariable()
    {
        var task = HumanTask("score", "打分", "expert", "Submit");
        task["form"] = Obj("[{\"name\":\"score\",\"label\":\"分数\",\"type\":\"number\",\"variable\":\"Score\"}]");
        var def = Def("form", [Act("start", "Elsa.Start"), task], [Conn("start", "score")], Var("Score", "Int32"));
        var (host, _) = TestEngine.Host(def);
        await host.StartAsync("form");

        var state = await host.CompleteTaskAsync(host.Tasks[0].TaskId, "Submit", formData: new JsonObject { ["score"] = 88 });

        Assert.Equal(88, state.Variables["Score"]!.GetValue<int>());
    }

    [Fact]
    public async Task SetVariable_LiteralConvertedToDeclaredType()
    {
        var def = Def("sv", [Act("start", "Elsa.Start"), Act("set", "Elsa.SetVariable", ("variable", new JsonObject { ["id"] = "FlagId", ["name"] = "Flag" }), ("value", Lit("True", "Boolean")))],
            [Conn("start", "set")], Var("Flag", "Boolean", "False"));
        var (host, _) = TestEngine.Host(def);

        var state = await host.StartAsync("sv");

        Assert.True(state.Variables["Flag"]!.GetValue<bool>());
    }

    [Fact]
    public async Task JavaScript_ElsaGlobals_ReadAndWriteVariablesAndInputs()
    {
        var script = """
            setVariable('Total', getVariable('A') + variables.B);
            setGreeting('您好，' + getInput('Name'));
            variables.Copy = getWorkflowInstanceId() + '|' + getCorrelationId();
            getTotal();
            """;
        var def = Def("js", [Act("start", "Elsa.Start"), Act("run", "Elsa.RunJavaScript", ("script", Lit(script))), Act("dec", "Elsa.FlowDecision", ("condition", Js("getName() == '张三' && getTotal() === 5", "Boolean"))), WriteLine("yes", "yes")],
            [Conn("start", "run"), Conn("run", "dec"), Conn("dec", "yes", "True")],
            Var("A", "Int32", "2"), Var("B", "Int32", "3"), Var("Total", "Int32"), Var("Greeting", "String"), Var("Copy", "String"));
        var (host, _) = TestEngine.Host(def);

        var state = await host.StartAsync("js", new JsonObject { ["Name"] = "张三" }, correlationId: "branch-7");

        Assert.Equal(5, state.Variables["Total"]!.GetValue<long>());
        Assert.Equal("您好，张三", state.Variables["Greeting"]!.GetValue<string>());
        Assert.Equal($"{state.InstanceId}|branch-7", state.Variables["Copy"]!.GetValue<string>());
        Assert.Equal(5, state.ActivityOutputs["run"]!["result"]!.GetValue<long>());
        Assert.Contains(host.Journals[state.InstanceId], j => j.ActivityId == "yes");
    }

    [Theory]
    [InlineData("while(true){}", "语句数")]
    [InlineData("function f(n){ return f(n+1); } f(0);", "递归")]
    [InlineData("throw new Error('boom');", "boom")]
    public async Task JavaScript_Misbehaving_FaultsOnlyThatActivity(string script, string expectedText)
    {
        var bad = Def("bad", [Act("start", "Elsa.Start"), Act("run", "Elsa.RunJavaScript", ("script", Lit(script)))], [Conn("start", "run")]);
        var good = Def("good", [Act("start", "Elsa.Start"), WriteLine("w", "ok")], [Conn("start", "w")]);
        var (host, _) = TestEngine.Host(new JavaScriptOptions { MaxStatements = 20_000, MaxRecursionDepth = 50, Timeout = TimeSpan.FromSeconds(10) }, bad, good);

        var faulted = await host.StartAsync("bad");
        var fine = await host.StartAsync("good");

        Assert.Equal(WorkflowSubStatus.Faulted, faulted.SubStatus);
        var incident = Assert.Single(faulted.Incidents);
        Assert.Equal("run", incident.ActivityId);
        Assert.Contains(expectedText, incident.Message);
        Assert.Equal(WorkflowSubStatus.Finished, fine.SubStatus);
    }

    [Fact]
    public async Task JavaScript_LongRunning_StoppedByTimeLimit()
    {
        var def = Def("slow", [Act("start", "Elsa.Start"), Act("run", "Elsa.RunJavaScript", ("script", Lit("var x=0; while(true){ x++; }")))], [Conn("start", "run")]);
        var (host, _) = TestEngine.Host(new JavaScriptOptions { MaxStatements = int.MaxValue, Timeout = TimeSpan.FromMilliseconds(200) }, def);

        var state = await host.StartAsync("slow");

        Assert.Equal(WorkflowSubStatus.Faulted, state.SubStatus);
        Assert.Contains("秒", state.Incidents[0].Message);
    }

    [Fact]
    public async Task ForEach_Sequential_RunsBodyPerItemInOrder()
    {
        var body = Flowchart("body", [Act("add", "Elsa.SetVariable", ("variable", new JsonObject { ["id"] = "LogId", ["name"] = "Log" }), ("value", Js("getLog() + getCurrentIndex() + ':' + getCurrentValue() + ';'")))], []);
        var def = Def("fe", [Act("start", "Elsa.Start"), Act("each", "Elsa.ForEach", ("items", Obj("[\"渝中区\",\"江北区\",\"南岸区\"]")), ("body", body))],
            [Conn("start", "each")], Var("Log", "String", ""));
        var (host, _) = TestEngine.Host(def);

        var state = await host.StartAsync("fe");

        Assert.Equal(WorkflowSubStatus.Finished, state.SubStatus);
        Assert.Equal("0:渝中区;1:江北区;2:南岸区;", state.Variables["Log"]!.GetValue<string>());
    }

    [Fact]
    public async Task ForEach_Sequential_WaitsForEachIterationBeforeTheNext()
    {
        var body = HumanTask("t", "逐个审核");
        body["title"] = Js("'审核 ' + getCurrentValue()", "String");
        var def = Def("fes", [Act("start", "Elsa.Start"), Act("each", "Elsa.ForEach", ("items", Obj("[\"a\",\"b\"]")), ("body", body))], [Conn("start", "each")]);
        var (host, _) = TestEngine.Host(def);
        await host.StartAsync("fes");

        Assert.Equal("审核 a", Assert.Single(host.OpenTasks).Request.Title);
        await host.CompleteTaskAsync(host.Tasks[0].TaskId, "Approve");
        Assert.Equal("审核 b", Assert.Single(host.OpenTasks).Request.Title);
        var state = await host.CompleteTaskAsync(host.Tasks[1].TaskId, "Approve");
        Assert.Equal(WorkflowSubStatus.Finished, state.SubStatus);
    }

    [Fact]
    public async Task ParallelForEach_StartsAllIterations_CompletesWhenAllDone()
    {
        var body = HumanTask("t", "并行");
        var def = Def("pfe", [Act("start", "Elsa.Start"), Act("each", "Elsa.ParallelForEach", ("items", Obj("[1,2,3]")), ("body", body)), WriteLine("after", "after")],
            [Conn("start", "each"), Conn("each", "after")]);
        var (host, _) = TestEngine.Host(def);
        var started = await host.StartAsync("pfe");

        Assert.Equal(3, host.OpenTasks.Count());
        await host.CompleteTaskAsync(host.Tasks[2].TaskId, "Approve");
        await host.CompleteTaskAsync(host.Tasks[0].TaskId, "Reject");
        Assert.Equal(WorkflowSubStatus.Suspended, host.Instances[started.InstanceId].SubStatus);
        var state = await host.CompleteTaskAsync(host.Tasks[1].TaskId, "Approve");

        Assert.Equal(WorkflowSubStatus.Finished, state.SubStatus);
        Assert.Single(host.Journals[state.InstanceId], j => j.ActivityId == "after" && j.EventName == JournalEvents.Completed);
    }

    [Fact]
    public async Task ExecuteWorkflow_WaitsForChild_AndReceivesItsOutput()
    {
        var child = Def("child", [Act("start", "Elsa.Start"), HumanTask("t", "子流程审批"), Act("out", "Elsa.SetOutput", ("outputName", Lit("Result")), ("outputValue", Js("'批准:' + getInput('Who')")))],
            [Conn("start", "t"), Conn("t", "out", "Approve")]);
        var run = Act("run", "Elsa.ExecuteWorkflow", ("workflowDefinitionId", Lit("child")), ("input", Obj("{\"Who\":\"李四\"}")));
        run["result"] = new JsonObject { ["typeName"] = "Object", ["memoryReference"] = new JsonObject { ["id"] = "ChildResultId" } };
        var parent = Def("parent", [Act("start", "Elsa.Start"), run, WriteLine("after", "after")], [Conn("start", "run"), Conn("run", "after")], Var("ChildResult", "Object"));
        var (host, _) = TestEngine.Host(child, parent);

        var p = await host.StartAsync("parent");
        Assert.Equal(WorkflowSubStatus.Suspended, p.SubStatus);
        Assert.Equal(2, host.Instances.Count);

        await host.CompleteTaskAsync(host.Tasks.Single().TaskId, "Approve");

        var final = host.Instances[p.InstanceId];
        Assert.Equal(WorkflowSubStatus.Finished, final.SubStatus);
        Assert.Equal("批准:李四", final.Variables["ChildResult"]!["Result"]!.GetValue<string>());
    }

    [Fact]
    public async Task DispatchWorkflow_InForEachWithIdempotencyKey_StartsOneChildPerKey()
    {
        var child = Def("assess", [Act("start", "Elsa.Start"), HumanTask("t", "自评")], [Conn("start", "t")]);
        var dispatch = Act("d", "Elsa.DispatchWorkflow", ("workflowDefinitionId", Lit("assess")), ("idempotencyKey", Js("'P3:' + variables.CurrentValue + ':2025'", "String")));
        var parent = Def("yearly", [Act("start", "Elsa.Start"), Act("each", "Elsa.ParallelForEach", ("items", Obj("[\"b1\",\"b2\",\"b1\"]")), ("body", dispatch))], [Conn("start", "each")]);
        var (host, _) = TestEngine.Host(child, parent);

        var state = await host.StartAsync("yearly");

        Assert.Equal(WorkflowSubStatus.Finished, state.SubStatus);
        Assert.Equal(2, host.Instances.Values.Count(i => i.DefinitionId == "assess"));
    }

    [Fact]
    public async Task Delay_WaitsUntilDue_FiresOnce()
    {
        var def = Def("delay", [Act("start", "Elsa.Start"), Act("wait", "Elsa.Delay", ("timeSpan", Lit("2.00:00:00", "TimeSpan"))), WriteLine("after", "after")],
            [Conn("start", "wait"), Conn("wait", "after")]);
        var (host, clock) = TestEngine.Host(def);
        var state = await host.StartAsync("delay");

        var bookmark = Assert.Single(state.Bookmarks);
        Assert.Equal(TestEngine.Epoch.AddDays(2), bookmark.DueAt);
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await host.FireDueTimersAsync());
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, await host.FireDueTimersAsync());
        Assert.Equal(0, await host.FireDueTimersAsync());
        Assert.Equal(WorkflowSubStatus.Finished, host.Instances[state.InstanceId].SubStatus);
    }

    [Fact]
    public async Task StartAt_DateWithoutOffset_MeansBeijingTime()
    {
        var def = Def("at", [Act("start", "Elsa.Start"), Act("at", "Elsa.StartAt", ("dateTime", Lit("2026-12-15 09:00", "DateTimeOffset")))], [Conn("start", "at")]);
        var (host, _) = TestEngine.Host(def);

        var state = await host.StartAsync("at");

        Assert.Equal(new DateTimeOffset(2026, 12, 15, 1, 0, 0, TimeSpan.Zero), state.Bookmarks.Single().DueAt);
    }

    [Fact]
    public async Task Event_ResumedOnlyForMatchingCorrelation()
    {
        var def = Def("ev", [Act("start", "Elsa.Start"), Act("wait", "Elsa.Event", ("eventName", Lit("会议已召开")))], [Conn("start", "wait")]);
        var (host, _) = TestEngine.Host(def);
        var a = await host.StartAsync("ev", correlationId: "branch-1");
        var b = await host.StartAsync("ev", correlationId: "branch-2");

        await host.PublishEventAsync("会议已召开", "branch-2", new JsonObject { ["date"] = "2026-03-01" });

        Assert.Equal(WorkflowSubStatus.Suspended, host.Instances[a.InstanceId].SubStatus);
        Assert.Equal(WorkflowSubStatus.Finished, host.Instances[b.InstanceId].SubStatus);
        Assert.Equal("2026-03-01", host.Instances[b.InstanceId].ActivityOutputs["wait"]!["result"]!["date"]!.GetValue<string>());
    }

    [Fact]
    public async Task PublishEvent_FromAnotherWorkflow_ResumesWaitingInstance()
    {
        var waiter = Def("waiter", [Act("start", "Elsa.Start"), Act("wait", "Elsa.Event", ("eventName", Lit("go")))], [Conn("start", "wait")]);
        var publisher = Def("pub", [Act("start", "Elsa.Start"), Act("p", "Elsa.PublishEvent", ("eventName", Lit("go")), ("correlationId", Lit("x")))], [Conn("start", "p")]);
        var (host, _) = TestEngine.Host(waiter, publisher);
        var w = await host.StartAsync("waiter", correlationId: "x");

        await host.StartAsync("pub");

        Assert.Equal(WorkflowSubStatus.Finished, host.Instances[w.InstanceId].SubStatus);
    }

    [Fact]
    public async Task Fault_RecordsIncidentAndFaultsInstance()
    {
        var def = Def("f", [Act("start", "Elsa.Start"), Act("boom", "Elsa.Fault", ("message", Lit("材料缺失，无法继续")), ("code", Lit("E1")))], [Conn("start", "boom")]);
        var (host, _) = TestEngine.Host(def);

        var state = await host.StartAsync("f");

        Assert.Equal(WorkflowSubStatus.Faulted, state.SubStatus);
        Assert.Equal(WorkflowStatus.Finished, state.Status);
        Assert.Equal("材料缺失，无法继续", state.Incidents.Single().Message);
        Assert.Contains(host.Journals[state.InstanceId], j => j.ActivityId == "boom" && j.EventName == JournalEvents.Faulted);
    }

    [Fact]
    public async Task SendEmail_QueuesMailWithIdempotencyKey()
    {
        var def = Def("mail", [Act("start", "Elsa.Start"), Act("m", "Elsa.SendEmail", ("to", Obj("[\"role:secretariat\",\"chair@example.org\"]", "String[]")), ("subject", Lit("审批结果")), ("body", Lit("已同意")))],
            [Conn("start", "m")]);
        var (host, _) = TestEngine.Host(def);

        var state = await host.StartAsync("mail");

        var mail = Assert.Single(host.Mails);
        Assert.Equal(["role:secretariat", "chair@example.org"], mail.To);
        Assert.Equal("审批结果", mail.Subject);
        Assert.StartsWith(state.InstanceId + ":", mail.IdempotencyKey, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimerAndCron_AsStartTriggers_CompleteImmediately()
    {
        var def = Def("cron", [Act("c", "Elsa.Cron", ("cronExpression", Lit("0 0 9 5 1 ?"))), WriteLine("w", "run")], [Conn("c", "w")]);
        var (host, _) = TestEngine.Host(def);

        var state = await host.StartAsync("cron", triggerActivityId: "c");

        Assert.Equal(WorkflowSubStatus.Finished, state.SubStatus);
    }

    [Fact]
    public async Task Correlate_SetsCorrelationId()
    {
        var def = Def("cor", [Act("start", "Elsa.Start"), Act("c", "Elsa.Correlate", ("correlationId", Js("'branch-' + getInput('BranchId')", "String")))], [Conn("start", "c")]);
        var (host, _) = TestEngine.Host(def);

        var state = await host.StartAsync("cor", new JsonObject { ["BranchId"] = 12 });

        Assert.Equal("branch-12", state.CorrelationId);
    }
}
