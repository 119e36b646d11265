using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Workflows.Engine.Activities.Http;
using Workflows.Engine.Execution;
using Workflows.Runtime.Execution;
using Workflows.Runtime.Http;
using Workflows.Runtime.Persistence;
using Workflows.Server.Auth;

namespace Workflows.Server.Http;

/// <summary>
/// Workflow routes under Http:BasePath (default /workflows), after Elsa's HttpWorkflowsMiddleware
/// (elsa-core src/modules/Elsa.Http/Middleware/HttpWorkflowsMiddleware.cs): a published definition's HttpEndpoint trigger
/// starts an instance; otherwise an instance waiting at an HttpEndpoint on that route (narrowed by ?workflowInstanceId=,
/// ?correlationId= or X-Correlation-ID) is resumed. The request is checked before anything runs — authorisation, size,
/// body — so a refused request changes nothing. The response the workflow wrote is sent after its burst committed;
/// without one the answer is 200 with no body, as Elsa's.
/// <para>
/// Who may call: anyone, unless the endpoint sets Authorize (then a bearer token is required, 401 without one) and
/// Policy (403 when the user does not satisfy it). Cookies do not count, so a page cannot be tricked into calling a
/// protected workflow route.
/// </para>
/// </summary>
public static partial class HttpWorkflowsEndpoint
{
    private static readonly string[] HiddenHeaders = ["Authorization", "Cookie", "Proxy-Authorization"];

    public static IServiceCollection AddHttpWorkflows(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHttpAndTaskRuntime(configuration);
        services.AddSingleton<HttpRouteTable>();
        return services;
    }

    public static void MapHttpWorkflows(this IEndpointRouteBuilder app)
    {
        var basePath = BasePath(app.ServiceProvider.GetRequiredService<IOptions<HttpWorkflowOptions>>().Value);
        app.Map(basePath + "/{**path}", HandleAsync).AllowAnonymous().WithName("HttpWorkflows");
        app.MapRunTaskEndpoints();
    }

    public static string BasePath(HttpWorkflowOptions options) =>
        HttpBookmarks.NormalizeRoute(string.IsNullOrWhiteSpace(options.BasePath) ? "/workflows" : options.BasePath) is var p && p == "/" ? "/workflows" : p;

    private sealed record Target(string? DefinitionId, string? ActivityId, string? InstanceId, string? BookmarkId, JsonObject RouteData, EndpointSettings Settings);

    private static async Task HandleAsync(HttpContext http, WorkflowsDbContext db, HttpRouteTable table, WorkflowRuntime runtime,
        IOptions<HttpWorkflowOptions> options, ILoggerFactory loggers, string? path = null)
    {
        var logger = loggers.CreateLogger("Workflows.Http.Workflows");
        var cancellationToken = http.RequestAborted;
        var requestPath = "/" + (path ?? "").Trim('/');
        var method = http.Request.Method.ToLowerInvariant();
        var instanceFilter = http.Request.Query["workflowInstanceId"].FirstOrDefault();
        var correlationId = http.Request.Query["correlationId"].FirstOrDefault() ?? http.Request.Headers["X-Correlation-ID"].FirstOrDefault();

        // Triggers first, then waiting instances (Elsa's order).
        var routes = await table.GetAsync(db, cancellationToken);
        var triggerMatches = routes.Select(r => (Route: r, Data: HttpRouteTable.Match(r.Route, requestPath))).Where(x => x.Data is not null).ToList();
        var bookmarkQuery = db.Bookmarks.AsNoTracking().Where(b => b.Kind == HttpBookmarks.Kind);
        if (!string.IsNullOrEmpty(instanceFilter)) bookmarkQuery = bookmarkQuery.Where(b => b.InstanceId == instanceFilter);
        if (!string.IsNullOrEmpty(correlationId)) bookmarkQuery = bookmarkQuery.Where(b => b.CorrelationId == correlationId);
        var bookmarks = (await bookmarkQuery.Select(b => new { b.Id, b.InstanceId, b.Name }).ToListAsync(cancellationToken))
            .Select(b => (Bookmark: b, Parsed: HttpBookmarks.Parse(b.Name ?? ""))).Select(x => (x.Bookmark, x.Parsed, Data: HttpRouteTable.Match(x.Parsed.Route, requestPath)))
            .Where(x => x.Data is not null).ToList();

        var triggers = triggerMatches.Where(x => x.Route.Methods.Contains(method)).ToList();
        var waiting = bookmarks.Where(x => x.Parsed.Method == method).ToList();
        if (triggers.Count == 0 && waiting.Count == 0)
        {
            var allowed = triggerMatches.SelectMany(x => x.Route.Methods).Concat(bookmarks.Select(x => x.Parsed.Method)).Select(m => m.ToUpperInvariant()).Distinct().Order().ToList();
            if (allowed.Count > 0)
            {
                http.Response.Headers.Allow = string.Join(", ", allowed);
                await Error(http, StatusCodes.Status405MethodNotAllowed, $"该路径不接受 {http.Request.Method} 请求，可用：{string.Join(", ", allowed)}。 / {http.Request.Method} is not accepted here; allowed: {string.Join(", ", allowed)}.");
                return;
            }
            await Error(http, StatusCodes.Status404NotFound, $"没有流程在路径 {requestPath} 上等待请求。 / No workflow handles {requestPath}.");
            return;
        }
        if (triggers.Count > 1 || (triggers.Count == 0 && waiting.Select(w => w.Bookmark.InstanceId).Distinct().Count() > 1))
        {
            await Error(http, StatusCodes.Status409Conflict, "该请求匹配多个流程，无法确定由哪个处理（可加 ?workflowInstanceId= 或 ?correlationId=）。 / The call is ambiguous and matches multiple workflows.");
            return;
        }

        Target target;
        if (triggers.Count == 1)
        {
            var (route, data) = triggers[0];
            target = new Target(route.DefinitionId, route.ActivityId, null, null, data!, route.Settings);
        }
        else
        {
            var (bookmark, _, data) = waiting[0];
            var state = await db.Instances.AsNoTracking().Where(i => i.Id == bookmark.InstanceId).Select(i => i.StateJson).FirstOrDefaultAsync(cancellationToken);
            var payload = state is null ? null : StateSerializer.Deserialize(state).Bookmarks.FirstOrDefault(b => b.Id == bookmark.Id)?.Payload;
            target = new Target(null, null, bookmark.InstanceId, bookmark.Id, data!, EndpointSettings.FromBookmarkPayload(payload));
        }

        var user = await AuthorizeAsync(http, target.Settings);
        if (user.Refused) return;

        var (status, body) = await ReadBodyAsync(http, target.Settings, options.Value);
        if (status is { } refusal)
        {
            await Error(http, refusal, body as string ?? "");
            return;
        }
        var request = new HttpRequestData
        {
            Method = http.Request.Method.ToUpperInvariant(),
            Path = requestPath,
            RouteData = target.RouteData,
            Query = ToJson(http.Request.Query.Select(q => (q.Key, q.Value.ToArray()))),
            Headers = ToJson(http.Request.Headers.Where(h => !HiddenHeaders.Contains(h.Key, StringComparer.OrdinalIgnoreCase)).Select(h => (h.Key, h.Value.ToArray()))),
            ParsedContent = body as JsonNode,
            ContentType = http.Request.ContentType,
            TooLarge = body is TooLargeMarker,
        };

        var exchange = new HttpExchange(request);
        RunOutcome outcome;
        using (AmbientHttpExchange.Begin(exchange))
        {
            outcome = target.DefinitionId is { } definitionId
                ? await runtime.StartAsync(new StartWorkflowRequest { DefinitionId = definitionId, TriggerActivityId = target.ActivityId, CorrelationId = correlationId, InitiatedBy = user.Name }, cancellationToken)
                : await runtime.ResumeAsync(new ResumeRequest { InstanceId = target.InstanceId!, BookmarkId = target.BookmarkId!, Payload = request.ToJson() }, cancellationToken);
        }
        LogHandled(logger, http.Request.Method, requestPath, outcome.Status.ToString(), outcome.InstanceId);

        if (!outcome.Succeeded)
        {
            var code = outcome.Status switch
            {
                RunStatus.NotFound => StatusCodes.Status404NotFound,
                RunStatus.Invalid => StatusCodes.Status400BadRequest,
                _ => StatusCodes.Status409Conflict,
            };
            await Error(http, code, outcome.Message ?? "");
            return;
        }
        if (outcome.InstanceId is { } id) http.Response.Headers["x-elsa-workflow-instance-id"] = id;
        if (exchange.Response is { } response)
        {
            http.Response.StatusCode = response.StatusCode;
            foreach (var (name, value) in response.Headers) http.Response.Headers.Append(name, value);
            if (response.ContentType is not null) http.Response.ContentType = response.ContentType;
            if (response.Body is { Length: > 0 } bytes) await http.Response.Body.WriteAsync(bytes, cancellationToken);
            return;
        }
        if (outcome.State?.SubStatus == WorkflowSubStatus.Faulted)
        {
            // Elsa's DefaultHttpEndpointFaultHandler: 500, the details stay in the instance's incidents.
            await Error(http, StatusCodes.Status500InternalServerError, $"流程 {outcome.InstanceId} 出错，详情见实例的故障记录。 / Workflow {outcome.InstanceId} faulted; see its incidents.");
            return;
        }
        http.Response.StatusCode = StatusCodes.Status200OK;
    }

    private readonly record struct Caller(bool Refused, string? Name);

    /// <summary>Elsa's AuthenticationBasedHttpEndpointAuthorizationHandler, on bearer tokens only.</summary>
    private static async Task<Caller> AuthorizeAsync(HttpContext http, EndpointSettings settings)
    {
        var result = await http.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
        var name = result.Succeeded ? result.Principal?.FindFirst(Claims.UserName)?.Value : null;
        if (!settings.Authorize) return new Caller(false, name);
        if (!result.Succeeded || result.Principal is null)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            await Error(http, StatusCodes.Status401Unauthorized, "此接口需要登录（Bearer 令牌）。 / This endpoint requires a bearer token.");
            return new Caller(true, null);
        }
        if (settings.Policy is { } policyName)
        {
            var policies = http.RequestServices.GetRequiredService<IAuthorizationPolicyProvider>();
            var policy = await policies.GetPolicyAsync(policyName);
            var allowed = policy is not null && (await http.RequestServices.GetRequiredService<IAuthorizationService>().AuthorizeAsync(result.Principal, policy)).Succeeded;
            if (!allowed)
            {
                await Error(http, StatusCodes.Status403Forbidden, $"不满足授权策略 {policyName}。 / Policy {policyName} is not satisfied.");
                return new Caller(true, name);
            }
        }
        return new Caller(false, name);
    }

    private sealed class TooLargeMarker
    {
        public static readonly TooLargeMarker Instance = new();
    }

    /// <summary>
    /// Reads and parses the body as Elsa's HttpEndpoint does (form fields, JSON, text), within the endpoint's
    /// RequestSizeLimit (else Http:MaxRequestBodyBytes). Returns a refusal status and message, or the parsed content.
    /// </summary>
    private static async Task<(int? Status, object? Body)> ReadBodyAsync(HttpContext http, EndpointSettings settings, HttpWorkflowOptions options)
    {
        var limit = settings.RequestSizeLimit ?? options.MaxRequestBodyBytes;
        var request = http.Request;
        var hasContent = request.ContentLength > 0 || (request.ContentLength is null && !string.IsNullOrWhiteSpace(request.ContentType));
        if (!hasContent) return (null, null);
        var tooLarge = (413, (object)$"请求内容超过 {limit} 字节上限。 / The maximum request size allowed is {limit} bytes.");
        if (request.ContentLength > limit) return settings.ExposeRequestTooLarge ? (null, TooLargeMarker.Instance) : tooLarge;

        using var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
            {
                if (buffer.Length + read > limit) return settings.ExposeRequestTooLarge ? (null, TooLargeMarker.Instance) : tooLarge;
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return tooLarge;
        }

        var bytes = buffer.ToArray();
        var mediaType = HttpContentCodec.MediaType(request.ContentType);
        if (mediaType == HttpContentCodec.FormUrlEncoded)
            return (null, ToJson(QueryHelpers.ParseQuery(Encoding.UTF8.GetString(bytes)).Select(p => (p.Key, p.Value.ToArray()))));
        if (mediaType == "multipart/form-data")
        {
            request.Body = new MemoryStream(bytes);
            try
            {
                var form = await request.ReadFormAsync(http.RequestAborted);
                return (null, ToJson(form.Select(p => (p.Key, p.Value.ToArray()))));
            }
            catch (InvalidDataException)
            {
                return (400, "表单内容无法解析。 / The form content cannot be read.");
            }
        }
        if (mediaType.Contains("json", StringComparison.Ordinal))
        {
            try
            {
                return (null, JsonNode.Parse(bytes));
            }
            catch (JsonException)
            {
                return (400, "请求内容不是合法的 JSON。 / The request body is not valid JSON.");
            }
        }
        return (null, HttpContentCodec.Parse(bytes, request.ContentType));
    }

    /// <summary>Elsa's ToObjectDictionary: one value as a string, several as an array.</summary>
    private static JsonObject ToJson(IEnumerable<(string Key, string?[] Values)> pairs)
    {
        var result = new JsonObject();
        foreach (var (key, values) in pairs)
            result[key] = values.Length == 1 ? JsonValue.Create(values[0]) : new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
        return result;
    }

    private static Task Error(HttpContext http, int status, string message)
    {
        http.Response.StatusCode = status;
        return http.Response.WriteAsJsonAsync(new { message });
    }

    [LoggerMessage(EventId = 4620, Level = LogLevel.Information, Message = "Workflow route {Method} {Path}: {Status} {WorkflowInstanceId}")]
    private static partial void LogHandled(ILogger logger, string method, string path, string status, string? workflowInstanceId);
}
