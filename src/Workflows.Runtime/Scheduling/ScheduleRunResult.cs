using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Quartz;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Scheduling;

/// <summary>What a schedule's job did, handed to the run-history listener through <see cref="IJobExecutionContext.Result"/>.</summary>
public sealed record ScheduleRunResult(bool Succeeded, string? Period, int Total, int Started, int Existing, int Failed, string? Message)
{
    public static ScheduleRunResult Failure(string message, string? period = null) => new(false, period, 0, 0, 0, 0, message);
}

/// <summary>The tick a firing belongs to, and who asked for it.</summary>
internal static class Firing
{
    /// <summary>Set on the one-off trigger of "run now" from the schedules page.</summary>
    public const string RequestedByKey = "requestedBy";

    /// <summary>
    /// The scheduled time of the tick, so that every firing for one tick makes the same idempotency keys. After a
    /// misfire Quartz reports the missed tick's time. A recovery firing (after a crash or a shutdown cut a firing
    /// short) is scheduled at the time the original fired, which can be later than its tick; the run-history
    /// listener has copied the interrupted firing's tick onto this firing's row, and that is used.
    /// </summary>
    public static async Task<DateTimeOffset> TickAsync(IJobExecutionContext context, WorkflowsDbContext db, CancellationToken cancellationToken)
    {
        if (context.Recovering)
        {
            var recorded = await db.Set<ScheduleRunRecord>().AsNoTracking()
                .Where(r => r.FireInstanceId == context.FireInstanceId).Select(r => r.ScheduledFireAt).FirstOrDefaultAsync(cancellationToken);
            if (recorded is { } tick) return new DateTimeOffset(DateTime.SpecifyKind(tick, DateTimeKind.Utc));
            if (OriginalScheduledTime(context) is { } original) return original;
        }
        return context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
    }

    /// <summary>The scheduled time of the firing a recovery firing replaces, when Quartz put it in the job data.</summary>
    public static DateTimeOffset? OriginalScheduledTime(IJobExecutionContext context) =>
        context.Recovering
        && context.MergedJobDataMap.TryGetValue(SchedulerConstants.FailedJobOriginalTriggerScheduledFireTime, out var original)
        && DateTimeOffset.TryParse(original?.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : null;

    /// <summary>The tick as it goes into keys: UTC to the second.</summary>
    public static string Stamp(DateTimeOffset tick) => tick.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    public static string? RequestedBy(IJobExecutionContext context) =>
        context.MergedJobDataMap.TryGetValue(RequestedByKey, out var who) ? who?.ToString() : null;
}
