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

    /// <summary>How often an execution looks whether an earlier one of its job has ended.</summary>
    private static readonly TimeSpan WaitStep = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// An earlier execution on a live node ends within a second or two of losing the job (Hangfire's cancellation
    /// check); one still Running after this is taken to be gone without writing its end.
    /// </summary>
    private static readonly TimeSpan MaxWaitForEarlier = TimeSpan.FromMinutes(1);

    [Queue(SchedulerNode.Queue)]
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("{0}")]
    public async Task RunAsync(string scheduleKey, string? requestedBy, DateTime? tickUtc, PerformContext? context, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        var jobId = context?.BackgroundJob.Id ?? "inline-" + ids.NewId();
        if (!ScheduleKey.TryParse(scheduleKey, out var key))
        {
            LogUnknown(scheduleKey, jobId);
            return;
        }
        var entry = await catalog.FindAsync(key, cancellationToken);

        // Earlier executions of this background job. Hangfire aborts every execution of a job but the one that holds
        // its Processing state (the latest fetch), so this execution never leaves the work to an earlier one that
        // is still at work: that one is about to be aborted (or this one is). It waits for its end instead, and
        // takes over a Running row whose execution is gone.
        var prefix = jobId + "/";
        var waitingSince = clock.GetUtcNow();
        var waitLogged = false;
        ScheduleRunRecord row;
        IDisposable? tracking;
        bool recovering;
        DateTimeOffset? tick;
        while (true)
        {
            var earlier = await db.Set<ScheduleRunRecord>().AsNoTracking().Where(r => r.FireInstanceId.StartsWith(prefix)).OrderBy(r => r.FiredAt).ToListAsync(cancellationToken);
            if (earlier.Any(r => r.Status is ScheduleRunStatuses.Succeeded or ScheduleRunStatuses.Failed))
            {
                LogAlreadyDone(scheduleKey, jobId);
                return;
            }
            var running = earlier.Where(r => r.Status == ScheduleRunStatuses.Running).ToList();
            if (running.Count > 0)
            {
                var stale = clock.GetUtcNow() - waitingSince > MaxWaitForEarlier;
                // IsAtWork asks the database which servers are alive: once per row and pass, not twice.
                var atWork = stale ? new HashSet<string>(StringComparer.Ordinal) : running.Where(scheduler.IsAtWork).Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
                foreach (var previous in running.Where(r => !atWork.Contains(r.Id)))
                {
                    await db.Set<ScheduleRunRecord>()
                        .Where(r => r.Id == previous.Id && r.Status == ScheduleRunStatuses.Running)
                        .ExecuteUpdateAsync(u => u
                            .SetProperty(r => r.Status, ScheduleRunStatuses.Interrupted)
                            .SetProperty(r => r.Occurrence, (DateTime?)null)
                            .SetProperty(r => r.FinishedAt, clock.GetUtcNow().UtcDateTime)
                            .SetProperty(r => r.Message, "执行中断（服务停止或崩溃），已由恢复执行接续。 / Interrupted (the service stopped or crashed); continued by a recovery run."), cancellationToken);
                }
                if (atWork.Count > 0)
                {
                    if (!waitLogged) LogWaitingForEarlier(scheduleKey, jobId);
                    waitLogged = true;
                    await Task.Delay(WaitStep, clock, cancellationToken);
                }
                continue;
            }
            recovering = earlier.Count > 0;

            tick = earlier.FirstOrDefault()?.ScheduledFireAt is { } recorded
                ? new DateTimeOffset(DateTime.SpecifyKind(recorded, DateTimeKind.Utc))
                : tickUtc is { } given ? new DateTimeOffset(DateTime.SpecifyKind(given, DateTimeKind.Utc)) : null;
            var now = clock.GetUtcNow();
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

            // The check and the insert are one step per schedule on this node (OccurrenceGate); across nodes the
            // unique (ScheduleKey, Occurrence) index makes the second insert fail.
            var at = (tick ?? now).UtcDateTime;
            using (await occurrences.EnterAsync(scheduleKey, cancellationToken))
            {
                // Another background job already fired this occurrence (Hangfire fires a recurring job that was just added
                // again in the second of a tick, the resume catch-up may name the same tick, and while this job was
                // interrupted another may have taken its tick): one firing per tick.
                if (await TickTakenAsync(scheduleKey, at, prefix, cancellationToken))
                {
                    LogTickDone(scheduleKey, jobId, CronText.Format(new DateTimeOffset(at, TimeSpan.Zero)));
                    return;
                }

                row = new ScheduleRunRecord
                {
                    Id = ids.NewId(),
                    ScheduleKey = scheduleKey,
                    FireInstanceId = $"{jobId}/{earlier.Count + 1}",
                    ScheduledFireAt = at,
                    Occurrence = at,
                    FiredAt = now.UtcDateTime,
                    Status = ScheduleRunStatuses.Running,
                    RequestedBy = requestedBy ?? earlier.FirstOrDefault()?.RequestedBy,
                    IsRecovery = recovering,
                    Node = scheduler.Node.Id,
                };
                // Tracked before the insert, so an execution that reads the row finds it at work.
                tracking = scheduler.Local.Track(row.Id);
                db.Set<ScheduleRunRecord>().Add(row);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                }
                catch (Exception failure)
                {
                    // Whatever ended the insert (a conflict, a cancelled job, a lost connection), this node no longer
                    // runs the row: left tracked, later executions would wait for it until MaxWaitForEarlier.
                    tracking.Dispose();
                    db.Entry(row).State = EntityState.Detached;
                    if (failure is not DbUpdateException) throw;
                    // Another node fired this tick between the check and the insert (unique Occurrence): already fired.
                    if (await TickTakenAsync(scheduleKey, at, prefix, cancellationToken))
                    {
                        LogTickDone(scheduleKey, jobId, CronText.Format(new DateTimeOffset(at, TimeSpan.Zero)));
                        return;
                    }
                    // Another execution of the same job wrote this execution number first (unique FireInstanceId):
                    // look again (it is at work, or about to be aborted, or done).
                    continue;
                }
            }
            break;
        }

        try
        {
            var result = entry is null
                ? ScheduleRunResult.Failure($"计划 {key} 已不存在（流程已撤回或删除，或配置已移除），本次未启动任何流程。 / Schedule {key} no longer exists; nothing was started.")
                : !entry.CanSchedule
                    ? ScheduleRunResult.Failure(entry.Problem ?? "该计划无法执行。 / This schedule cannot run.")
                    : await ((IScheduledJob)services.GetRequiredService(entry.JobType)).ExecuteAsync(new ScheduleFiring(entry, tick ?? new DateTimeOffset(DateTime.SpecifyKind(row.FiredAt, DateTimeKind.Utc)), row.RequestedBy, recovering), cancellationToken);
            // A start cut short by the cancellation may come back as a failed item rather than an exception.
            if (!result.Succeeded) cancellationToken.ThrowIfCancellationRequested();
            row.Status = result.Succeeded ? ScheduleRunStatuses.Succeeded : ScheduleRunStatuses.Failed;
            row.Period = result.Period;
            row.Total = result.Total;
            row.Started = result.Started;
            row.Existing = result.Existing;
            row.Failed = result.Failed;
            row.Message = Truncate(result.Message);
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested)
        {
            // A shutdown (Hangfire puts the job back in the queue) or an abort (another execution of the job holds
            // it now): the next execution carries on. Whatever the cancellation surfaced as (a database command
            // cut short throws its own exception), it is an interruption, never a failure: a Failed row would end
            // the firing for good. Hangfire tells the two cases apart by the OperationCanceledException.
            row.Status = ScheduleRunStatuses.Interrupted;
            row.Occurrence = null;
            row.Message = "执行中断（服务停止，或由同一作业的新一次执行接手），将继续执行。 / Interrupted (a shutdown, or a newer execution of the job took over); it is carried on.";
            await FinishAsync(row, tracking);
            if (ex is OperationCanceledException) throw;
            throw new OperationCanceledException("The schedule firing was interrupted.", ex, cancellationToken);
        }
        catch (Exception ex)
        {
            row.Status = ScheduleRunStatuses.Failed;
            row.Message = Truncate("执行失败，详见服务日志。 / The run failed; see the service log.");
            await FinishAsync(row, tracking);
            LogFailed(ex, scheduleKey, jobId);
            throw;
        }
        await FinishAsync(row, tracking);
    }

    /// <summary>Whether a row of another job holds the tick (ran it, or runs it now).</summary>
    private Task<bool> TickTakenAsync(string scheduleKey, DateTime at, string prefix, CancellationToken cancellationToken) =>
        db.Set<ScheduleRunRecord>().AsNoTracking().AnyAsync(r => r.ScheduleKey == scheduleKey && r.Occurrence == at && !r.FireInstanceId.StartsWith(prefix), cancellationToken);

    /// <summary>Written even during a shutdown: the row is what tells the secretariat what happened.</summary>
    private async Task FinishAsync(ScheduleRunRecord row, IDisposable tracking)
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
        finally
        {
            // Also when the end could not be written: the row is no longer at work, a next execution takes it over.
            tracking.Dispose();
        }
    }

    private static string? Truncate(string? text) => text is null || text.Length <= MaxMessage ? text : text[..MaxMessage];

    [LoggerMessage(EventId = 4240, Level = LogLevel.Error, Message = "Could not write the run history of {ScheduleKey}")]
    private partial void LogHistoryFailed(Exception exception, string scheduleKey);

    [LoggerMessage(EventId = 4241, Level = LogLevel.Warning, Message = "Job {JobId} names no schedule of ours ({ScheduleKey}); nothing done")]
    private partial void LogUnknown(string scheduleKey, string jobId);

    [LoggerMessage(EventId = 4242, Level = LogLevel.Information, Message = "Job {JobId} of {ScheduleKey} already finished; this execution does nothing")]
    private partial void LogAlreadyDone(string scheduleKey, string jobId);

    [LoggerMessage(EventId = 4243, Level = LogLevel.Information, Message = "Job {JobId} of {ScheduleKey}: an earlier execution is still at work; waiting for its end to carry on")]
    private partial void LogWaitingForEarlier(string scheduleKey, string jobId);

    [LoggerMessage(EventId = 4246, Level = LogLevel.Information, Message = "Job {JobId}: the tick {Tick} of {ScheduleKey} has fired already; this execution does nothing")]
    private partial void LogTickDone(string scheduleKey, string jobId, string tick);

    [LoggerMessage(EventId = 4244, Level = LogLevel.Debug, Message = "Schedule {ScheduleKey}: not a year of its cron; nothing done")]
    private partial void LogNotThisYear(string scheduleKey);

    [LoggerMessage(EventId = 4245, Level = LogLevel.Error, Message = "Schedule {ScheduleKey} (job {JobId}) failed")]
    private partial void LogFailed(Exception exception, string scheduleKey, string jobId);
}
