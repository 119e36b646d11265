using System.Text.Json.Nodes;
using Workflows.Engine.Expressions;
using Workflows.Engine.Model;
using Workflows.Runtime.Inbox;
using Workflows.Server.Hosting;

namespace Workflows.Server.Api.Tasks;

/// <summary>HTTP for the inbox: statuses for results, request bodies read with clear errors, JSON shapes for lists.</summary>
internal static class InboxHttp
{
    public static IResult ToHttp(this InboxResult result)
    {
        if (result.Succeeded) return Results.Ok(result.Data ?? new JsonObject());
        var (status, title) = result.Status switch
        {
            InboxStatus.NotFound => (StatusCodes.Status404NotFound, "未找到"),
            InboxStatus.Forbidden => (StatusCodes.Status403Forbidden, "无权操作"),
            InboxStatus.Conflict => (StatusCodes.Status409Conflict, "无法执行：状态已变化"),
            InboxStatus.TooManyRequests => (StatusCodes.Status429TooManyRequests, "操作过于频繁"),
            _ => (StatusCodes.Status400BadRequest, "请求无效"),
        };
        return Security.Problems.Result(status, result.Message ?? title, title, result.Errors);
    }

    /// <summary>The body as a JSON object (an empty body is an empty object); a malformed one is a 400 with its position.</summary>
    public static async Task<(JsonObject Body, IResult? Error)> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (node, error) = await HttpResults.ReadJsonAsync(request, cancellationToken);
        if (error is not null) return ([], error);
        if (node is null) return ([], null);
        if (node is not JsonObject body) return ([], HttpResults.BadRequest("请求格式错误", "请求内容必须是 JSON 对象。 / The body must be a JSON object."));
        return (body, null);
    }

    public static (JsonObject? FormData, IResult? Error) FormData(JsonObject body) => body["formData"] switch
    {
        null => (null, null),
        JsonObject form => (form, null),
        _ => (null, HttpResults.BadRequest("表单数据格式错误", "formData 必须是对象。 / formData must be an object.")),
    };

    public static IReadOnlyList<string> Strings(JsonNode? node) => ValueConversion.ToStringList(node);

    public static string DueState(DueState state) => state.ToString().ToLowerInvariant();

    public static JsonObject Item(InboxItem i) => new()
    {
        ["id"] = i.Id,
        ["instanceId"] = i.InstanceId,
        ["title"] = i.Title,
        ["processName"] = i.ProcessName,
        ["definitionId"] = i.DefinitionId,
        ["step"] = i.StepName,
        ["initiator"] = i.Initiator,
        ["initiatorName"] = i.InitiatorName,
        ["createdAt"] = i.CreatedAt,
        ["dueAt"] = i.DueAt,
        ["dueState"] = DueState(i.DueState),
        ["status"] = i.Status,
        ["assignee"] = i.Assignee,
        ["candidateRole"] = i.CandidateRole,
        ["outcome"] = i.Outcome,
        ["outcomeLabel"] = i.OutcomeLabel is { } label ? Labels(label) : null,
        ["completedBy"] = i.CompletedBy,
        ["completedAt"] = i.CompletedAt,
        ["priority"] = i.Priority,
        ["branchId"] = i.BranchId,
        ["branchName"] = i.BranchName,
        ["countersign"] = i.IsCountersign,
        ["delegated"] = i.IsDelegated,
        ["readAt"] = i.ReadAt,
    };

    public static InboxView? ParseView(string? view) => (view ?? "todo").Trim().ToLowerInvariant() switch
    {
        "todo" or "to-do" => InboxView.ToDo,
        "done" => InboxView.Done,
        "started" => InboxView.Started,
        "cc" or "copied" => InboxView.CarbonCopied,
        _ => null,
    };

    public static JsonArray Array(IEnumerable<JsonNode?> items) => new(items.ToArray());

    public static JsonNode? Parse(string? json) => json is null ? null : ValueConversion.TryParse(json);

    public static JsonObject Labels(Workflows.Engine.Activities.LocalizedText text) => new() { ["zh"] = text.Zh, ["en"] = text.En };

    public static string Write(JsonNode node) => EngineJson.Write(node);
}
