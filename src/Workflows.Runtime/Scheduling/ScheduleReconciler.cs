using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Workflows.Runtime.Scheduling;

/// <summary>
/// Makes Hangfire's recurring jobs match the schedules the service should have (<see cref="ScheduleCatalog"/>): adds
/// what is missing, replaces a job whose cron changed, removes what is no longer wanted or is paused. A recurring
/// job that is already right is left alone, so its stored next execution survives a restart: a tick due while the
/// service was down still fires (once, see <see cref="SchedulingSetup"/>), and none fires twice.
/// </summary>
public sealed partial class ScheduleReconciler(
    IServiceScopeFactory scopes,
    WorkflowScheduler scheduler,
    TimeProvider clock,
    ILogger<ScheduleReconciler> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Reconciles every schedule. Returns the entries it worked from.</summary>
    public async Task<IReadOnlyList<ScheduleEntry>> ReconcileAllAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var entries = await scope.ServiceProvider.GetRequiredService<ScheduleCatalog>().LoadAsync(cancellationToken);
            var wanted = entries.Where(Wanted).Select(e => e.Key.RecurringJobId).ToHashSet(StringComparer.Ordinal);
            var existing = scheduler.GetRecurringJobs();
            foreach (var job in existing)
            {
                if (!ScheduleKey.TryParse(job.Id, out _) || wanted.Contains(job.Id)) continue;
                Remove(job.Id);
            }
            var byId = existing.ToDictionary(j => j.Id, StringComparer.Ordinal);
            foreach (var entry in entries) Apply(entry, byId.GetValueOrDefault(entry.Key.RecurringJobId));
            return entries;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Reconciles the Cron-started schedules of one definition after it was published, retracted or deleted.</summary>
    public async Task ReconcileDefinitionAsync(string definitionId, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var entries = await scope.ServiceProvider.GetRequiredService<ScheduleCatalog>().LoadWorkflowCronsAsync(definitionId, cancellationToken);
            var wanted = entries.Where(Wanted).Select(e => e.Key.RecurringJobId).ToHashSet(StringComparer.Ordinal);
            var prefix = ScheduleKey.ForWorkflowCron(definitionId, "").RecurringJobId;
            var existing = scheduler.GetRecurringJobs();
            foreach (var job in existing.Where(j => j.Id.StartsWith(prefix, StringComparison.Ordinal) && !j.Id[prefix.Length..].Contains(':')))
            {
                if (!wanted.Contains(job.Id)) Remove(job.Id);
            }
            var byId = existing.ToDictionary(j => j.Id, StringComparer.Ordinal);
            foreach (var entry in entries) Apply(entry, byId.GetValueOrDefault(entry.Key.RecurringJobId));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Reconciles one schedule (after the secretariat changed its cron or paused it).</summary>
    public async Task ReconcileAsync(ScheduleKey key, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var entry = await scope.ServiceProvider.GetRequiredService<ScheduleCatalog>().FindAsync(key, cancellationToken);
            if (entry is not null) Apply(entry, scheduler.GetRecurringJob(key));
            else if (scheduler.GetRecurringJob(key) is not null) Remove(key.RecurringJobId);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A schedule has a recurring job when it can fire again and is not paused (Hangfire has no paused state: pausing removes it).</summary>
    private bool Wanted(ScheduleEntry entry) =>
        entry.CanSchedule && !entry.IsPaused && CronText.Next(entry.Cron!, clock.GetUtcNow()) is not null;

    private void Apply(ScheduleEntry entry, RecurringJobDto? existing)
    {
        try
        {
            if (!Wanted(entry))
            {
                if (existing is not null) Remove(entry.Key.RecurringJobId);
                if (entry.Problem is not null) LogCannotSchedule(entry.Key.ToString(), entry.Problem);
                return;
            }
            var cron = CronText.ForHangfire(entry.Cron!);
            var same = existing is { LoadException: null, Error: null }
                && existing.Cron == cron
                && existing.TimeZoneId == CronText.China.Id
                && existing.Queue == SchedulerNode.Queue
                && existing.Job is { } job && job.Type == typeof(ScheduleJobRunner) && job.Method.Name == nameof(ScheduleJobRunner.RunAsync)
                && job.Args.Count > 0 && job.Args[0] as string == entry.Key.ToString();
            if (same) return;

            scheduler.Recurring.AddOrUpdate<ScheduleJobRunner>(entry.Key.RecurringJobId, SchedulerNode.Queue,
                r => r.RunAsync(entry.Key.ToString(), null, null, null, CancellationToken.None), cron,
                new RecurringJobOptions { TimeZone = CronText.China, MisfireHandling = MisfireHandlingMode.Relaxed });
            LogScheduled(entry.Key.ToString(), entry.Cron!, CronText.Format(CronText.Next(entry.Cron!, clock.GetUtcNow())));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // One bad schedule must not keep the others from being reconciled.
            LogFailed(ex, entry.Key.ToString());
        }
    }

    private void Remove(string id)
    {
        scheduler.Recurring.RemoveIfExists(id);
        LogRemoved(id);
    }

    [LoggerMessage(EventId = 4200, Level = LogLevel.Information, Message = "Scheduled {ScheduleKey} on {Cron}; next fire {NextFire} Beijing time")]
    private partial void LogScheduled(string scheduleKey, string cron, string nextFire);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "Removed the recurring job of {ScheduleKey}")]
    private partial void LogRemoved(string scheduleKey);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Warning, Message = "Schedule {ScheduleKey} cannot be scheduled: {Problem}")]
    private partial void LogCannotSchedule(string scheduleKey, string problem);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Error, Message = "Reconciling schedule {ScheduleKey} failed")]
    private partial void LogFailed(Exception exception, string scheduleKey);
}
