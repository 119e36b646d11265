namespace Workflows.Runtime.Scheduling;

/// <summary>
/// What the secretariat changed about a schedule on the schedules page: a new cron for a configured run and
/// whether it is paused. The scheduler's own tables follow this row (it wins at every reconcile), so a change
/// survives restarts and reaches every node.
/// </summary>
public sealed class ScheduleSettingRecord
{
    /// <summary>The schedule key, e.g. "runs/annualAssessment" or "workflow-cron/p9:cron1".</summary>
    public required string Key { get; set; }

    /// <summary>Replaces the configured cron of a run; null keeps the configured one.</summary>
    public string? CronExpression { get; set; }
    public bool IsPaused { get; set; }
    public string? UpdatedBy { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>One execution of a schedule's firing and what came of it, written by <see cref="ScheduleJobRunner"/>.</summary>
public sealed class ScheduleRunRecord
{
    public required string Id { get; set; }
    public required string ScheduleKey { get; set; }

    /// <summary>"{Hangfire job id}/{execution}": one row per execution of a firing.</summary>
    public required string FireInstanceId { get; set; }

    /// <summary>The tick the firing belongs to (after a misfire: the first missed tick).</summary>
    public DateTime? ScheduledFireAt { get; set; }

    /// <summary>
    /// The tick this row holds: set while the execution runs and after it ended, cleared when it is Interrupted
    /// (its recovery holds it next). Unique per schedule, so one tick has one live firing, also across nodes.
    /// </summary>
    public DateTime? Occurrence { get; set; }
    public DateTime FiredAt { get; set; }
    public DateTime? FinishedAt { get; set; }

    /// <summary>Running, Succeeded, Failed, Interrupted.</summary>
    public required string Status { get; set; }

    /// <summary>The period a run worked on (e.g. 2025 for the previous year), when it has one.</summary>
    public string? Period { get; set; }
    public int Total { get; set; }
    public int Started { get; set; }
    public int Existing { get; set; }
    public int Failed { get; set; }
    public string? Message { get; set; }

    /// <summary>Run now from the schedules page (who asked), rather than the trigger.</summary>
    public string? RequestedBy { get; set; }
    public bool IsRecovery { get; set; }

    /// <summary>The scheduler instance (node) that ran it.</summary>
    public string? Node { get; set; }
}

public static class ScheduleRunStatuses
{
    public const string Running = "Running";
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";

    /// <summary>Stopped part-way (shutdown or crash); the recovery firing carries on.</summary>
    public const string Interrupted = "Interrupted";
}
