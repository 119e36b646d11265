using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Hangfire;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Scheduling;

/// <summary>One schedule as the schedules page shows it.</summary>
public sealed record ScheduleView(ScheduleEntry Entry, DateTimeOffset? NextFireAt, DateTimeOffset? PreviousFireAt, bool IsScheduled, ScheduleRunRecord? LastRun);

/// <summary>The answer to a page action: done, or a message for people (Chinese first) and nothing changed.</summary>
public sealed record ScheduleActionResult(bool Succeeded, string Message)
{
    public static ScheduleActionResult Ok(string message) => new(true, message);

    public static ScheduleActionResult Fail(string message) => new(false, message);
}

/// <summary>
/// What the secretariat does on the schedules page: look at every schedule and its next fire time, pause,
/// resume, run now, change a run's cron, read the history. Settings are stored first (they win at every
/// reconcile), then applied to Hangfire's recurring jobs; next and last executions come from Hangfire's store.
/// </summary>
public sealed partial class ScheduleAdmin(
    WorkflowsDbContext db,
    ScheduleCatalog catalog,
    ScheduleReconciler reconciler,
    WorkflowScheduler scheduler,
    TimeProvider clock,
    ILogger<ScheduleAdmin> logger)
{
    public async Task<IReadOnlyList<ScheduleView>> ListAsync(CancellationToken cancellationToken)
    {
        var entries = await catalog.LoadAsync(cancellationToken);
        var recurring = scheduler.GetRecurringJobs().Where(j => !j.Removed).ToDictionary(j => j.Id, StringComparer.Ordinal);
        var keys = entries.Select(e => e.Key.ToString()).ToList();
        var lastRuns = (await db.Set<ScheduleRunRecord>().AsNoTracking()
                .Where(r => keys.Contains(r.ScheduleKey))
                .GroupBy(r => r.ScheduleKey)
                .Select(g => g.OrderByDescending(r => r.FiredAt).First())
                .ToListAsync(cancellationToken))
            .ToDictionary(r => r.ScheduleKey, StringComparer.Ordinal);

        var views = new List<ScheduleView>();
        foreach (var entry in entries.OrderBy(e => e.Kind).ThenBy(e => e.DisplayName, StringComparer.Ordinal))
        {
            var job = recurring.GetValueOrDefault(entry.Key.RecurringJobId);
            views.Add(new ScheduleView(entry, NextOf(entry, job), Utc(job?.LastExecution), job is not null, lastRuns.GetValueOrDefault(entry.Key.ToString())));
        }
        return views;
    }

    public Task<List<ScheduleRunRecord>> HistoryAsync(string? scheduleKey, int take, CancellationToken cancellationToken)
    {
        var query = db.Set<ScheduleRunRecord>().AsNoTracking();
        if (!string.IsNullOrEmpty(scheduleKey)) query = query.Where(r => r.ScheduleKey == scheduleKey);
        return query.OrderByDescending(r => r.FiredAt).Take(Math.Clamp(take, 1, 500)).ToListAsync(cancellationToken);
    }

    public async Task<ScheduleActionResult> PauseAsync(string key, string user, CancellationToken cancellationToken) =>
        await SetPausedAsync(key, true, user, cancellationToken);

    public async Task<ScheduleActionResult> ResumeAsync(string key, string user, CancellationToken cancellationToken) =>
        await SetPausedAsync(key, false, user, cancellationToken);

    /// <summary>Fires the schedule once now (the same job as its trigger: a run starts only what is missing for its period).</summary>
    public async Task<ScheduleActionResult> RunNowAsync(string key, string user, CancellationToken cancellationToken)
    {
        var (entry, error) = await FindAsync(key, cancellationToken);
        if (entry is null) return error!;
        if (!entry.CanSchedule) return ScheduleActionResult.Fail(entry.Problem ?? "该计划无法执行。 / This schedule cannot run.");
        // The same job as the recurring one, with the moment of the click as its tick: a run starts only what is
        // missing for that tick's period; a cron-started workflow starts a new instance.
        var now = clock.GetUtcNow().UtcDateTime;
        scheduler.Client.Enqueue<ScheduleJobRunner>(r => r.RunAsync(entry.Key.ToString(), user, now, null, CancellationToken.None));
        LogAction("run now", entry.Key.ToString(), user);
        return ScheduleActionResult.Ok($"已触发“{entry.DisplayName}”，结果见执行记录。 / {entry.DisplayNameEn} was started; see the history for the result.");
    }

    /// <summary>Changes the cron of a run or system schedule (a definition's cron is changed in the designer).</summary>
    public async Task<ScheduleActionResult> UpdateCronAsync(string key, string? cron, string user, CancellationToken cancellationToken)
    {
        var (entry, error) = await FindAsync(key, cancellationToken);
        if (entry is null) return error!;
        if (!entry.CronEditable)
            return ScheduleActionResult.Fail("该计划的 Cron 表达式来自流程定义，请在流程设计器中修改“按计划启动”活动并重新发布。 / This cron comes from the workflow definition; change its Cron activity in the designer and publish again.");
        cron = cron?.Trim();
        if (CronText.Validate(cron, clock.GetUtcNow()) is { } invalid) return ScheduleActionResult.Fail(invalid);

        var setting = await SettingAsync(entry.Key, cancellationToken);
        // The configured cron again: drop the override, so a later change of the configuration applies.
        setting.CronExpression = cron == entry.ConfiguredCron ? null : cron;
        setting.UpdatedBy = user;
        setting.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        await reconciler.ReconcileAsync(entry.Key, cancellationToken);
        LogCronChanged(entry.Key.ToString(), cron!, user);
        return ScheduleActionResult.Ok($"已将“{entry.DisplayName}”的执行时间改为 {cron}，下次执行：{CronText.Format(CronText.Next(cron!, clock.GetUtcNow()))}（北京时间）。 / The cron of {entry.DisplayNameEn} is now {cron}.");
    }

    private async Task<ScheduleActionResult> SetPausedAsync(string key, bool paused, string user, CancellationToken cancellationToken)
    {
        var (entry, error) = await FindAsync(key, cancellationToken);
        if (entry is null) return error!;
        var setting = await SettingAsync(entry.Key, cancellationToken);
        var pausedSince = setting.IsPaused ? setting.UpdatedAt : (DateTime?)null;
        setting.IsPaused = paused;
        setting.UpdatedBy = user;
        setting.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        await reconciler.ReconcileAsync(entry.Key, cancellationToken);
        // Pausing removes the recurring job (Hangfire has no paused state), so a tick missed while paused is caught
        // up here, once: the latest of them, as after downtime.
        if (!paused && pausedSince is { } since && entry.Cron is { } cron
            && CronText.Latest(cron, clock.GetUtcNow()) is { } missed && missed.UtcDateTime > since)
        {
            var tick = missed.UtcDateTime;
            scheduler.Client.Enqueue<ScheduleJobRunner>(r => r.RunAsync(entry.Key.ToString(), null, tick, null, CancellationToken.None));
        }
        LogAction(paused ? "pause" : "resume", entry.Key.ToString(), user);
        return paused
            ? ScheduleActionResult.Ok($"已暂停“{entry.DisplayName}”。 / {entry.DisplayNameEn} is paused.")
            : ScheduleActionResult.Ok($"已恢复“{entry.DisplayName}”；暂停期间错过的执行将补做一次。 / {entry.DisplayNameEn} is resumed; a tick missed while paused runs once.");
    }

    /// <summary>Hangfire's next execution; a cron with a year field skips the years it leaves out (Hangfire has no year field).</summary>
    private DateTimeOffset? NextOf(ScheduleEntry entry, Hangfire.Storage.RecurringJobDto? job)
    {
        if (entry.IsPaused || job is null || Utc(job.NextExecution) is not { } next) return null;
        return entry.Cron is { } cron && CronText.HasYearFilter(cron) ? CronText.Next(cron, next.AddTicks(-1)) : next;
    }

    private static DateTimeOffset? Utc(DateTime? time) => time is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;

    private async Task<(ScheduleEntry? Entry, ScheduleActionResult? Error)> FindAsync(string key, CancellationToken cancellationToken)
    {
        if (!ScheduleKey.TryParse(key, out var parsed))
            return (null, ScheduleActionResult.Fail($"计划编号无效：{key} / Invalid schedule key: {key}"));
        var entry = (await catalog.LoadAsync(cancellationToken)).FirstOrDefault(e => e.Key == parsed);
        return entry is null
            ? (null, ScheduleActionResult.Fail($"计划 {key} 不存在。 / Schedule {key} does not exist."))
            : (entry, null);
    }

    private async Task<ScheduleSettingRecord> SettingAsync(ScheduleKey key, CancellationToken cancellationToken)
    {
        var text = key.ToString();
        var setting = await db.Set<ScheduleSettingRecord>().FirstOrDefaultAsync(s => s.Key == text, cancellationToken);
        if (setting is null)
        {
            setting = new ScheduleSettingRecord { Key = text };
            db.Set<ScheduleSettingRecord>().Add(setting);
        }
        return setting;
    }

    [LoggerMessage(EventId = 4250, Level = LogLevel.Information, Message = "Schedule {ScheduleKey}: {Action} by {UserName}")]
    private partial void LogAction(string action, string scheduleKey, string userName);

    [LoggerMessage(EventId = 4251, Level = LogLevel.Information, Message = "Schedule {ScheduleKey}: cron changed to {Cron} by {UserName}")]
    private partial void LogCronChanged(string scheduleKey, string cron, string userName);
}
