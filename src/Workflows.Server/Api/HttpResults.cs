using System.Text.Json;
using System.Text.Json.Nodes;
using Workflows.Engine.Model;
using Workflows.Runtime.Execution;
using Workflows.Server.Hosting;

namespace Workflows.Server.Api;

public static class HttpResults
{
    /// <summary>The HTTP answer for a runtime outcome that did not succeed.</summary>
    public static IResult Failure(RunOutcome outcome)
    {
        var (status, title) = outcome.Status switch
        {
            RunStatus.NotFound => (StatusCodes.Status404NotFound, "未找到"),
            RunStatus.Conflict => (StatusCodes.Status409Conflict, "无法执行：状态已变化"),
            RunStatus.Invalid => (StatusCodes.Status400BadRequest, "请求无效"),
            _ => (StatusCodes.Status500InternalServerError, "内部错误"),
        };
        return Security.Problems.Result(status, outcome.Message ?? title, title);
    }

    public static IResult BadRequest(string title, string detail, IReadOnlyList<string>? errors = null) =>
        Results.Json(new ApiError(title, detail, errors ?? [detail]), statusCode: StatusCodes.Status400BadRequest);

    /// <summary>
    /// Reads a JSON body as a node so that a malformed body gets a message with line and position instead of
    /// a binder failure, and an empty body counts as "no body".
    /// </summary>
    public static async Task<(JsonNode? Body, IResult? Error)> ReadJsonAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        string text;
        try
        {
            text = await reader.ReadToEndAsync(cancellationToken);
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Security.Problems.Result(StatusCodes.Status413PayloadTooLarge));
        }
        if (string.IsNullOrWhiteSpace(text)) return (null, null);
        try
        {
            return (EngineJson.ParseNode(text, "请求内容"), null);
        }
        catch (DefinitionFormatException ex)
        {
            return (null, BadRequest("JSON 格式错误", ex.Message + " / " + ex.MessageEn));
        }
    }

    public static JsonSerializerOptions Json => EngineJson.Options;
}
