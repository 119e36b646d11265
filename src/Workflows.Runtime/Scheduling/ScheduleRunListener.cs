using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;
using Quartz.Extensibility;
using Workflows.Engine.Services;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Scheduling;

/// <summary>
/// Writes the run history (wf_schedule_runs): a row when a firing starts, completed with the job's
/// <see cref="ScheduleRunResult"/> or its error when it ends. A firing that a crash cut short stays Running
/// until its recovery firing starts; that one takes over the tick and marks it Interrupted.
/// </summary>
public sealed partial class ScheduleRunListener(IServiceScopeFactory scopes, IIdGenerator ids, TimeProvider clock, ILogger<ScheduleRunListener> logger) : IJobListener
{
    public string Name => "workflows-run-history";

    public async ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            var key = ScheduleKey.Of(context.JobDetail.Key).ToString();
            var now = clock.GetUtcNow().UtcDateTime;
            var row = new ScheduleRunRecord
            {
                Id = ids.NewId(),
                ScheduleKey = key,
                FireInstanceId = context.FireInstanceId,
                ScheduledFireAt = context.ScheduledFireTimeUtc?.UtcDateTime,
                FiredAt = context.FireTimeUtc.UtcDateTime,
                Status = ScheduleRunStatuses.Running,
                RequestedBy = Firing.RequestedBy(context),
                IsRecovery = context.Recovering,
                Node = context.Scheduler.SchedulerInstanceId,
            };
            if (context.Recovering)
            {
                // The firing this one carries on: cut short by a crash (still Running) or by a shutdown (Interrupted).
                var earlier = await db.Set<ScheduleRunRecord>()
                    .Where(r => r.ScheduleKey == key && r.FireInstanceId != context.FireInstanceId
                        && (r.Status == ScheduleRunStatuses.Running || r.Status == ScheduleRunStatuses.Interrupted))
                    .OrderByDescending(r => r.FiredAt).ToListAsync(cancellationToken);
                foreach (var crashed in earlier.Where(r => r.Status == ScheduleRunStatuses.Running))
                {
                    crashed.Status = ScheduleRunStatuses.Interrupted;
                    crashed.FinishedAt = now;
                    crashed.Message = "执行中断（服务停止或崩溃），已由恢复执行接续。 / Interrupted (the service stopped or crashed); continued by a recovery run.";
                }
                // The recovery works on the interrupted tick, so it makes the same keys.
                // (Quartz's copy of the original's time in the job data is only to the second; the row is exact.)
                row.ScheduledFireAt = earlier.FirstOrDefault()?.ScheduledFireAt ?? Firing.OriginalScheduledTime(context)?.UtcDateTime ?? row.ScheduledFireAt;
            }
            db.Set<ScheduleRunRecord>().Add(row);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // History must never keep a job from running.
            LogWriteFailed(ex, context.JobDetail.Key.ToString());
        }
    }

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public async ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            var row = await db.Set<ScheduleRunRecord>().FirstOrDefaultAsync(r => r.FireInstanceId == context.FireInstanceId, CancellationToken.None);
            if (row is null) return;
            row.FinishedAt = clock.GetUtcNow().UtcDateTime;
            if (context.Outcome == ExecutionOutcome.Cancelled || jobException?.InnerException is OperationCanceledException)
            {
                // Cut short by a shutdown: Quartz hands the firing back, and a recovery firing carries on.
                row.Status = ScheduleRunStatuses.Interrupted;
                row.Message = "服务停止，执行中断；服务再次启动时将继续。 / Stopped by a shutdown; it continues when the service starts again.";
            }
            else if (jobException is not null || context.Outcome == ExecutionOutcome.Failed)
            {
                row.Status = ScheduleRunStatuses.Failed;
                row.Message = Truncate(jobException?.InnerException?.Message ?? jobException?.Message ?? "执行失败。 / The job failed.");
            }
            else if (context.Result is ScheduleRunResult result)
            {
                row.Status = result.Succeeded ? ScheduleRunStatuses.Succeeded : ScheduleRunStatuses.Failed;
                row.Period = result.Period;
                row.Total = result.Total;
                row.Started = result.Started;
                row.Existing = result.Existing;
                row.Failed = result.Failed;
                row.Message = result.Message is null ? null : Truncate(result.Message);
            }
            else
            {
                row.Status = ScheduleRunStatuses.Succeeded;
            }
            // Written even during a shutdown: the row is what tells the secretariat what happened.
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogWriteFailed(ex, context.JobDetail.Key.ToString());
        }
    }

    public ValueTask JobProgressChanged(IJobExecutionContext context, FireInstanceProgress progress, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    private static string Truncate(string text) => text.Length <= 4000 ? text : text[..4000];

    [LoggerMessage(EventId = 4240, Level = LogLevel.Error, Message = "Could not write the run history of {JobKey}")]
    private partial void LogWriteFailed(Exception exception, string jobKey);
}
