using System.Globalization;

namespace Workflows.Runtime.Scheduling;

/// <summary>What a schedule's job did; the runner writes it into the run history (wf_schedule_runs).</summary>
public sealed record ScheduleRunResult(bool Succeeded, string? Period, int Total, int Started, int Existing, int Failed, string? Message)
{
    public static ScheduleRunResult Failure(string message, string? period = null) => new(false, period, 0, 0, 0, 0, message);
}

/// <summary>
/// One firing of a schedule as its job sees it: the schedule as it is now, the occurrence (tick) the firing belongs
/// to, who asked for it ("run now") and whether it carries on a firing that a crash or a shutdown cut short.
/// Every idempotency key a job makes comes from <see cref="Tick"/>, so all firings of one occurrence make the same keys.
/// </summary>
public sealed record ScheduleFiring(ScheduleEntry Entry, DateTimeOffset Tick, string? RequestedBy, bool IsRecovery)
{
    /// <summary>The tick as it goes into keys: UTC to the second.</summary>
    public string Stamp => Tick.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
}

/// <summary>A schedule's work. Registered with <see cref="SchedulingSetup.AddSystemSchedule{TJob}"/> or built in (cron starts, runs).</summary>
public interface IScheduledJob
{
    Task<ScheduleRunResult> ExecuteAsync(ScheduleFiring firing, CancellationToken cancellationToken);
}
