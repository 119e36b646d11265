using System.Text.Json.Nodes;
using Workflows.Engine.Model;

namespace Workflows.Engine.Activities.Http;

/// <summary>Bookmark kind and names of <c>Elsa.HttpEndpoint</c>: one bookmark per accepted method, named "method:/route".</summary>
public static class HttpBookmarks
{
    public const string Kind = "HttpEndpoint";

    /// <summary>
    /// Elsa's <c>NormalizeRoute</c>: one leading slash, no trailing one. The case is kept so that route parameters keep
    /// their names ({orderId}); routes match case-insensitively.
    /// </summary>
    public static string NormalizeRoute(string? path) => "/" + (path ?? "").Trim().Trim('/');

    public static string Name(string method, string route) => $"{method.ToLowerInvariant()}:{NormalizeRoute(route)}";

    /// <summary>Splits a bookmark name back into (method, route).</summary>
    public static (string Method, string Route) Parse(string name)
    {
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? ("get", NormalizeRoute(name)) : (name[..colon], name[(colon + 1)..]);
    }
}

/// <summary>
/// The inbound request a workflow route received, as the engine sees it: already matched, authorised and parsed by
/// the server. Also the payload of an HTTP resume, so it is plain JSON.
/// </summary>
public sealed record HttpRequestData
{
    public required string Method { get; init; }
    public required string Path { get; init; }
    public JsonObject RouteData { get; init; } = [];
    public JsonObject Query { get; init; } = [];
    public JsonObject Headers { get; init; } = [];
    public JsonNode? ParsedContent { get; init; }
    public string? ContentType { get; init; }

    /// <summary>The body exceeded the endpoint's RequestSizeLimit and the endpoint exposes "Request too large".</summary>
    public bool TooLarge { get; init; }

    public JsonObject ToJson() => new()
    {
        ["method"] = Method,
        ["path"] = Path,
        ["routeData"] = RouteData.DeepClone(),
        ["queryStringData"] = Query.DeepClone(),
        ["headers"] = Headers.DeepClone(),
        ["parsedContent"] = ParsedContent?.DeepClone(),
        ["contentType"] = ContentType,
        ["tooLarge"] = TooLarge,
    };

    public static HttpRequestData? FromJson(JsonNode? node) => node is JsonObject o && o.GetString("method") is { } method
        ? new HttpRequestData
        {
            Method = method,
            Path = o.GetString("path") ?? "/",
            RouteData = o.GetObject("routeData")?.DeepClone().AsObject() ?? [],
            Query = o.GetObject("queryStringData")?.DeepClone().AsObject() ?? [],
            Headers = o.GetObject("headers")?.DeepClone().AsObject() ?? [],
            ParsedContent = o["parsedContent"]?.DeepClone(),
            ContentType = o.GetString("contentType"),
            TooLarge = o.GetBool("tooLarge") == true,
        }
        : null;
}

/// <summary>What WriteHttpResponse / WriteFileHttpResponse produced; the server writes it after the burst committed.</summary>
public sealed record HttpResponseData(int StatusCode, string? ContentType, byte[]? Body, IReadOnlyList<KeyValuePair<string, string>> Headers, string? FileName = null);

/// <summary>One HTTP exchange: the request that started or resumed the burst and the response the workflow wrote.</summary>
public sealed class HttpExchange(HttpRequestData request)
{
    public HttpRequestData Request { get; } = request;
    public HttpResponseData? Response { get; set; }
}

/// <summary>The exchange the current burst runs for, if any (none for bursts the dispatcher runs in the background).</summary>
public interface IHttpExchangeAccessor
{
    HttpExchange? Current { get; }
}

/// <summary>
/// Flows the exchange with the async call that runs the burst. The engine stays free of ASP.NET: the server creates
/// the exchange from its request, runs the burst inside <see cref="Begin"/>, and writes the response afterwards.
/// </summary>
public sealed class AmbientHttpExchange : IHttpExchangeAccessor
{
    private static readonly AsyncLocal<HttpExchange?> Slot = new();

    public HttpExchange? Current => Slot.Value;

    public static IDisposable Begin(HttpExchange exchange)
    {
        var previous = Slot.Value;
        Slot.Value = exchange;
        return new Restore(previous);
    }

    private sealed class Restore(HttpExchange? previous) : IDisposable
    {
        public void Dispose() => Slot.Value = previous;
    }
}

/// <summary>An outgoing request of SendHttpRequest, FlowSendHttpRequest or DownloadHttpFile.</summary>
public sealed record OutgoingHttpRequest(
    string Method,
    Uri Url,
    byte[]? Content,
    string? ContentType,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string? Authorization,
    bool DisableAuthorizationHeaderValidation,
    TimeSpan? Timeout);

public enum OutgoingHttpFailure
{
    None,
    FailedToConnect,
    Timeout,
}

public sealed record OutgoingHttpResponse(OutgoingHttpFailure Failure, int StatusCode, string? ContentType, byte[] Content, JsonObject Headers, string? FileName = null)
{
    public static OutgoingHttpResponse Failed(OutgoingHttpFailure failure) => new(failure, 0, null, [], []);
}

/// <summary>Sends HTTP requests for activities. The runtime implements it with IHttpClientFactory.</summary>
public interface IOutgoingHttpClient
{
    /// <summary>Never throws for network trouble: connection failures and timeouts come back as <see cref="OutgoingHttpResponse.Failure"/>.</summary>
    Task<OutgoingHttpResponse> SendAsync(OutgoingHttpRequest request, CancellationToken cancellationToken);
}
