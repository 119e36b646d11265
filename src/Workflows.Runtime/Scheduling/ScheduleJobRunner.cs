using Hangfire;
using Hangfire.Server;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workflows.Engine.Services;
using Workflows.Runtime.Hosting;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Scheduling;

/// <summary>
/// The one Hangfire job of the service: a firing of a schedule. It works out the tick, writes the run history
/// (wf_schedule_runs: a row when it starts, completed with the result), and runs the schedule's
/// <see cref="IScheduledJob"/>.
/// </summary>
/// <remarks>
/// The tick: "run now" and the resume catch-up pass it; a recurring job's firing belongs to the latest occurrence
/// at or before its background job was created. A background job executed again (requeued after a shutdown, after
/// its node died, or fetched again after the invisibility timeout) has the same creation time, so the same tick:
/// it finds its earlier history row by job id and carries on ("recovery"), or does nothing if it already finished.
/// </remarks>
public sealed partial class ScheduleJobRunner(
    IServiceProvider services,
    WorkflowsDbContext db,
    ScheduleCatalog catalog,
    WorkflowScheduler scheduler,
    StartupGate gate,
    OccurrenceGate occurrences,
    IIdGenerator ids,
    TimeProvider clock,
    ILogger<ScheduleJobRunner> logger)
{
    private const int MaxMessage = 4000;

    [Queue(SchedulerNode.Queue)]
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("{0}")]
    public async Task RunAsync(string scheduleKey, string? requestedBy, DateTime? tickUtc, PerformContext? context, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        var jobId = context?.BackgroundJob.Id ?? "inline-" + ids.NewId();
        var now = clock.GetUtcNow();
        if (!ScheduleKey.TryParse(scheduleKey, out var key))
        {
            LogUnknown(scheduleKey, jobId);
            return;
        }
        var entry = await catalog.FindAsync(key, cancellationToken);

        // Earlier executions of this background job.
        var prefix = jobId + "/";
        var earlier = await db.Set<ScheduleRunRecord>().Where(r => r.FireInstanceId.StartsWith(prefix)).OrderBy(r => r.FiredAt).ToListAsync(cancellationToken);
        if (earlier.Any(r => r.Status is ScheduleRunStatuses.Succeeded or ScheduleRunStatuses.Failed))
        {
            LogAlreadyDone(scheduleKey, jobId);
            return;
        }
        var recovering = false;
        foreach (var previous in earlier.Where(r => r.Status == ScheduleRunStatuses.Running))
        {
            if (scheduler.IsAlive(previous.Node))
            {
                // The same firing is at work right now (fetched twice); let it finish.
                LogAlreadyRunning(scheduleKey, jobId, previous.Node);
                return;
            }
            var claimed = await db.Set<ScheduleRunRecord>()
                .Where(r => r.Id == previous.Id && r.Status == ScheduleRunStatuses.Running)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(r => r.Status, ScheduleRunStatuses.Interrupted)
                    .SetProperty(r => r.FinishedAt, now.UtcDateTime)
                    .SetProperty(r => r.Message, "执行中断（服务停止或崩溃），已由恢复执行接续。 / Interrupted (the service stopped or crashed); continued by a recovery run."), cancellationToken);
            if (claimed == 0) return;
        }
        recovering = earlier.Count > 0;

        DateTimeOffset? tick = earlier.FirstOrDefault()?.ScheduledFireAt is { } recorded
            ? new DateTimeOffset(DateTime.SpecifyKind(recorded, DateTimeKind.Utc))
            : tickUtc is { } given ? new DateTimeOffset(DateTime.SpecifyKind(given, DateTimeKind.Utc)) : null;
        if (tick is null && entry?.Cron is { } cron)
        {
            var created = context is null ? now : new DateTimeOffset(DateTime.SpecifyKind(context.BackgroundJob.CreatedAt, DateTimeKind.Utc));
            tick = CronText.Latest(cron, created);
            // Hangfire fires a cron with a year field every year; the years the field leaves out do nothing.
            if (tick is null || (CronText.HasYearFilter(cron) && TimeZoneInfo.ConvertTime(tick.Value, CronText.China).Year != TimeZoneInfo.ConvertTime(created, CronText.China).Year))
            {
                LogNotThisYear(scheduleKey);
                return;
            }
        }

        // The check and the insert are one step per schedule on this node (OccurrenceGate).
        ScheduleRunRecord row;
        using (await occurrences.EnterAsync(scheduleKey, cancellationToken))
        {
            // Another background job already fired this occurrence (Hangfire fires a recurring job that was just added
            // again in the second of a tick, and the resume catch-up may name the same tick): one firing per tick.
            if (!recovering && tick is { } occurrence)
            {
                var at = occurrence.UtcDateTime;
                var fired = await db.Set<ScheduleRunRecord>().AsNoTracking().AnyAsync(r => r.ScheduleKey == scheduleKey && r.ScheduledFireAt == at
                    && r.Status != ScheduleRunStatuses.Interrupted && !r.FireInstanceId.StartsWith(prefix), cancellationToken);
                if (fired)
                {
                    LogTickDone(scheduleKey, jobId, CronText.Format(occurrence));
                    return;
                }
            }

            row = new ScheduleRunRecord
            {
                Id = ids.NewId(),
                ScheduleKey = scheduleKey,
                FireInstanceId = $"{jobId}/{earlier.Count + 1}",
                ScheduledFireAt = (tick ?? now).UtcDateTime,
                FiredAt = now.UtcDateTime,
                Status = ScheduleRunStatuses.Running,
                RequestedBy = requestedBy ?? earlier.FirstOrDefault()?.RequestedBy,
                IsRecovery = recovering,
                Node = scheduler.Node.Id,
            };
            db.Set<ScheduleRunRecord>().Add(row);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another execution of the same job wrote its row first (unique FireInstanceId): it does the work.
                LogAlreadyRunning(scheduleKey, jobId, null);
                return;
            }
        }

        try
        {
            var result = entry is null
                ? ScheduleRunResult.Failure($"计划 {key} 已不存在（流程已撤回或删除，或配置已移除），本次未启动任何流程。 / Schedule {key} no longer exists; nothing was started.")
                : !entry.CanSchedule
                    ? ScheduleRunResult.Failure(entry.Problem ?? "该计划无法执行。 / This schedule cannot run.")
                    : await ((IScheduledJob)services.GetRequiredService(entry.JobType)).ExecuteAsync(new ScheduleFiring(entry, tick ?? now, row.RequestedBy, recovering), cancellationToken);
            row.Status = result.Succeeded ? ScheduleRunStatuses.Succeeded : ScheduleRunStatuses.Failed;
            row.Period = result.Period;
            row.Total = result.Total;
            row.Started = result.Started;
            row.Existing = result.Existing;
            row.Failed = result.Failed;
            row.Message = Truncate(result.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // A shutdown: Hangfire puts the job back in the queue, and its next execution carries on.
            row.Status = ScheduleRunStatuses.Interrupted;
            row.Message = "服务停止，执行中断；服务再次启动时将继续。 / Stopped by a shutdown; it continues when the service starts again.";
            await FinishAsync(row);
            throw;
        }
        catch (Exception ex)
        {
            row.Status = ScheduleRunStatuses.Failed;
            row.Message = Truncate("执行失败，详见服务日志。 / The run failed; see the service log.");
            await FinishAsync(row);
            LogFailed(ex, scheduleKey, jobId);
            throw;
        }
        await FinishAsync(row);
    }

    /// <summary>Written even during a shutdown: the row is what tells the secretariat what happened.</summary>
    private async Task FinishAsync(ScheduleRunRecord row)
    {
        row.FinishedAt = clock.GetUtcNow().UtcDateTime;
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogHistoryFailed(ex, row.ScheduleKey);
        }
    }

    private static string? Truncate(string? text) => text is null || text.Length <= MaxMessage ? text : text[..MaxMessage];

    [LoggerMessage(EventId = 4240, Level = LogLevel.Error, Message = "Could not write the run history of {ScheduleKey}")]
    private partial void LogHistoryFailed(Exception exception, string scheduleKey);

    [LoggerMessage(EventId = 4241, Level = LogLevel.Warning, Message = "Job {JobId} names no schedule of ours ({ScheduleKey}); nothing done")]
    private partial void LogUnknown(string scheduleKey, string jobId);

    [LoggerMessage(EventId = 4242, Level = LogLevel.Information, Message = "Job {JobId} of {ScheduleKey} already finished; this execution does nothing")]
    private partial void LogAlreadyDone(string scheduleKey, string jobId);

    [LoggerMessage(EventId = 4243, Level = LogLevel.Information, Message = "Job {JobId} of {ScheduleKey} is already running on {Node}; this execution does nothing")]
    private partial void LogAlreadyRunning(string scheduleKey, string jobId, string? node);

    [LoggerMessage(EventId = 4246, Level = LogLevel.Information, Message = "Job {JobId}: the tick {Tick} of {ScheduleKey} has fired already; this execution does nothing")]
    private partial void LogTickDone(string scheduleKey, string jobId, string tick);

    [LoggerMessage(EventId = 4244, Level = LogLevel.Debug, Message = "Schedule {ScheduleKey}: not a year of its cron; nothing done")]
    private partial void LogNotThisYear(string scheduleKey);

    [LoggerMessage(EventId = 4245, Level = LogLevel.Error, Message = "Schedule {ScheduleKey} (job {JobId}) failed")]
    private partial void LogFailed(Exception exception, string scheduleKey, string jobId);
}
