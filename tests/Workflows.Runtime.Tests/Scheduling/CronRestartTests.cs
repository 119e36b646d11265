using Microsoft.EntityFrameworkCore;
using Workflows.Runtime.Scheduling;
using Workflows.Runtime.Tests.Support;
using Workflows.Testing;

namespace Workflows.Runtime.Tests.Scheduling;

/// <summary>A restart between two ticks fires every tick once: the stored next fire time survives the restart.</summary>
public sealed class CronRestartTests
{
    private const string Schedule = "workflow-cron/cron-restart:tick";

    [Fact]
    public async Task Restart_BetweenTwoTicks_NoTickFiresTwice()
    {
        using var folder = new TempFolder("cron-restart");
        var file = folder.File("wf.db");
        var first = await ServiceHost.StartAsync(file);
        await first.PublishAsync(CronDefinitions.Ticking("cron-restart", "0/6 * * * * ?"));
        await ServiceHost.EventuallyAsync(() => first.RunsAsync(Schedule), r => r.Any(x => x.Status == ScheduleRunStatuses.Succeeded), TimeSpan.FromSeconds(30), "the first tick");
        await first.StopAsync();

        await using var second = await ServiceHost.StartAsync(file);
        var runs = await ServiceHost.EventuallyAsync(() => second.RunsAsync(Schedule),
            r => r.Count(x => x.Status == ScheduleRunStatuses.Succeeded) >= 3, TimeSpan.FromSeconds(40), "two more ticks after the restart");

        // Every firing belongs to its own tick (none fired twice), and every tick started one instance.
        Assert.Equal(runs.Count, runs.Select(r => r.ScheduledFireAt).Distinct().Count());
        Assert.All(runs.Where(r => r.Status == ScheduleRunStatuses.Succeeded), r => Assert.Equal((1, 0), (r.Started, r.Existing)));
        var keys = await second.QueryAsync(db => db.Instances.AsNoTracking().Where(i => i.DefinitionId == "cron-restart").Select(i => i.IdempotencyKey!).ToListAsync());
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.True(keys.Count >= 3);
    }
}

/// <summary>A service that was down across several ticks catches up once, not once per missed tick.</summary>
public sealed class CronMisfireTests
{
    private const string Schedule = "workflow-cron/cron-misfire:tick";
    private const string Cron = "0/6 * * * * ?";

    [Fact]
    public async Task StoppedAcrossSeveralTicks_Start_CatchesUpExactlyOnce()
    {
        using var folder = new TempFolder("cron-misfire");
        var file = folder.File("wf.db");
        var first = await ServiceHost.StartAsync(file);
        await first.PublishAsync(CronDefinitions.Ticking("cron-misfire", Cron));
        await ServiceHost.EventuallyAsync(() => first.RunsAsync(Schedule), r => r.Any(x => x.Status == ScheduleRunStatuses.Succeeded), TimeSpan.FromSeconds(30), "the first tick");
        await first.StopAsync();
        var stoppedAt = TimeProvider.System.GetUtcNow().UtcDateTime;

        // Down for three ticks or more.
        await Task.Delay(TimeSpan.FromSeconds(19));

        var restartedAt = TimeProvider.System.GetUtcNow().UtcDateTime;
        await using var second = await ServiceHost.StartAsync(file);
        var lastTickBefore = (await second.RunsAsync(Schedule)).Where(r => r.FiredAt < stoppedAt).Max(r => r.ScheduledFireAt!.Value);
        var missed = Ticks(lastTickBefore, restartedAt);
        Assert.True(missed.Count >= 3, $"the service should have missed three ticks or more, missed {missed.Count}");
        // Wait for two ticks after the restart, so a late second catch-up would have shown by then.
        var runs = await ServiceHost.EventuallyAsync(() => second.RunsAsync(Schedule),
            r => r.Count(x => x.ScheduledFireAt > restartedAt && x.Status == ScheduleRunStatuses.Succeeded) >= 2,
            TimeSpan.FromSeconds(40), "two ticks on time after the restart");

        // Hangfire's Relaxed misfire handling makes one background job for all missed ticks; it belongs to the
        // latest of them (the latest occurrence before it was created) and started one instance.
        var catchUp = Assert.Single(runs, r => r.ScheduledFireAt > lastTickBefore && r.ScheduledFireAt <= restartedAt);
        Assert.Equal(missed[^1], catchUp.ScheduledFireAt);
        Assert.Equal(ScheduleRunStatuses.Succeeded, catchUp.Status);
        Assert.Equal(1, catchUp.Started);
        Assert.True(catchUp.FiredAt >= restartedAt);
        // One firing per tick; a firing the stop interrupted is carried on by a recovery execution of the same tick.
        var firings = runs.Where(r => r.Status != ScheduleRunStatuses.Interrupted).ToList();
        Assert.True(firings.Count == firings.Select(r => r.ScheduledFireAt).Distinct().Count(),
            string.Join("; ", runs.Select(r => $"{r.FireInstanceId} {r.ScheduledFireAt:HH:mm:ss.fff} {r.Status} recovery={r.IsRecovery}")));
        Assert.All(runs.Where(r => r.Status == ScheduleRunStatuses.Interrupted), r => Assert.Contains(firings, f => f.IsRecovery && f.ScheduledFireAt == r.ScheduledFireAt));
        var keys = await second.QueryAsync(db => db.Instances.AsNoTracking().Where(i => i.DefinitionId == "cron-misfire").Select(i => i.IdempotencyKey!).ToListAsync());
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.Equal(runs.Count(r => r.Status == ScheduleRunStatuses.Succeeded), keys.Count);
    }

    /// <summary>Cron ticks strictly between two times (UTC).</summary>
    private static List<DateTime> Ticks(DateTime after, DateTime before)
    {
        var ticks = new List<DateTime>();
        var at = new DateTimeOffset(DateTime.SpecifyKind(after, DateTimeKind.Utc));
        while (CronText.Next(Cron, at) is { } next && next.UtcDateTime < before)
        {
            ticks.Add(next.UtcDateTime);
            at = next;
        }
        return ticks;
    }
}
