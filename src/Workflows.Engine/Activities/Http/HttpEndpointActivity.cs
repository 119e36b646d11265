using System.Text.Json.Nodes;
using Workflows.Engine.Execution;
using Workflows.Engine.Model;
using Workflows.Engine.Validation;
using static Workflows.Engine.Activities.Describe;

namespace Workflows.Engine.Activities.Http;

public static class HttpCategory
{
    public static readonly LocalizedText Http = new("HTTP", "HTTP");
}

/// <summary>
/// Elsa.HttpEndpoint (elsa-core src/modules/Elsa.Http/Activities/HttpEndpoint.cs): as the trigger that started the
/// instance it takes the request at once; reached mid-flow it waits for a request on its path and methods (one
/// bookmark per method, as Elsa's GetBookmarkPayloads). The server matches routes, authorises and parses the body;
/// the activity only publishes what arrived.
/// </summary>
public sealed class HttpEndpointActivity : ActivityBase
{
    public const string TypeName = "Elsa.HttpEndpoint";
    public const string RequestTooLarge = "Request too large";

    public override ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = TypeName,
        Name = "HttpEndpoint",
        Category = HttpCategory.Http,
        DisplayName = new("HTTP 接口", "HTTP Endpoint"),
        Description = new("等待一个匹配路径和方法的 HTTP 请求（路径位于 /workflows 之下）；作为起点时由请求启动流程。",
            "Wait for an inbound HTTP request that matches the specified path and methods."),
        Kind = ActivityKind.Trigger,
        Inputs =
        [
            Input("Path", "String", "路径", "Path", "与流程关联的路径，如 orders/{id}（位于 /workflows 之下）。", "The path to associate with the workflow.", required: true, order: 0),
            Input("SupportedMethods", "String[]", "请求方法", "Supported methods", "接受的 HTTP 方法。", "The HTTP methods to accept.", uiHint: "checklist",
                defaultValue: Strings("GET"), uiSpecifications: CheckList("GET", "POST", "PUT", "HEAD", "DELETE"), order: 1),
            Input("Authorize", "Boolean", "需要登录", "Authorize", "只接受已登录（持令牌）的请求。", "Allow authenticated requests only.", uiHint: "checkbox", defaultValue: false, order: 2),
            Input("Policy", "String", "授权策略", "Policy", "要求满足的授权策略；不满足则拒绝。", "Provide a policy to evaluate. If the policy fails, the request is forbidden.", order: 3),
            Input("RequestTimeout", "TimeSpan", "处理时限", "Request timeout", "处理请求允许的最长时间。", "The maximum time allowed to process the request.", order: 4),
            Input("RequestSizeLimit", "Int64", "请求大小上限", "Request size limit", "请求内容的最大字节数。", "The maximum request size allowed in bytes.", order: 5),
            Input("FileSizeLimit", "Int64", "文件大小上限", "File size limit", "单个上传文件的最大字节数。", "The maximum file size allowed in bytes for an individual file.", order: 6),
            Input("AllowedFileExtensions", "String[]", "允许的扩展名", "Allowed file extensions", "只允许这些扩展名；留空不限制。", "Only file extensions in this list are allowed. Leave empty to allow all extensions", uiHint: "multitext", order: 7),
            Input("BlockedFileExtensions", "String[]", "禁止的扩展名", "Blocked file extensions", "禁止这些扩展名；留空不限制。", "File extensions in this list are forbidden. Leave empty to not block any extension.", uiHint: "multitext", order: 8),
            Input("AllowedMimeTypes", "String[]", "允许的 MIME 类型", "Allowed MIME types", "只允许这些 MIME 类型；留空不限制。", "Only MIME types in this list are allowed. Leave empty to allow all types", uiHint: "multitext", order: 9),
            Input("ExposeRequestTooLargeOutcome", "Boolean", "显示“请求过大”出口", "Expose request too large outcome", "请求过大时走“Request too large”出口而不是回答 413。", "A value indicating whether to expose the \"Request too large\" outcome.", uiHint: "checkbox", isWrapped: false, defaultValue: false, order: 10),
            Input("ExposeFileTooLargeOutcome", "Boolean", "显示“文件过大”出口", "Expose file too large outcome", "文件过大时走“File too large”出口。", "A value indicating whether to expose the \"File too large\" outcome.", uiHint: "checkbox", isWrapped: false, defaultValue: false, order: 11),
            Input("ExposeInvalidFileExtensionOutcome", "Boolean", "显示“扩展名无效”出口", "Expose invalid file extension outcome", "扩展名不允许时走“Invalid file extension”出口。", "A value indicating whether to expose the \"Invalid file extension\" outcome.", uiHint: "checkbox", isWrapped: false, defaultValue: false, order: 12),
            Input("ExposeInvalidFileMimeTypeOutcome", "Boolean", "显示“MIME 类型无效”出口", "Expose invalid file MIME type outcome", "MIME 类型不允许时走“Invalid file MIME type”出口。", "A value indicating whether to expose the \"Invalid file MIME type\" outcome.", uiHint: "checkbox", isWrapped: false, defaultValue: false, order: 13),
        ],
        Outputs =
        [
            Output("ParsedContent", "Object", "请求内容", "Parsed content", "解析后的请求内容（JSON、表单字段或文本）。", "The parsed request content, if any."),
            Output("RouteData", "Object", "路由参数", "Route data", "路径中的参数。", "The parsed route data, if any."),
            Output("QueryStringData", "Object", "查询参数", "Query string data", "查询字符串中的参数。", "The querystring data, if any."),
            Output("Headers", "Object", "请求头", "Headers", "请求头。", "The headers, if any."),
            Output("Result", "Object", "请求", "Request", "收到的请求（方法、路径、参数、内容）。", "The received request."),
        ],
    };

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var path = await context.GetStringAsync("Path");
        if (string.IsNullOrWhiteSpace(path)) throw new ActivityFaultException("没有填写 HTTP 接口的路径。 / The HTTP endpoint has no path.");
        if (path.Contains("//", StringComparison.Ordinal)) throw new ActivityFaultException("路径不能包含 //。 / Path cannot contain double slashes (//).");

        if (context.Workflow.TriggerActivityId == context.Node.Id)
        {
            var exchange = context.GetService<IHttpExchangeAccessor>()?.Current
                ?? throw new ActivityFaultException("流程由 HTTP 接口启动，但没有收到请求。 / Started by the HTTP endpoint without a request.");
            Accept(context, exchange.Request);
            return;
        }

        var methods = await context.GetStringListAsync("SupportedMethods");
        if (methods.Count == 0) methods = ["GET"];
        var payload = new JsonObject
        {
            ["path"] = HttpBookmarks.NormalizeRoute(path),
            ["authorize"] = await context.GetBoolAsync("Authorize"),
            ["policy"] = await context.GetStringAsync("Policy"),
            ["requestSizeLimit"] = await context.GetNumberAsync("RequestSizeLimit") is { } limit ? (long)limit : null,
            ["exposeRequestTooLargeOutcome"] = context.Node.Json.GetBool("exposeRequestTooLargeOutcome") == true,
        };
        foreach (var method in methods.Select(m => m.ToLowerInvariant()).Distinct())
            context.CreateBookmark(HttpBookmarks.Kind, name: HttpBookmarks.Name(method, path), payload: (JsonObject)payload.DeepClone(), correlationId: context.CorrelationId);
    }

    public override ValueTask ResumeAsync(ActivityExecutionContext context, BookmarkState bookmark, JsonNode? payload)
    {
        var request = HttpRequestData.FromJson(payload) ?? context.GetService<IHttpExchangeAccessor>()?.Current?.Request
            ?? throw new ActivityFaultException("HTTP 接口被继续，但没有收到请求。 / The HTTP endpoint was resumed without a request.");
        Accept(context, request);
        return ValueTask.CompletedTask;
    }

    private static void Accept(ActivityExecutionContext context, HttpRequestData request)
    {
        context.SetOutput("RouteData", request.RouteData);
        context.SetOutput("QueryStringData", request.Query);
        context.SetOutput("Headers", request.Headers);
        context.SetOutput("ParsedContent", request.ParsedContent);
        context.SetOutput("Result", request.ToJson());
        if (request.TooLarge) context.Complete(RequestTooLarge);
        else context.Complete();
    }

    public override IReadOnlyList<string> GetOutcomes(JsonObject activity) =>
        activity.GetBool("exposeRequestTooLargeOutcome") == true ? [FlowConnection.DefaultOutcome, RequestTooLarge] : [FlowConnection.DefaultOutcome];

    public override IEnumerable<ValidationMessage> Validate(JsonObject activity, ValidationContext context)
    {
        var id = ActivityJson.Id(activity);
        var expression = activity.GetObject("path")?.GetObject("expression");
        var value = expression?["value"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (expression?.GetString("type") is "Literal" or null && string.IsNullOrWhiteSpace(value))
            yield return context.Incomplete("http.noPath", $"活动 {id} 没有填写 HTTP 路径。", $"Activity {id} has no HTTP path.", id);
        else if (value?.Contains("//", StringComparison.Ordinal) == true)
            yield return ValidationMessage.Error("http.path", $"活动 {id} 的路径不能包含 //。", $"The path of activity {id} cannot contain double slashes (//).", id);
        if (expression?.GetString("type") is not (null or "Literal") && activity.GetObject("customProperties")?.GetBool("canStartWorkflow") == true)
            // Routes are indexed from literal paths only (Elsa evaluates the expression once, at indexing).
            yield return ValidationMessage.Warning("http.triggerPath", $"活动 {id} 作为起点时路径必须是固定值，否则请求无法启动流程。",
                $"Activity {id} starts the workflow, so its path must be a literal; otherwise no request can start it.", id);
    }

    /// <summary>uiSpecifications of a check list (elsa-studio-api.md 6.4).</summary>
    public static JsonObject CheckList(params string[] values) => new()
    {
        ["checklist"] = new JsonObject
        {
            ["checkList"] = new JsonObject
            {
                ["items"] = new JsonArray(values.Select(v => (JsonNode)new JsonObject { ["text"] = v, ["value"] = v, ["isChecked"] = false }).ToArray()),
                ["isFlagsEnum"] = false,
            },
        },
    };
}
