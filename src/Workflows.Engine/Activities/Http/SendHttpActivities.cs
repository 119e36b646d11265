using System.Globalization;
using System.Text.Json.Nodes;
using Workflows.Engine.Execution;
using Workflows.Engine.Model;
using static Workflows.Engine.Activities.Describe;

namespace Workflows.Engine.Activities.Http;

/// <summary>
/// What SendHttpRequest, FlowSendHttpRequest and DownloadHttpFile share (elsa-core
/// src/modules/Elsa.Http/Activities/SendHttpRequestBase.cs): building the request from the inputs and sending it
/// through <see cref="IOutgoingHttpClient"/>. Connection failures and timeouts become outcomes, never faults.
/// </summary>
public static class OutgoingRequests
{
    public const string UnmatchedStatusCode = "Unmatched status code";
    public const string FailedToConnect = "Failed to connect";
    public const string Timeout = "Timeout";

    public static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"];

    public static IEnumerable<InputDescriptor> CommonInputs(string contentInput = "Content", string contentTypeInput = "ContentType", string[]? methods = null) =>
    [
        Input("Url", "System.Uri", "网址", "URL", "请求的网址。", "The URL to send the request to.", required: true, order: 0),
        Input("Method", "String", "请求方法", "Method", "发送请求所用的 HTTP 方法。", "The HTTP method to use when sending the request.", uiHint: "dropdown",
            defaultValue: "GET", uiSpecifications: Dropdown((methods ?? Methods).Select(m => (m, m)).ToArray()), order: 1),
        Input(contentInput, "Object", "请求内容", "Content", "随请求发送的内容：字符串、对象或字节。", "The content to send with the request. Can be a string, an object, a byte array or a stream.", order: 2),
        Input(contentTypeInput, "String", "内容类型", "Content type", "发送内容的类型。", "The content type to use when sending the request.", uiHint: "dropdown",
            uiSpecifications: Dropdown(HttpContentCodec.ContentTypes.Select(c => (c, c)).ToArray()), order: 3),
        Input("Authorization", "String", "Authorization 头", "Authorization", "随请求发送的 Authorization 头，如 Bearer {令牌}。", "The Authorization header value to send with the request. For example: Bearer {some-access-token}", order: 4),
        Input("DisableAuthorizationHeaderValidation", "Boolean", "不校验 Authorization 头", "Disable authorization header validation", "原样添加 Authorization 头，不做格式校验。", "A value that allows to add the Authorization header without validation.", uiHint: "checkbox", order: 5),
        Input("RequestHeaders", "Elsa.Http.Models.HttpHeaders, Elsa.Http", "请求头", "Request headers", "随请求发送的请求头（JSON 对象）。", "The headers to send along with the request.", uiHint: "json-editor", order: 6),
        Input("RequestTimeout", "TimeSpan", "超时", "Timeout", "等待回应的最长时间（默认见配置 Http:SendTimeout）；超时走 Timeout 出口。", "How long to wait for the response (default: Http:SendTimeout); a timeout takes the Timeout outcome.", order: 7),
    ];

    public static async ValueTask<OutgoingHttpResponse> SendAsync(ActivityExecutionContext context, string contentInput = "Content", string contentTypeInput = "ContentType")
    {
        var urlText = await context.GetStringAsync("Url");
        if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            throw new ActivityFaultException($"网址无效：{urlText}。 / Invalid URL: {urlText}.");
        var method = (await context.GetStringAsync("Method") is { Length: > 0 } m ? m : "GET").ToUpperInvariant();
        var content = await context.EvaluateInputAsync(contentInput);
        var contentType = await context.GetStringAsync(contentTypeInput);
        // As Elsa: content is sent only when a content type is given.
        var body = content is not null && !string.IsNullOrWhiteSpace(contentType) ? HttpContentCodec.Serialize(content, contentType) : null;
        var request = new OutgoingHttpRequest(
            method, url, body, body is null ? null : contentType,
            HttpContentCodec.ReadHeaders(await context.EvaluateInputAsync("RequestHeaders")),
            await context.GetStringAsync("Authorization"),
            await context.GetBoolAsync("DisableAuthorizationHeaderValidation"),
            await context.GetTimeSpanAsync("RequestTimeout"));
        var client = context.GetRequiredService<IOutgoingHttpClient>();
        // With a resilience strategy (customProperties.resilienceStrategy), transient answers are retried first.
        var response = await ResilientCalls.RunAsync(context, ct => client.SendAsync(request, ct), ResilientCalls.TransientHttp);
        context.JournalMessage = response.Failure switch
        {
            OutgoingHttpFailure.FailedToConnect => $"{method} {url}: 无法连接 / failed to connect",
            OutgoingHttpFailure.Timeout => $"{method} {url}: 超时 / timed out",
            _ => $"{method} {url}: {response.StatusCode}",
        };
        return response;
    }

    /// <summary>"Failed to connect" and "Timeout" complete the activity with that outcome; true when one did.</summary>
    public static bool CompletedOnFailure(ActivityExecutionContext context, OutgoingHttpResponse response)
    {
        if (response.Failure == OutgoingHttpFailure.None) return false;
        context.Complete(response.Failure == OutgoingHttpFailure.Timeout ? Timeout : FailedToConnect);
        return true;
    }

    public static readonly PortDescriptor[] FlowPortDescriptors =
    [
        Flow(UnmatchedStatusCode, "状态码不匹配", "Unmatched status code"), Flow(FailedToConnect, "无法连接", "Failed to connect"),
        Flow(Timeout, "超时", "Timeout"), Flow(FlowConnection.DefaultOutcome, "完成", "Done"),
    ];

    /// <summary>StatusCode, ParsedContent, ResponseHeaders (SendHttpRequestBase's outputs).</summary>
    public static readonly OutputDescriptor[] ResponseOutputs =
    [
        Output("StatusCode", "Int32", "状态码", "Status code", "回应的状态码。", "The HTTP response status code"),
        Output("ParsedContent", "Object", "回应内容", "Parsed content", "解析后的回应内容。", "The parsed content, if any."),
        Output("ResponseHeaders", "Elsa.Http.Models.HttpHeaders, Elsa.Http", "回应头", "Response headers", "收到的回应头。", "The response headers that were received."),
    ];

    /// <summary>Outputs every variant sets: StatusCode and ResponseHeaders (ParsedContent where it applies).</summary>
    public static void SetResponseOutputs(ActivityExecutionContext context, OutgoingHttpResponse response, bool parseContent = true)
    {
        context.SetOutput("StatusCode", response.StatusCode);
        context.SetOutput("ResponseHeaders", response.Headers);
        if (parseContent) context.SetOutput("ParsedContent", HttpContentCodec.Parse(response.Content, response.ContentType));
    }

    /// <summary>FlowSendHttpRequest's HandleResponseAsync: the matching code (or "Unmatched status code") and always "Done".</summary>
    public static string[] FlowOutcomes(IReadOnlyList<int> expected, int statusCode) =>
        expected.Count == 0 ? [FlowConnection.DefaultOutcome]
        : [expected.Contains(statusCode) ? statusCode.ToString(CultureInfo.InvariantCulture) : UnmatchedStatusCode, FlowConnection.DefaultOutcome];

    public static IReadOnlyList<string> FlowPorts(JsonObject activity) =>
        [.. HttpContentCodec.LiteralStatusCodes(activity, [200]).Select(c => c.ToString(CultureInfo.InvariantCulture)), UnmatchedStatusCode, FailedToConnect, Timeout, FlowConnection.DefaultOutcome];

    public static InputDescriptor ExpectedStatusCodesInput(string zhDescription, string enDescription) =>
        Input("ExpectedStatusCodes", "Int32[]", "预期状态码", "Expected status codes", zhDescription, enDescription, uiHint: "multitext", defaultValue: new JsonArray(200), order: 8);
}

/// <summary>
/// Elsa.FlowSendHttpRequest (elsa-core src/modules/Elsa.Http/Activities/FlowSendHttpRequest.cs): one outcome per
/// expected status code, "Unmatched status code", "Failed to connect", "Timeout", and "Done" after any response.
/// </summary>
public sealed class FlowSendHttpRequestActivity : ActivityBase
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "Elsa.FlowSendHttpRequest",
        Name = "FlowSendHttpRequest",
        Category = HttpCategory.Http,
        DisplayName = new("发送 HTTP 请求（流程）", "HTTP Request (flow)"),
        Description = new("发送一个 HTTP 请求，按回应的状态码走对应出口。", "Send an HTTP request."),
        Kind = ActivityKind.Task,
        Inputs = [.. OutgoingRequests.CommonInputs(), OutgoingRequests.ExpectedStatusCodesInput("要区分处理的状态码，每个是一个出口。", "A list of expected status codes to handle.")],
        Outputs =
        [
            .. OutgoingRequests.ResponseOutputs,
        ],
        Ports = OutgoingRequests.FlowPortDescriptors,
    };

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var response = await OutgoingRequests.SendAsync(context);
        if (OutgoingRequests.CompletedOnFailure(context, response)) return;
        OutgoingRequests.SetResponseOutputs(context, response);
        var expected = HttpContentCodec.StatusCodes(await context.EvaluateInputAsync("ExpectedStatusCodes"));
        context.Complete(OutgoingRequests.FlowOutcomes(expected, response.StatusCode));
    }

    public override IReadOnlyList<string> GetOutcomes(JsonObject activity) => OutgoingRequests.FlowPorts(activity);
}

/// <summary>
/// Elsa.SendHttpRequest (elsa-core src/modules/Elsa.Http/Activities/SendHttpRequest.cs): the matching case's embedded
/// activity runs (<c>expectedStatusCodes: [{statusCode, activity}]</c>), else UnmatchedStatusCode; FailedToConnect and
/// Timeout are embedded ports too. The activity completes when the scheduled one does.
/// </summary>
public sealed class SendHttpRequestActivity : ActivityBase
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "Elsa.SendHttpRequest",
        Name = "SendHttpRequest",
        Category = HttpCategory.Http,
        DisplayName = new("发送 HTTP 请求", "HTTP Request"),
        Description = new("发送一个 HTTP 请求，按状态码执行对应的嵌入活动。", "Send an HTTP request."),
        Kind = ActivityKind.Task,
        Inputs =
        [
            .. OutgoingRequests.CommonInputs(),
            Input("ExpectedStatusCodes", "System.Collections.Generic.ICollection`1[[Elsa.Http.HttpStatusCodeCase, Elsa.Http]]", "预期状态码", "Expected status codes",
                "要处理的状态码及其对应执行的活动。", "A list of expected status codes to handle and the corresponding activity to execute when the status code matches.",
                uiHint: "http-status-codes", isWrapped: false, defaultValue: new JsonArray(), order: 8),
        ],
        Outputs =
        [
            .. OutgoingRequests.ResponseOutputs,
        ],
        Ports = [Embedded("UnmatchedStatusCode", "状态码不匹配", "Unmatched status code"), Embedded("FailedToConnect", "无法连接", "Failed to connect"), Embedded("Timeout", "超时", "Timeout")],
    };

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var response = await OutgoingRequests.SendAsync(context);
        string port;
        if (response.Failure == OutgoingHttpFailure.FailedToConnect) port = "failedToConnect";
        else if (response.Failure == OutgoingHttpFailure.Timeout) port = "timeout";
        else
        {
            OutgoingRequests.SetResponseOutputs(context, response);
            var cases = context.Node.Json.GetArray("expectedStatusCodes") ?? [];
            var index = cases.Select((c, i) => (c, i)).FirstOrDefault(x => x.c is JsonObject o && HttpContentCodec.StatusCode(o["statusCode"]) == response.StatusCode, (null, -1)).Item2;
            port = index >= 0 ? $"expectedStatusCodes[{index}].activity" : "unmatchedStatusCode";
        }
        if (context.Node.EmbeddedPorts.TryGetValue(port, out var next)) context.ScheduleChild(next);
        else context.Complete();
    }

    public override IReadOnlyList<string> GetOutcomes(JsonObject activity) => [FlowConnection.DefaultOutcome];
}

/// <summary>
/// Elsa.DownloadHttpFile (elsa-core src/modules/Elsa.Http/Activities/DownloadHttpFile.cs): downloads a file; outcomes
/// as FlowSendHttpRequest. The file (Elsa's HttpFile) is kept as JSON with its bytes in base64, so the size is capped
/// (Http:MaxDownloadBytes in the client).
/// </summary>
public sealed class DownloadHttpFileActivity : ActivityBase
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "Elsa.DownloadHttpFile",
        Name = "DownloadHttpFile",
        Category = HttpCategory.Http,
        DisplayName = new("下载文件", "Download File"),
        Description = new("从指定网址下载一个文件。", "Downloads a file from a given URL."),
        Kind = ActivityKind.Task,
        Inputs = [.. OutgoingRequests.CommonInputs("Content", "RequestContentType", ["GET", "POST", "PUT"]), OutgoingRequests.ExpectedStatusCodesInput("要区分处理的状态码，每个是一个出口。", "A list of expected status codes to handle.")],
        Outputs =
        [
            Output("Result", "Elsa.Http.Models.HttpFile, Elsa.Http", "文件", "File", "下载的文件（文件名、类型、内容）。", "The downloaded file."),
            OutgoingRequests.ResponseOutputs[0],
            Output("ResponseContentBytes", "Byte[]", "文件字节", "Response content bytes", "下载内容（base64）。", "The downloaded content bytes, if any."),
            OutgoingRequests.ResponseOutputs[2],
            Output("ResponseContentHeaders", "Elsa.Http.Models.HttpHeaders, Elsa.Http", "内容头", "Content headers", "收到的内容头。", "The response content headers that were received."),
        ],
        Ports = OutgoingRequests.FlowPortDescriptors,
    };

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var response = await OutgoingRequests.SendAsync(context, "Content", "RequestContentType");
        if (OutgoingRequests.CompletedOnFailure(context, response)) return;
        OutgoingRequests.SetResponseOutputs(context, response, parseContent: false);
        var url = new Uri((await context.GetStringAsync("Url"))!);
        var name = response.FileName ?? (Path.GetFileName(url.LocalPath) is { Length: > 0 } n ? n : "file.bin");
        var file = HttpFileJson.Create(response.Content, name, response.ContentType ?? WriteFileHttpResponseActivity.ContentTypeFor(name));
        context.SetOutput("Result", file);
        context.SetOutput("ResponseContentBytes", file["base64"]?.DeepClone());
        context.SetOutput("ResponseContentHeaders", new JsonObject { ["Content-Type"] = response.ContentType, ["Content-Length"] = response.Content.Length.ToString(CultureInfo.InvariantCulture) });
        var expected = HttpContentCodec.StatusCodes(await context.EvaluateInputAsync("ExpectedStatusCodes"));
        context.Complete(OutgoingRequests.FlowOutcomes(expected, response.StatusCode));
    }

    public override IReadOnlyList<string> GetOutcomes(JsonObject activity) => OutgoingRequests.FlowPorts(activity);
}
