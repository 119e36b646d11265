using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Workflows.Engine.Activities;
using Workflows.Engine.Activities.Builtin;
using Workflows.Engine.Activities.Http;
using Workflows.Engine.Activities.Runtime;
using Workflows.Engine.Execution;
using Workflows.Engine.Hosting;
using Workflows.Engine.Model;
using Workflows.Engine.Services;
using Workflows.Testing;
using static Workflows.Testing.Wf;

namespace Workflows.Engine.Tests;

/// <summary>The HTTP module's activities and RunTask/BulkDispatchWorkflows on the in-memory host, one class at a time.</summary>
public sealed class HttpAndTaskActivityTests
{
    private static (InMemoryWorkflowHost Host, RecordingHttpClient Http, RecordingTaskDispatcher Tasks) Host(params WorkflowDefinition[] definitions)
    {
        var loggers = NullLoggerFactory.Instance;
        var registry = new ActivityRegistry(BuiltinActivities.Create(loggers).Concat(HttpActivities.Types.Select(t => BuiltinActivities.Instantiate(t, loggers))));
        var host = new InMemoryWorkflowHost(registry, new ManualTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero)), new SequentialIdGenerator());
        var http = new RecordingHttpClient();
        var tasks = new RecordingTaskDispatcher();
        host.AddService<IOutgoingHttpClient>(http);
        host.AddService<ITaskDispatcher>(tasks);
        host.AddService<IHttpExchangeAccessor>(new AmbientHttpExchange());
        foreach (var d in definitions) host.AddDefinition(d);
        return (host, http, tasks);
    }

    private static JsonObject Endpoint(string id, string path, params string[] methods) =>
        Act(id, HttpEndpointActivity.TypeName, ("path", Lit(path)), ("supportedMethods", Obj(new JsonArray(methods.Select(m => (JsonNode?)m).ToArray()).ToJsonString(), "String[]")),
            ("parsedContent", new JsonObject { ["typeName"] = "Object", ["memoryReference"] = new JsonObject { ["id"] = "BodyId" } }));

    // elsa-core src/modules/Elsa.Http/Activities/HttpEndpoint.cs: mid-flow it waits with one bookmark per method
    // (GetBookmarkPayloads); the resumed request's parsed body is its ParsedContent output. Cancelling removes the waits.
    [Fact]
    public async Task HttpEndpoint_MidFlow_WaitsPerMethod_ResumesWithTheRequest_AndCancelRemovesTheWaits()
    {
        var def = Def("ep", [Act("start", "Elsa.Start"), Endpoint("ep1", "orders/{id}", "POST", "PUT"), WriteLine("done", "done")],
            [Conn("start", "ep1"), Conn("ep1", "done")], Var("Body", "Object"));
        var (host, _, _) = Host(def);

        var state = await host.StartAsync("ep");
        Assert.Equal(["post:/orders/{id}", "put:/orders/{id}"], state.Bookmarks.Select(b => b.Name!).Order());
        Assert.All(state.Bookmarks, b => Assert.Equal("/orders/{id}", b.Payload?["path"]?.GetValue<string>()));

        var request = new HttpRequestData { Method = "PUT", Path = "/orders/7", RouteData = new JsonObject { ["id"] = "7" }, ParsedContent = new JsonObject { ["qty"] = 2 } };
        state = await host.ResumeAsync(state.InstanceId, state.Bookmarks[1].Id, request.ToJson());
        Assert.Equal(WorkflowSubStatus.Finished, state.SubStatus);
        Assert.Empty(state.Bookmarks);
        Assert.Equal(2, state.Variables["Body"]?["qty"]?.GetValue<int>());
        Assert.Equal("7", state.ActivityOutputs["ep1"]?["routeData"]?["id"]?.GetValue<string>());

        var second = await host.StartAsync("ep");
        var cancelled = await host.CancelAsync(second.InstanceId);
        Assert.Equal(WorkflowSubStatus.Cancelled, cancelled.SubStatus);
        Assert.Empty(cancelled.Bookmarks);
    }

    // elsa-core src/modules/Elsa.Http/Activities/WriteHttpResponse.cs: without an HTTP context it faults (NoHttpContext);
    // with one it sets the status (an HttpStatusCode name or number) and serialises an object as JSON.
    [Fact]
    public async Task WriteHttpResponse_FaultsOutsideARequest_AndWritesStatusAndJsonInsideOne()
    {
        var respond = Act("r", "Elsa.WriteHttpResponse", ("statusCode", Lit("NotFound", "System.Net.HttpStatusCode, System.Net.Primitives")), ("content", Js("({ reason: '无此申请' })")));
        var def = Def("wr", [Act("start", "Elsa.Start"), respond], [Conn("start", "r")]);
        var (host, _, _) = Host(def);

        var outside = await host.StartAsync("wr");
        Assert.Equal(WorkflowSubStatus.Faulted, outside.SubStatus);
        Assert.Contains("HTTP", Assert.Single(outside.Incidents).Message, StringComparison.Ordinal);

        var exchange = new HttpExchange(new HttpRequestData { Method = "GET", Path = "/x" });
        using (AmbientHttpExchange.Begin(exchange))
            Assert.Equal(WorkflowSubStatus.Finished, (await host.StartAsync("wr")).SubStatus);
        Assert.Equal(404, exchange.Response?.StatusCode);
        Assert.Equal("application/json", exchange.Response?.ContentType);
        Assert.Equal("无此申请", JsonNode.Parse(exchange.Response!.Body!)!["reason"]!.GetValue<string>());
    }

    // FlowSendHttpRequest.cs inside a ForEach body (a flowchart nested in a loop): each iteration sends its own
    // request and takes the port of its status code; 200 also completes "Done".
    [Fact]
    public async Task FlowSendHttpRequest_NestedInAForEach_SendsPerItem_AndFollowsTheStatusPort()
    {
        var send = Act("send", "Elsa.FlowSendHttpRequest", ("url", Js("'http://far.test/items/' + getVariable('CurrentValue')", "System.Uri")),
            ("expectedStatusCodes", Obj("[200,404]", "Int32[]")));
        var body = Flowchart("body", [send, WriteLine("found", "found"), WriteLine("gone", "gone")], [Conn("send", "found", "200"), Conn("send", "gone", "404")]);
        var loop = Act("loop", "Elsa.ForEach", ("items", Obj("[1,2,3]")), ("body", body));
        var def = Def("fe", [Act("start", "Elsa.Start"), loop], [Conn("start", "loop")]);
        var (host, http, _) = Host(def);
        http.Respond = r => r.Url.AbsolutePath.EndsWith("/2", StringComparison.Ordinal) ? 404 : 200;

        var state = await host.StartAsync("fe");

        Assert.Equal(WorkflowSubStatus.Finished, state.SubStatus);
        Assert.Equal(["/items/1", "/items/2", "/items/3"], http.Sent.Select(r => r.Url.AbsolutePath));
        var completed = host.Journals[state.InstanceId].Where(j => j.EventName == JournalEvents.Completed).Select(j => j.ActivityId).ToList();
        Assert.Equal(2, completed.Count(a => a == "found"));
        Assert.Equal(1, completed.Count(a => a == "gone"));
    }

    // elsa-core src/modules/Elsa.Workflows.Runtime/Activities/RunTask.cs: a bookmark and a run-task request with the
    // same task id; the reported result is the Result output. Cancelled while waiting, the wait goes.
    [Fact]
    public async Task RunTask_RequestsTheTask_CompletesWithTheReportedResult_AndCanBeCancelled()
    {
        var run = Act("run", "Elsa.RunTask", ("taskName", Lit("score")), ("payload", Obj("{\"branch\":\"b1\"}")),
            ("result", new JsonObject { ["typeName"] = "Object", ["memoryReference"] = new JsonObject { ["id"] = "ScoreId" } }));
        var def = Def("rt", [Act("start", "Elsa.Start"), run], [Conn("start", "run")], Var("Score", "Object"));
        var (host, _, tasks) = Host(def);

        var state = await host.StartAsync("rt");
        var request = Assert.Single(tasks.Requests);
        Assert.Equal("score", request.TaskName);
        Assert.Equal("b1", request.Payload?["branch"]?.GetValue<string>());
        var bookmark = Assert.Single(state.Bookmarks);
        Assert.Equal(request.TaskId, bookmark.Id);
        Assert.Equal(TaskBookmarks.Kind, bookmark.Kind);

        state = await host.ResumeAsync(state.InstanceId, bookmark.Id, new JsonObject { ["score"] = 95 });
        Assert.Equal(WorkflowSubStatus.Finished, state.SubStatus);
        Assert.Equal(95, state.Variables["Score"]?["score"]?.GetValue<int>());

        var other = await host.StartAsync("rt");
        Assert.Empty((await host.CancelAsync(other.InstanceId)).Bookmarks);
    }

    // elsa-core src/modules/Elsa.Workflows.Runtime/Activities/BulkDispatchWorkflows.cs: without waiting it completes
    // "Done" at once; waiting, a faulted child runs ChildFaulted and the activity completes "Completed" after the last.
    [Fact]
    public async Task BulkDispatchWorkflows_DoneAtOnceWithoutWaiting_ChildFaultedRunsWhenWaiting()
    {
        var child = Def("child", [Act("start", "Elsa.Start"), Act("maybe", "Elsa.RunJavaScript", ("script", Js("if (getInput('Item') === 2) throw new Error('第二项出错');")))],
            [Conn("start", "maybe")]);
        JsonObject Bulk(bool wait) => Act("bulk", "Elsa.BulkDispatchWorkflows", ("workflowDefinitionId", Lit("child")), ("items", Obj("[1,2,3]")),
            ("waitForCompletion", Lit(wait, "Boolean")), ("childFaulted", WriteLine("onFault", "child faulted")));
        var noWait = Def("nowait", [Act("start", "Elsa.Start"), Bulk(false), WriteLine("after", "after")], [Conn("start", "bulk"), Conn("bulk", "after")]);
        var waits = Def("waits", [Act("start", "Elsa.Start"), Bulk(true), WriteLine("all", "all")], [Conn("start", "bulk"), Conn("bulk", "all", "Completed")]);
        var (host, _, _) = Host(child, noWait, waits);

        var fireAndForget = await host.StartAsync("nowait");
        Assert.Equal(WorkflowSubStatus.Finished, fireAndForget.SubStatus);
        Assert.Equal(1 + 3, host.Instances.Count);

        var waited = await host.StartAsync("waits");
        Assert.Equal(WorkflowSubStatus.Finished, waited.SubStatus);
        var journal = host.Journals[waited.InstanceId].Where(j => j.EventName == JournalEvents.Completed).Select(j => j.ActivityId).ToList();
        Assert.Equal(1, journal.Count(a => a == "onFault"));
        Assert.Contains("all", journal);
        Assert.Equal(2, host.Instances.Values.Count(s => s.DefinitionId == "child" && s.SubStatus == WorkflowSubStatus.Faulted));
    }

    private sealed class RecordingHttpClient : IOutgoingHttpClient
    {
        public List<OutgoingHttpRequest> Sent { get; } = [];
        public Func<OutgoingHttpRequest, int> Respond { get; set; } = _ => 200;

        public Task<OutgoingHttpResponse> SendAsync(OutgoingHttpRequest request, CancellationToken cancellationToken)
        {
            Sent.Add(request);
            return Task.FromResult(new OutgoingHttpResponse(OutgoingHttpFailure.None, Respond(request), "text/plain", Encoding.UTF8.GetBytes("ok"), []));
        }
    }

    private sealed class RecordingTaskDispatcher : ITaskDispatcher
    {
        public List<RunTaskRequest> Requests { get; } = [];

        public ValueTask DispatchAsync(RunTaskRequest request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return ValueTask.CompletedTask;
        }
    }
}
