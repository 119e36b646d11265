using System.Text;
using System.Text.Json.Nodes;
using Workflows.Engine.Execution;
using Workflows.Engine.Expressions;
using Workflows.Engine.Model;

namespace Workflows.Engine.Activities.Http;

/// <summary>
/// Turning workflow values into HTTP bodies and back, after Elsa.Http's content factories
/// (ContentWriters/*ContentFactory.cs) and parsers (Parsers/*HttpContentParser.cs).
/// </summary>
public static class HttpContentCodec
{
    public const string Json = "application/json";
    public const string Text = "text/plain";
    public const string FormUrlEncoded = "application/x-www-form-urlencoded";
    public const string Octet = "application/octet-stream";

    /// <summary>The content types WriteHttpResponse and SendHttpRequest offer (Elsa's HttpActivityOptions.AvailableContentTypes).</summary>
    public static readonly string[] ContentTypes =
        ["application/json", "application/xml", FormUrlEncoded, Octet, Text, "text/html", "text/json", "text/xml"];

    /// <summary>WriteHttpResponse's DetermineContentType: a string is text, anything else JSON.</summary>
    public static string DefaultContentType(JsonNode content) =>
        content is JsonValue v && v.TryGetValue<string>(out _) ? Text : Json;

    public static byte[] Serialize(JsonNode? content, string contentType)
    {
        if (content is null) return [];
        var mediaType = MediaType(contentType);
        if (mediaType == FormUrlEncoded && content is JsonObject form)
            return Encoding.UTF8.GetBytes(string.Join('&', form.Select(p =>
                Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(ValueConversion.ToText(p.Value) ?? ""))));
        if (mediaType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            // A string that already holds JSON goes as-is; any other value is serialised.
            if (content is JsonValue s && s.TryGetValue<string>(out var text) && ValueConversion.TryParse(text) is not null) return Encoding.UTF8.GetBytes(text);
            return Encoding.UTF8.GetBytes(content.ToJsonString(EngineJson.Options));
        }
        return Encoding.UTF8.GetBytes(ValueConversion.ToText(content) ?? "");
    }

    /// <summary>JSON is parsed, text-like bodies become a string, anything else is not parsed (null).</summary>
    public static JsonNode? Parse(byte[] body, string? contentType)
    {
        if (body.Length == 0) return null;
        var mediaType = MediaType(contentType);
        var text = Encoding.UTF8.GetString(body);
        if (mediaType.Contains("json", StringComparison.OrdinalIgnoreCase))
            return ValueConversion.TryParse(text) ?? JsonValue.Create(text);
        return IsText(mediaType) ? JsonValue.Create(text) : null;
    }

    public static bool IsText(string mediaType) =>
        mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase) || mediaType.Contains("xml", StringComparison.OrdinalIgnoreCase)
        || mediaType.Contains("json", StringComparison.OrdinalIgnoreCase) || mediaType == FormUrlEncoded;

    public static string MediaType(string? contentType) =>
        (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();

    /// <summary>Headers as Elsa's HttpHeaders JSON: an object of name → string or array of strings.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ReadHeaders(JsonNode? node)
    {
        if (node is JsonValue v && v.TryGetValue<string>(out var text)) node = ValueConversion.TryParse(text);
        if (node is not JsonObject headers) return [];
        var list = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in headers)
        {
            if (value is JsonArray values)
                list.AddRange(values.Select(x => new KeyValuePair<string, string>(name, ValueConversion.ToText(x) ?? "")));
            else if (ValueConversion.ToText(value) is { } single)
                list.Add(new(name, single));
        }
        return list;
    }

    /// <summary>ExpectedStatusCodes of FlowSendHttpRequest/DownloadHttpFile: an array of ints (Elsa's default is [200]).</summary>
    public static IReadOnlyList<int> StatusCodes(JsonNode? node) =>
        ValueConversion.ToStringList(node).Select(s => int.TryParse(s, out var code) ? code : -1).Where(c => c is >= 100 and <= 599).Distinct().ToList();

    /// <summary>
    /// Reads a literal ExpectedStatusCodes from the activity JSON so that the designer and the flowchart know the ports
    /// (SendHttpRequestActivityPortResolver does the same for Studio).
    /// </summary>
    public static IReadOnlyList<int> LiteralStatusCodes(JsonObject activity, IReadOnlyList<int> fallback)
    {
        if (activity.GetObject("expectedStatusCodes") is not { } input) return fallback;
        var expression = input.GetObject("expression");
        return expression?.GetString("type") is "Literal" or "Object" or null ? StatusCodes(expression?["value"]) : fallback;
    }

    /// <summary>The HTTP status of WriteHttpResponse's StatusCode input: a number or an HttpStatusCode name ("OK", "NotFound").</summary>
    public static int? StatusCode(JsonNode? node)
    {
        var text = ValueConversion.ToText(node)?.Trim();
        if (string.IsNullOrEmpty(text)) return null;
        if (int.TryParse(text, out var code)) return code;
        return Enum.TryParse<System.Net.HttpStatusCode>(text, ignoreCase: true, out var named) ? (int)named : null;
    }

    /// <summary>Fault raised by WriteHttpResponse and WriteFileHttpResponse outside an HTTP request, as Elsa's HttpFaultCodes.NoHttpContext.</summary>
    public static HttpExchange RequireExchange(ActivityExecutionContext context) =>
        context.GetService<IHttpExchangeAccessor>()?.Current
        ?? throw new ActivityFaultException(
            "没有可写回的 HTTP 请求：本段流程不是由 HTTP 请求启动或继续的（例如在后台继续）。 / The HTTP context was lost: this part of the workflow does not run for an HTTP request.",
            code: "NoHttpContext", category: "HTTP");
}
