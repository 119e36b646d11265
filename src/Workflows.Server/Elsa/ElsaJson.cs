using System.Text.Json;
using System.Text.Json.Nodes;
using Workflows.Engine.Model;
using Workflows.Engine.Validation;
using Workflows.Server.Api;
using Workflows.Server.Hosting;

namespace Workflows.Server.Elsa;

/// <summary>
/// Envelopes and errors of Elsa's wire format (elsa-studio-api.md §2): camelCase, collections never null, 400s
/// carrying <c>errors</c> (Studio shows them in a snackbar), and 4xx rather than 5xx for client mistakes, because
/// Studio retries 5xx three times before it gives up.
/// </summary>
public static class ElsaJson
{
    /// <summary>ListResponse&lt;T&gt;: <c>{items, count}</c>.</summary>
    public static JsonObject List(IEnumerable<JsonNode?> items)
    {
        var array = new JsonArray(items.ToArray());
        return new JsonObject { ["items"] = array, ["count"] = array.Count };
    }

    /// <summary>PagedListResponse&lt;T&gt;: <c>{items, totalCount, links?}</c>.</summary>
    public static JsonObject Paged(IEnumerable<JsonNode?> items, long totalCount, JsonArray? links = null)
    {
        var page = new JsonObject { ["items"] = new JsonArray(items.ToArray()), ["totalCount"] = totalCount };
        if (links is not null) page["links"] = links;
        return page;
    }

    public static JsonObject Link(string href, string rel, string method) => new() { ["href"] = href, ["rel"] = rel, ["method"] = method };

    /// <summary>Writes a node as the body; JsonNode keeps its member names as built (no naming policy applies).</summary>
    public static IResult Ok(JsonNode node) => Results.Text(node.ToJsonString(Options), "application/json; charset=utf-8");

    /// <summary>
    /// Elsa's options with relaxed escaping: responses are JSON, never inlined into HTML, so Chinese text and '+' in
    /// timestamps are written as they are.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = new(EngineJson.Options) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IResult Invalid(string title, IReadOnlyList<string> errors) =>
        Results.Json(new ApiError(title, string.Join(Environment.NewLine, errors), errors), statusCode: StatusCodes.Status400BadRequest);

    public static IResult Invalid(IEnumerable<ValidationMessage> messages) =>
        Invalid("流程定义有错误，未保存 / The definition has errors and was not saved",
            messages.Where(m => m.Severity == ValidationSeverity.Error).Select(Text).ToList());

    public static IResult NotFound(string zh, string en) =>
        Security.Problems.Result(StatusCodes.Status404NotFound, Ui.T(zh, en));

    /// <summary>For routes of Elsa's API this service does not offer: a clear answer instead of an empty 404.</summary>
    public static IResult NotImplemented(HttpRequest request)
    {
        var what = $"{request.Method} {request.Path}";
        var text = $"本服务未提供此 Elsa 接口：{what} / This service does not offer the Elsa endpoint {what}";
        return Results.Json(new ApiError("未实现 / Not implemented", text, [text]), statusCode: StatusCodes.Status501NotImplemented);
    }

    /// <summary>One finding for people: Chinese first, English after " / " (messages that already hold both stay as they are).</summary>
    public static string Text(ValidationMessage message) =>
        message.Message.Contains(" / ", StringComparison.Ordinal) || string.IsNullOrEmpty(message.MessageEn) || message.MessageEn == message.Message
            ? message.Message
            : $"{message.Message} / {message.MessageEn}";

    /// <summary>Reads a JSON object body; the error result says what is wrong (malformed, not an object, too large).</summary>
    public static async Task<(JsonObject? Body, IResult? Error)> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken, bool required = true)
    {
        var (body, error) = await HttpResults.ReadJsonAsync(request, cancellationToken);
        if (error is not null) return (null, error);
        if (body is null)
            return required ? (null, Invalid("缺少请求内容 / The body is missing", ["请求内容不能为空。 / The request body must not be empty."])) : (new JsonObject(), null);
        if (body is not JsonObject obj)
            return (null, Invalid("请求格式错误 / Malformed request", ["请求内容必须是 JSON 对象。 / The body must be a JSON object."]));
        return (obj, null);
    }

    /// <summary>String arrays in request bodies; null or missing is empty, anything else but strings is ignored.</summary>
    public static IReadOnlyList<string> Strings(JsonObject body, string name) =>
        body.GetArray(name)?.Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToList() ?? [];

    public static JsonArray StringArray(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    /// <summary>The culture of this request (query <c>lang</c> or the culture cookie, Chinese by default).</summary>
    public static string Culture => Ui.IsEnglish ? "en" : "zh-CN";
}
