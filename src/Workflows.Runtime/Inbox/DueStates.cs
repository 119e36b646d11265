using Workflows.Engine.Activities;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Inbox;

/// <summary>Where an open task stands against its due date.</summary>
public enum DueState
{
    /// <summary>No due date.</summary>
    None,

    /// <summary>Due later.</summary>
    Normal,

    /// <summary>即将到期: within the warning window.</summary>
    Warning,

    /// <summary>已超期.</summary>
    Overdue,
}

public static class DueStates
{
    /// <summary>The start of the warning window (see <see cref="InboxOptions.DueWarningWithin"/>).</summary>
    public static DateTime? WarnAt(DateTime createdAt, DateTime? dueAt, InboxOptions options)
    {
        if (dueAt is not { } due) return null;
        var allowed = due - createdAt;
        if (allowed <= TimeSpan.Zero) return due;
        var window = TimeSpan.FromTicks(Math.Min(options.DueWarningWithin.Ticks, (long)(allowed.Ticks * Math.Clamp(options.DueWarningFraction, 0, 1))));
        return due - window;
    }

    /// <summary>Only open tasks have a due state; a closed one is <see cref="DueState.None"/>.</summary>
    public static DueState Of(TaskRecord task, DateTime now)
    {
        if (task.Status != TaskStatuses.Open || task.DueAt is not { } due) return DueState.None;
        if (due <= now) return DueState.Overdue;
        return task.WarnAt is { } warn && warn <= now ? DueState.Warning : DueState.Normal;
    }

    public static LocalizedText Label(DueState state) => state switch
    {
        DueState.Overdue => new("已超期", "Overdue"),
        DueState.Warning => new("即将到期", "Due soon"),
        DueState.Normal => new("正常", "On time"),
        _ => new("无期限", "No due date"),
    };

    public static DueState? Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "overdue" => DueState.Overdue,
        "warning" or "duesoon" => DueState.Warning,
        "normal" => DueState.Normal,
        "none" => DueState.None,
        _ => null,
    };
}
