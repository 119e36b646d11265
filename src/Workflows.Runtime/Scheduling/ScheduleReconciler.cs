using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace Workflows.Runtime.Scheduling;

/// <summary>
/// Makes Quartz's job store match the schedules the service should have (<see cref="ScheduleCatalog"/>): adds
/// what is missing, replaces a trigger whose cron changed, deletes what is no longer wanted, and applies pause
/// settings. A trigger that is already right is left alone, so its stored next fire time survives a restart: a
/// tick due while the service was down still fires (once), and none fires twice.
/// </summary>
public sealed partial class ScheduleReconciler(
    IServiceScopeFactory scopes,
    WorkflowScheduler scheduler,
    TimeProvider clock,
    IOptionsMonitor<SchedulingOptions> options,
    ILogger<ScheduleReconciler> logger)
{
    /// <summary>Job data: which definition and trigger activity a cron job starts, and which run a run job runs.</summary>
    internal const string DefinitionIdKey = "definitionId";
    internal const string ActivityIdKey = "activityId";
    internal const string RunNameKey = "run";

    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Reconciles every schedule. Returns the entries it worked from.</summary>
    public async Task<IReadOnlyList<ScheduleEntry>> ReconcileAllAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var entries = await scope.ServiceProvider.GetRequiredService<ScheduleCatalog>().LoadAsync(cancellationToken);
            var quartz = await scheduler.GetAsync(cancellationToken);
            var wanted = entries.Where(e => e.CanSchedule).Select(e => e.Key.JobKey).ToHashSet();
            foreach (var group in ScheduleKey.Groups)
            {
                foreach (var job in await quartz.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(group), cancellationToken))
                {
                    if (wanted.Contains(job)) continue;
                    await quartz.DeleteJob(job, cancellationToken);
                    LogRemoved(ScheduleKey.Of(job).ToString());
                }
            }
            foreach (var entry in entries) await ApplyAsync(quartz, entry, cancellationToken);
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
            var quartz = await scheduler.GetAsync(cancellationToken);
            var wanted = entries.Where(e => e.CanSchedule).Select(e => e.Key.JobKey).ToHashSet();
            var prefix = definitionId + ":";
            foreach (var job in await quartz.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(ScheduleKey.WorkflowCronGroup), cancellationToken))
            {
                if (!job.Name.StartsWith(prefix, StringComparison.Ordinal) || wanted.Contains(job)) continue;
                await quartz.DeleteJob(job, cancellationToken);
                LogRemoved(ScheduleKey.Of(job).ToString());
            }
            foreach (var entry in entries) await ApplyAsync(quartz, entry, cancellationToken);
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
            var entries = await scope.ServiceProvider.GetRequiredService<ScheduleCatalog>().LoadAsync(cancellationToken);
            var quartz = await scheduler.GetAsync(cancellationToken);
            if (entries.FirstOrDefault(e => e.Key == key) is { } entry)
                await ApplyAsync(quartz, entry, cancellationToken);
            else if (await quartz.DeleteJob(key.JobKey, cancellationToken))
                LogRemoved(key.ToString());
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ApplyAsync(IScheduler quartz, ScheduleEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            var now = clock.GetUtcNow();
            if (!entry.CanSchedule || CronText.Next(entry.Cron!, now) is null)
            {
                if (await quartz.DeleteJob(entry.Key.JobKey, cancellationToken)) LogRemoved(entry.Key.ToString());
                if (entry.Problem is not null) LogCannotSchedule(entry.Key.ToString(), entry.Problem);
                return;
            }

            var threshold = MisfireThresholdFor(entry.Cron!, now);
            var existing = await quartz.GetTrigger(entry.Key.TriggerKey, cancellationToken) as ICronTrigger;
            var job = existing is null ? null : await quartz.GetJobDetail(entry.Key.JobKey, cancellationToken);
            var same = existing is not null && job is not null
                && existing.CronExpressionString == entry.Cron
                && existing.TimeZone.Id == CronText.China.Id
                && existing.MisfireInstruction == CronTriggerMisfireInstruction.FireAndProceed
                && existing.MisfireThreshold == threshold
                && SameType(job.JobType, entry.JobType)
                && SameData(job.JobDataMap, entry);
            if (!same)
            {
                await quartz.ScheduleJob(BuildJob(entry), BuildTrigger(entry, threshold, quartz.TimeProvider),
                    new ScheduleJobOptions { Replace = true, Paused = entry.IsPaused }, cancellationToken);
                LogScheduled(entry.Key.ToString(), entry.Cron!, entry.IsPaused, CronText.Format(CronText.Next(entry.Cron!, now)));
                return;
            }

            var state = await quartz.GetTriggerState(entry.Key.TriggerKey, cancellationToken);
            if (state == TriggerState.Error)
            {
                await quartz.ResetTriggerFromErrorState(entry.Key.TriggerKey, cancellationToken);
                state = await quartz.GetTriggerState(entry.Key.TriggerKey, cancellationToken);
            }
            if (entry.IsPaused && state != TriggerState.Paused)
                await quartz.PauseTrigger(entry.Key.TriggerKey, cancellationToken);
            else if (!entry.IsPaused && state == TriggerState.Paused)
                await quartz.ResumeTrigger(entry.Key.TriggerKey, cancellationToken);
        }
        catch (SchedulerException ex)
        {
            // One bad schedule must not keep the others from being reconciled.
            LogFailed(ex, entry.Key.ToString());
        }
    }

    /// <summary>
    /// The store's threshold, or less for a cron that fires more often: a tick that is later than its threshold is
    /// a misfire (fired once, now), and a threshold shorter than the gap between ticks is what keeps several
    /// missed ticks from being caught up one by one.
    /// </summary>
    internal TimeSpan MisfireThresholdFor(string cron, DateTimeOffset now)
    {
        var configured = options.CurrentValue.MisfireThreshold;
        if (CronText.Next(cron, now) is not { } first || CronText.Next(cron, first) is not { } second) return Whole(configured);
        var half = (second - first) / 2;
        return Whole(half < configured ? half : configured);
    }

    private static TimeSpan Whole(TimeSpan span) => TimeSpan.FromMilliseconds(Math.Max(1, Math.Floor(span.TotalMilliseconds)));

    /// <summary>A stored job type is an assembly-qualified name; one that no longer loads is not the same.</summary>
    private static bool SameType(JobType stored, Type wanted)
    {
        try
        {
            return stored.Type == wanted;
        }
        catch (Exception ex) when (ex is TypeLoadException or ArgumentException or FileNotFoundException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>What a schedule's job must carry: the definition and activity of a cron start, the name of a run.</summary>
    private static Dictionary<string, string> DataOf(ScheduleEntry entry)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        if (entry.Kind == ScheduleKind.WorkflowCron)
        {
            data[DefinitionIdKey] = entry.DefinitionId!;
            data[ActivityIdKey] = entry.ActivityId!;
        }
        if (entry.RunName is not null) data[RunNameKey] = entry.RunName;
        return data;
    }

    private static bool SameData(JobDataMap stored, ScheduleEntry entry)
    {
        var wanted = DataOf(entry);
        return stored.Count == wanted.Count && wanted.All(kv => stored.TryGetValue(kv.Key, out var value) && value?.ToString() == kv.Value);
    }

    private static IJobDetail BuildJob(ScheduleEntry entry)
    {
        var builder = JobBuilder.Create()
            .OfType(entry.JobType)
            .WithIdentity(entry.Key.JobKey)
            .WithDescription(entry.DisplayName)
            // A firing cut short by a crash or a shutdown is run again (it is idempotent: keys per tick and item).
            .RequestRecovery(true)
            .StoreDurably(true)
            // "Run now" during a scheduled run waits for it instead of working through the same items in parallel.
            .DisallowConcurrentExecution(true);
        foreach (var (key, value) in DataOf(entry)) builder = builder.UsingJobData(key, value);
        return builder.Build();
    }

    private static ITrigger BuildTrigger(ScheduleEntry entry, TimeSpan misfireThreshold, TimeProvider time) =>
        TriggerBuilder.Create(time)
            .WithIdentity(entry.Key.TriggerKey)
            .ForJob(entry.Key.JobKey)
            .WithDescription(entry.DisplayName)
            .WithMisfireThreshold(misfireThreshold)
            .WithSchedule(CronScheduleBuilder.Create(entry.Cron!)
                .InTimeZone(CronText.China)
                // Missed ticks (the service was down, or the trigger paused) fire once, now, not once per tick.
                .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
            .StartNow()
            .Build();

    [LoggerMessage(EventId = 4200, Level = LogLevel.Information, Message = "Scheduled {ScheduleKey} on {Cron} (paused: {Paused}); next fire {NextFire} Beijing time")]
    private partial void LogScheduled(string scheduleKey, string cron, bool paused, string nextFire);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "Removed schedule {ScheduleKey}")]
    private partial void LogRemoved(string scheduleKey);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Warning, Message = "Schedule {ScheduleKey} cannot be scheduled: {Problem}")]
    private partial void LogCannotSchedule(string scheduleKey, string problem);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Error, Message = "Reconciling schedule {ScheduleKey} failed")]
    private partial void LogFailed(Exception exception, string scheduleKey);
}
