using System.Text.Json.Nodes;

namespace Workflows.Runtime.Inbox;

public enum InboxStatus
{
    Ok,

    /// <summary>No such task, or the actor may not see it (ids leak nothing).</summary>
    NotFound,

    /// <summary>The actor sees the task but may not do this to it.</summary>
    Forbidden,

    /// <summary>It cannot happen any more: completed, withdrawn, claimed by someone else, already acted on.</summary>
    Conflict,

    /// <summary>The request itself is wrong: missing comment, bad form value, unknown user.</summary>
    Invalid,

    /// <summary>Too soon (催办 rate limit).</summary>
    TooManyRequests,
}

/// <summary>What an inbox operation answers: a status, a message for people (Chinese first) and optional data.</summary>
public sealed record InboxResult(InboxStatus Status, string? Message = null, JsonObject? Data = null, IReadOnlyList<string>? Errors = null)
{
    public bool Succeeded => Status == InboxStatus.Ok;

    public static InboxResult Ok(JsonObject? data = null) => new(InboxStatus.Ok, null, data);

    public static InboxResult Fail(InboxStatus status, string message, IReadOnlyList<string>? errors = null) => new(status, message, null, errors);

    public static InboxResult NotFound() => Fail(InboxStatus.NotFound, Texts.NotFound);
}

/// <summary>Thrown inside an operation (also inside a burst's accept step) to refuse it; nothing is committed.</summary>
public sealed class InboxRefusedException(InboxResult result) : Exception(result.Message)
{
    public InboxResult Result { get; } = result;

    public static InboxRefusedException Of(InboxStatus status, string message, IReadOnlyList<string>? errors = null) => new(InboxResult.Fail(status, message, errors));
}

/// <summary>Messages shared by several operations.</summary>
internal static class Texts
{
    public const string NotFound = "待办不存在或您无权查看。 / The task does not exist or is not visible to you.";
    public const string Withdrawn = "该事项已撤回或取消，不能再办理。 / The task was withdrawn or cancelled.";
    public const string NotOpen = "待办已结束，不能再操作。 / The task is closed.";
    public const string CommentRequired = "请填写意见。 / A comment is required.";

    public static string AlreadyCompleted(string? by, string? outcome) =>
        $"待办已由 {by} 办理（{outcome}），不能重复办理。 / The task was already completed by {by} ({outcome}).";
}
