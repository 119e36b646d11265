using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Engine.Activities.Http;
using Workflows.Engine.Activities.Runtime;
using Workflows.Runtime.Execution;
using Workflows.Testing;

namespace Workflows.Server.Tests.Http;

/// <summary>
/// The HTTP module and RunTask/BulkDispatchWorkflows, driven over HTTP through the test host with the definitions of
/// ElsaCorpus/http (Elsa's own JSON shape). Outgoing requests go to a real Kestrel server on a loopback port.
/// </summary>
public sealed class HttpWorkflowTests(HttpWorkflowsApp app) : IClassFixture<HttpWorkflowsApp>
{
    private static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");

    private Task<int> InstanceCountAsync() => app.QueryAsync(db => db.Instances.CountAsync());

    private static async Task<JsonObject> ReadJsonAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    // elsa-core src/modules/Elsa.Http/Activities/HttpEndpoint.cs (RouteData, QueryStringData outputs) and
    // Middleware/HttpWorkflowsMiddleware.cs (a trigger under BasePath /workflows starts the workflow; the response is
    // what WriteHttpResponse wrote — WriteHttpResponse.cs: an object with application/json is serialised).
    [Fact]
    public async Task Get_OnATriggerRoute_StartsAnInstance_AndAnswersWithTheWorkflowsResponse()
    {
        var client = await app.ClientAsync();

        using var response = await client.GetAsync("/workflows/greetings/王芳?lang=en");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await ReadJsonAsync(response);
        Assert.Equal("你好，王芳", body["greeting"]?.GetValue<string>());
        Assert.Equal("en", body["lang"]?.GetValue<string>());
        var id = response.Headers.GetValues("x-elsa-workflow-instance-id").Single();
        var instance = await app.InstanceAsync(id);
        Assert.Equal("Finished", instance.SubStatus);
        Assert.Equal("http-greeting", instance.DefinitionId);
    }

    // HttpWorkflowsMiddleware.cs: no trigger matches, so the bookmark of the waiting HttpEndpoint is resumed; the
    // instance is picked by ?workflowInstanceId= (QueryStringHttpWorkflowInstanceIdSelector.cs). The state is committed
    // before the answer: the instance row already says Suspended when the 201 arrives.
    [Fact]
    public async Task Post_StartsAnOrder_AndASecondEndpointResumesTheSameInstance()
    {
        var client = await app.ClientAsync();

        using var created = await client.PostAsync("/workflows/orders", JsonBody("""{"item":"血压计"}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var order = await ReadJsonAsync(created);
        var id = order["orderId"]!.GetValue<string>();
        Assert.Equal("血压计", order["item"]?.GetValue<string>());
        Assert.Equal("Suspended", (await app.InstanceAsync(id)).SubStatus);

        using var confirmed = await client.PostAsync($"/workflows/orders/{id}/confirm?workflowInstanceId={id}", JsonBody("""{"by":"mishu1"}"""));

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var confirmation = await ReadJsonAsync(confirmed);
        Assert.Equal("confirmed", confirmation["status"]?.GetValue<string>());
        Assert.Equal("mishu1", confirmation["by"]?.GetValue<string>());
        Assert.Equal(id, confirmation["order"]?.GetValue<string>());
        Assert.Equal("Finished", (await app.InstanceAsync(id)).SubStatus);
        Assert.Equal(0, await app.QueryAsync(db => db.Bookmarks.CountAsync(b => b.InstanceId == id)));
    }

    // HttpWorkflowsMiddleware.cs GetCorrelationIdAsync: ?correlationId= on the start and X-Correlation-ID on the resume
    // (QueryStringHttpCorrelationIdSelector.cs, HeaderHttpCorrelationIdSelector.cs); the endpoint accepts POST and PUT,
    // one bookmark per method (HttpEndpoint.GetBookmarkPayloads).
    [Fact]
    public async Task Resume_ByCorrelationId_PicksTheInstanceOfThatCorrelation()
    {
        var client = await app.ClientAsync();
        using var first = await client.PostAsync("/workflows/orders?correlationId=order-a", JsonBody("""{"item":"A"}"""));
        using var second = await client.PostAsync("/workflows/orders?correlationId=order-b", JsonBody("""{"item":"B"}"""));
        var idB = (await ReadJsonAsync(second))["orderId"]!.GetValue<string>();
        var idA = (await ReadJsonAsync(first))["orderId"]!.GetValue<string>();

        using var request = new HttpRequestMessage(HttpMethod.Put, "/workflows/orders/any/confirm") { Content = JsonBody("""{"by":"b"}""") };
        request.Headers.Add("X-Correlation-ID", "order-b");
        using var confirmed = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal("Finished", (await app.InstanceAsync(idB)).SubStatus);
        Assert.Equal("Suspended", (await app.InstanceAsync(idA)).SubStatus);
    }

    // HttpEndpoint.cs HandleInvalidJsonPayloadAsync (400), HandleRequestTooLargeAsync (413 with the limit); a method the
    // route does not accept finds no trigger or bookmark (Elsa answers 404; here 405 with Allow, which says why).
    // Everything is checked before a burst runs, so no instance is created and a waiting one does not move.
    [Fact]
    public async Task BadBody_WrongMethod_Oversized_UnknownRoute_AreRefused_AndChangeNothing()
    {
        var client = await app.ClientAsync();
        using var waiting = await client.PostAsync("/workflows/orders", JsonBody("""{"item":"X"}"""));
        var waitingId = (await ReadJsonAsync(waiting))["orderId"]!.GetValue<string>();
        var before = await InstanceCountAsync();

        using var badJson = await client.PostAsync("/workflows/orders", JsonBody("{not json"));
        Assert.Equal(HttpStatusCode.BadRequest, badJson.StatusCode);
        Assert.Contains("JSON", (await ReadJsonAsync(badJson))["message"]!.GetValue<string>(), StringComparison.Ordinal);

        using var wrongMethod = await client.GetAsync("/workflows/orders");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        Assert.Equal("POST", string.Join(",", wrongMethod.Content.Headers.Allow));

        using var oversized = await client.PostAsync("/workflows/orders", JsonBody($$"""{"item":"{{new string('x', 300)}}"}"""));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, oversized.StatusCode);
        Assert.Contains("200", (await ReadJsonAsync(oversized))["message"]!.GetValue<string>(), StringComparison.Ordinal);

        using var unknown = await client.GetAsync("/workflows/no-such-route");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        using var badResume = await client.PostAsync($"/workflows/orders/{waitingId}/confirm?workflowInstanceId={waitingId}", JsonBody("[1,"));
        Assert.Equal(HttpStatusCode.BadRequest, badResume.StatusCode);

        Assert.Equal(before, await InstanceCountAsync());
        Assert.Equal("Suspended", (await app.InstanceAsync(waitingId)).SubStatus);
        Assert.Equal(2, await app.QueryAsync(db => db.Bookmarks.CountAsync(b => b.InstanceId == waitingId && b.Kind == HttpBookmarks.Kind)));
    }

    // HttpWorkflowsMiddleware.cs AuthorizeAsync + AuthenticationBasedHttpEndpointAuthorizationHandler.cs: Authorize
    // refuses an anonymous caller (401); a Policy the user does not satisfy is refused (Elsa: 401; here 403 for a
    // signed-in user). Refused callers start nothing.
    [Fact]
    public async Task AuthorizedRoute_RefusesAnonymousAndStrangers_AndServesTheSecretariat()
    {
        var before = await InstanceCountAsync();
        var anonymous = await app.ClientAsync();
        using var refused = await anonymous.GetAsync("/workflows/secure/report");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        var member = await app.ClientAsync("huiyuan1");
        using var forbidden = await member.GetAsync("/workflows/secure/report");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(before, await InstanceCountAsync());

        var secretary = await app.ClientAsync("mishu1");
        using var served = await secretary.GetAsync("/workflows/secure/report");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("秘书处报告", await served.Content.ReadAsStringAsync());
        Assert.Equal("text/plain", served.Content.Headers.ContentType?.MediaType);
        var instance = await app.InstanceAsync(served.Headers.GetValues("x-elsa-workflow-instance-id").Single());
        Assert.Equal("mishu1", instance.InitiatedBy);
    }

    // elsa-core src/modules/Elsa.Http/Activities/FlowSendHttpRequest.cs: an outcome per expected status code,
    // "Unmatched status code", "Failed to connect" (HttpRequestException), "Timeout" (TaskCanceledException).
    [Fact]
    public async Task FlowSendHttpRequest_TakesThePortOfEachOutcome()
    {
        await using var far = await LoopbackServer.StartAsync();
        var client = await app.ClientAsync();
        var closed = $"http://127.0.0.1:{FreePort.Get()}/nothing";

        async Task<(HttpStatusCode, string)> CallAsync(string target)
        {
            using var response = await client.GetAsync("/workflows/call-out?target=" + Uri.EscapeDataString(target));
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        Assert.Equal((HttpStatusCode.OK, "ok:pong"), await CallAsync(far.Url("/ok")));
        Assert.Equal((HttpStatusCode.OK, "missing"), await CallAsync(far.Url("/missing")));
        Assert.Equal((HttpStatusCode.OK, "unmatched"), await CallAsync(far.Url("/teapot")));
        Assert.Equal((HttpStatusCode.BadGateway, "down"), await CallAsync(closed));
        Assert.Equal((HttpStatusCode.GatewayTimeout, "timeout"), await CallAsync(far.Url("/slow")));
    }

    // elsa-core src/modules/Elsa.Http/Activities/SendHttpRequest.cs: the matching case's activity runs, else
    // UnmatchedStatusCode; FailedToConnect on a connection failure.
    [Fact]
    public async Task SendHttpRequest_RunsTheEmbeddedActivityOfTheMatchingCase()
    {
        await using var far = await LoopbackServer.StartAsync();
        var client = await app.ClientAsync();

        async Task<string> CallAsync(string target)
        {
            using var response = await client.GetAsync("/workflows/send-embedded?target=" + Uri.EscapeDataString(target));
            return await response.Content.ReadAsStringAsync();
        }

        Assert.Equal("embedded-200", await CallAsync(far.Url("/ok")));
        Assert.Equal("embedded-unmatched", await CallAsync(far.Url("/teapot")));
        Assert.Equal("embedded-down", await CallAsync($"http://127.0.0.1:{FreePort.Get()}/x"));
    }

    // elsa-core src/modules/Elsa.Http/Activities/DownloadHttpFile.cs (the file as Result, outcome per status code) and
    // WriteFileHttpResponse.cs (a single file as an attachment; Filename input wins; content may be a URL or a string).
    [Fact]
    public async Task DownloadHttpFile_AndWriteFileHttpResponse_ServeTheFile()
    {
        await using var far = await LoopbackServer.StartAsync();
        var client = await app.ClientAsync();

        using var downloaded = await client.GetAsync("/workflows/files/download?target=" + Uri.EscapeDataString(far.Url("/report.txt")));
        Assert.Equal(HttpStatusCode.OK, downloaded.StatusCode);
        Assert.Equal("年度报告：一切正常", Encoding.UTF8.GetString(await downloaded.Content.ReadAsByteArrayAsync()));
        Assert.Equal("报告.txt", downloaded.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("text/plain", downloaded.Content.Headers.ContentType?.MediaType);

        using var mirrored = await client.GetAsync("/workflows/files/mirror?target=" + Uri.EscapeDataString(far.Url("/report.txt")));
        Assert.Equal("年度报告：一切正常", Encoding.UTF8.GetString(await mirrored.Content.ReadAsByteArrayAsync()));
        Assert.Equal("annual.txt", mirrored.Content.Headers.ContentDisposition?.FileNameStar);

        using var note = await client.GetAsync("/workflows/files/note");
        Assert.Equal("会议纪要", Encoding.UTF8.GetString(await note.Content.ReadAsByteArrayAsync()));
        Assert.Equal("note.txt", note.Content.Headers.ContentDisposition?.FileNameStar);
    }

    // elsa-core src/modules/Elsa.Workflows.Runtime/Activities/RunTask.cs (bookmark + run-task request, Result from the
    // report) and src/modules/Elsa.Workflows.Api/Endpoints/Tasks/Complete/Endpoint.cs (POST /tasks/{taskId}/complete
    // with {result}). "double" has an in-process handler; "manual-check" is reported over the API by an administrator.
    [Fact]
    public async Task RunTask_IsDoneByItsHandler_OrReportedOverTheApi()
    {
        var runtime = app.Services.GetRequiredService<WorkflowRuntime>();
        var anonymous = await app.ClientAsync();
        var started = await runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "run-task" });
        var id = started.InstanceId!;

        string? manualTaskId = null;
        for (var i = 0; i < 300 && manualTaskId is null; i++)
        {
            manualTaskId = await app.QueryAsync(db => db.Bookmarks.Where(b => b.InstanceId == id && b.Kind == TaskBookmarks.Kind && b.Name == "manual-check").Select(b => b.Id).FirstOrDefaultAsync());
            if (manualTaskId is null) await Task.Delay(100);
        }
        Assert.NotNull(manualTaskId);

        var route = $"/elsa/api/tasks/{manualTaskId}/complete";
        var body = """{"result":{"ok":true}}""";
        using (var noToken = await anonymous.PostAsync(route, JsonBody(body))) Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        var stranger = await app.ClientAsync("huiyuan1");
        using (var refused = await stranger.PostAsync(route, JsonBody(body))) Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("Suspended", (await app.InstanceAsync(id)).SubStatus);

        var admin = await app.ClientAsync("admin");
        using (var reported = await admin.PostAsync(route, JsonBody(body))) Assert.Equal(HttpStatusCode.OK, reported.StatusCode);
        using (var again = await admin.PostAsync(route, JsonBody(body))) Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);

        var finished = await app.WaitForAsync(id, "Finished");
        Assert.Equal("Finished", finished.SubStatus);
        var variables = StateSerializer.Deserialize(finished.StateJson).Variables;
        Assert.Equal(42, variables["Doubled"]?["value"]?.GetValue<int>());
        Assert.Equal(variables["DoubleTaskId"]?.GetValue<string>(), variables["Doubled"]?["taskId"]?.GetValue<string>());
        Assert.True(variables["Checked"]?["ok"]?.GetValue<bool>());
        Assert.Equal(manualTaskId, variables["ManualTaskId"]?.GetValue<string>());
    }

    // elsa-core src/modules/Elsa.Workflows.Runtime/Activities/BulkDispatchWorkflows.cs: one child per item (an object
    // item is merged into the input, with ParentInstanceId), ChildCompleted runs per finished child, and with
    // WaitForCompletion the activity completes with "Completed" once all have finished.
    [Fact]
    public async Task BulkDispatchWorkflows_StartsOneChildPerItem_AndWaitsForAllThree()
    {
        var runtime = app.Services.GetRequiredService<WorkflowRuntime>();
        var started = await runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "bulk-parent" });
        var id = started.InstanceId!;

        var parent = await app.WaitForAsync(id, "Finished");

        Assert.Equal("Finished", parent.SubStatus);
        var children = await app.QueryAsync(db => db.Instances.AsNoTracking().Where(i => i.ParentInstanceId == id).ToListAsync());
        Assert.Equal(3, children.Count);
        Assert.All(children, c => Assert.Equal("Finished", c.SubStatus));
        var inputs = children.Select(c => StateSerializer.Deserialize(c.StateJson).Input).ToList();
        Assert.Equal([1, 2, 3], inputs.Select(i => i["n"]!.GetValue<int>()).Order());
        Assert.All(inputs, i => Assert.Equal(id, i["ParentInstanceId"]?.GetValue<string>()));
        var journal = await app.QueryAsync(db => db.Journal.AsNoTracking().Where(j => j.InstanceId == id && j.EventName == "Completed").Select(j => j.ActivityId).ToListAsync());
        Assert.Equal(3, journal.Count(a => a == "OnChildCompleted"));
        Assert.Contains("AllDone", journal);
    }

    // Each new type is in Studio's toolbox with Elsa's own name in English and a Chinese one by default; the ports are
    // Elsa's (FlowSendHttpRequest.cs outcomes, SendHttpRequest.cs [Port]s, BulkDispatchWorkflows.cs [FlowNode] + [Port]s).
    [Fact]
    public async Task Descriptors_ListEveryNewType_InChineseAndInElsasEnglish()
    {
        var client = await app.ClientAsync("mishu1");
        async Task<Dictionary<string, JsonObject>> DescriptorsAsync(string query)
        {
            var list = await client.GetFromJsonAsync<JsonObject>("/elsa/api/descriptors/activities?Refresh=True" + query);
            return list!["items"]!.AsArray().OfType<JsonObject>().ToDictionary(d => d["typeName"]!.GetValue<string>());
        }
        var zh = await DescriptorsAsync("");
        var en = await DescriptorsAsync("&lang=en");

        var expected = new Dictionary<string, (string Zh, string En)>
        {
            ["Elsa.HttpEndpoint"] = ("HTTP 接口", "HTTP Endpoint"),
            ["Elsa.WriteHttpResponse"] = ("HTTP 回应", "HTTP Response"),
            ["Elsa.WriteFileHttpResponse"] = ("HTTP 文件回应", "HTTP File Response"),
            ["Elsa.SendHttpRequest"] = ("发送 HTTP 请求", "HTTP Request"),
            ["Elsa.FlowSendHttpRequest"] = ("发送 HTTP 请求（流程）", "HTTP Request (flow)"),
            ["Elsa.DownloadHttpFile"] = ("下载文件", "Download File"),
            ["Elsa.RunTask"] = ("运行任务", "Run Task"),
            ["Elsa.BulkDispatchWorkflows"] = ("批量派发子流程", "Bulk Dispatch Workflows"),
        };
        foreach (var (type, (zhName, enName)) in expected)
        {
            Assert.Equal(zhName, zh[type]["displayName"]?.GetValue<string>());
            Assert.Equal(enName, en[type]["displayName"]?.GetValue<string>());
        }
        Assert.Equal("Trigger", zh["Elsa.HttpEndpoint"]["kind"]?.GetValue<string>());
        static string[] Ports(JsonObject d) => d["ports"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToArray();
        Assert.Equal(["Unmatched status code", "Failed to connect", "Timeout", "Done"], Ports(zh["Elsa.FlowSendHttpRequest"]));
        Assert.Equal(["UnmatchedStatusCode", "FailedToConnect", "Timeout"], Ports(zh["Elsa.SendHttpRequest"]));
        Assert.Equal(["Completed", "Canceled", "Done", "ChildCompleted", "ChildFaulted"], Ports(zh["Elsa.BulkDispatchWorkflows"]));
    }
}
