using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Runtime.Scheduling;
using Workflows.Runtime.Tests.Support;
using Workflows.Testing;

namespace Workflows.Runtime.Tests.Scheduling;

/// <summary>
/// Two service nodes on one PostgreSQL database share Hangfire.PostgreSql: every tick fires once on one of them, a
/// cluster that was down catches up once, and what the secretariat does on one node holds on the other.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSchedulingTests(PostgresFixture postgres)
{
    private const string Schedule = "workflow-cron/pg-cron:tick";

    [PostgresFact]
    public async Task TwoNodes_EveryTickStartsOneInstance_AndAfterDowntimeOneCatchUp()
    {
        using var folder = new TempFolder("pg-two-nodes");
        var settings = await postgres.NewDatabaseAsync();
        var a = await ServiceHost.StartAsync(folder.File("a.db"), settings);
        var b = await ServiceHost.StartAsync(folder.File("b.db"), settings);
        await a.PublishAsync(CronDefinitions.Ticking("pg-cron", "0/2 * * * * ?"));
        await ServiceHost.EventuallyAsync(() => b.RunsAsync(Schedule), r => r.Count(x => x.Status == ScheduleRunStatuses.Succeeded) >= 4,
            TimeSpan.FromSeconds(40), "four ticks on two nodes");
        await a.StopAsync();
        await b.StopAsync();
        var stoppedAt = TimeProvider.System.GetUtcNow().UtcDateTime;

        // The whole cluster is down for three ticks or more.
        await Task.Delay(TimeSpan.FromSeconds(7));
        var restartedAt = TimeProvider.System.GetUtcNow().UtcDateTime;
        await using var c = await ServiceHost.StartAsync(folder.File("c.db"), settings);
        var runs = await ServiceHost.EventuallyAsync(() => c.RunsAsync(Schedule),
            r => r.Count(x => x.ScheduledFireAt > restartedAt && x.Status == ScheduleRunStatuses.Succeeded) >= 2,
            TimeSpan.FromSeconds(40), "two ticks after the restart");

        // Once per occurrence: no tick has two firings, on either node, and every firing started its own instance.
        Assert.Equal(runs.Count, runs.Select(r => r.ScheduledFireAt).Distinct().Count());
        Assert.All(runs, r => Assert.Equal(ScheduleRunStatuses.Succeeded, r.Status));
        Assert.All(runs, r => Assert.Equal((1, 0), (r.Started, r.Existing)));
        var keys = await c.QueryAsync(db => db.Instances.AsNoTracking().Where(i => i.DefinitionId == "pg-cron").Select(i => i.IdempotencyKey!).ToListAsync());
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.Equal(runs.Count, keys.Count);

        // Down across several ticks: one catch-up, for the latest missed tick.
        var lastBefore = runs.Where(r => r.FiredAt < stoppedAt).Max(r => r.ScheduledFireAt!.Value);
        var missed = Ticks("0/2 * * * * ?", lastBefore, restartedAt);
        Assert.True(missed.Count >= 3, $"three ticks or more should have been missed, were {missed.Count}");
        var catchUp = Assert.Single(runs, r => r.ScheduledFireAt > lastBefore && r.ScheduledFireAt <= restartedAt);
        Assert.Equal(missed[^1], catchUp.ScheduledFireAt);
    }

    // Once per occurrence across nodes is a database guarantee: each tick is named by four background jobs at once,
    // two enqueued on each node, so the workers of both nodes take them together; the per-node OccurrenceGate cannot
    // serialise them, the unique (ScheduleKey, Occurrence) index of wf_schedule_runs makes all but one insert fail,
    // and those executions end as "already fired".
    [PostgresFact]
    public async Task TwoNodes_OneTickNamedByJobsOnBothAtOnce_FiresOnce()
    {
        using var folder = new TempFolder("pg-same-tick");
        var settings = await postgres.NewDatabaseAsync();
        await using var a = await ServiceHost.StartAsync(folder.File("a.db"), settings);
        await using var b = await ServiceHost.StartAsync(folder.File("b.db"), settings);
        // A cron that does not fire during the test: every firing here is one of the jobs below.
        await a.PublishAsync(CronDefinitions.Ticking("pg-once", "0 0 3 1 1 ?"));
        const string key = "workflow-cron/pg-once:tick";
        var ticks = Enumerable.Range(1, 5).Select(d => new DateTime(2026, 1, d, 3, 0, 0, DateTimeKind.Utc)).ToList();
        foreach (var tick in ticks)
            foreach (var node in new[] { a, b, a, b })
                node.Services.GetRequiredService<WorkflowScheduler>().Client.Enqueue<ScheduleJobRunner>(r => r.RunAsync(key, null, tick, null, CancellationToken.None));

        var monitoring = a.Services.GetRequiredService<WorkflowScheduler>().Storage.GetMonitoringApi();
        await ServiceHost.EventuallyAsync(() => Task.FromResult(monitoring.SucceededListCount()), n => n >= 20, TimeSpan.FromSeconds(90), "the 20 jobs to end");

        var runs = await a.RunsAsync(key);
        Assert.Equal(ticks, runs.Select(r => r.ScheduledFireAt!.Value).Order());
        Assert.All(runs, r => Assert.Equal((ScheduleRunStatuses.Succeeded, 1, 0), (r.Status, r.Started, r.Existing)));
        var keys = await a.QueryAsync(db => db.Instances.AsNoTracking().Where(i => i.DefinitionId == "pg-once").Select(i => i.IdempotencyKey!).ToListAsync());
        Assert.Equal(5, keys.Distinct().Count());
        Assert.Equal(5, keys.Count);
    }

    [PostgresFact]
    public async Task TwoNodes_RunNowPauseResumeAndCronEdit_HoldOnBoth()
    {
        using var folder = new TempFolder("pg-admin");
        var settings = await postgres.NewDatabaseAsync();
        var counter = new SystemScheduleTests.CountingJob.Counter();
        await using var a = await ServiceHost.StartAsync(folder.File("a.db"), settings, ScheduleActions.Counting(counter));
        await using var b = await ServiceHost.StartAsync(folder.File("b.db"), settings, ScheduleActions.Counting(counter));

        await ScheduleActions.RunNowPauseResumeAndEditAsync(a, b, counter);
    }

    internal static List<DateTime> Ticks(string cron, DateTime after, DateTime before)
    {
        var ticks = new List<DateTime>();
        var at = new DateTimeOffset(DateTime.SpecifyKind(after, DateTimeKind.Utc));
        while (CronText.Next(cron, at) is { } next && next.UtcDateTime <= before)
        {
            ticks.Add(next.UtcDateTime);
            at = next;
        }
        return ticks;
    }
}

/// <summary>The same actions on one SQLite node (the default store, its own Hangfire file).</summary>
public sealed class SqliteScheduleActionsTests
{
    [Fact]
    public async Task OneNode_RunNowPauseResumeAndCronEdit()
    {
        using var folder = new TempFolder("sqlite-admin");
        var counter = new SystemScheduleTests.CountingJob.Counter();
        await using var host = await ServiceHost.StartAsync(folder.File("wf.db"), configure: ScheduleActions.Counting(counter));
        Assert.True(File.Exists(folder.File("wf.hangfire.db")), "Hangfire keeps its own file next to the service database");

        await ScheduleActions.RunNowPauseResumeAndEditAsync(host, host, counter);
    }
}

/// <summary>
/// Run now, pause, resume and a cron edit on a system schedule that ticks every two seconds, done on node
/// <c>a</c> and seen on node <c>b</c> (the same node on SQLite).
/// </summary>
internal static class ScheduleActions
{
    public const string Key = "system/counting";

    public static Action<IServiceCollection> Counting(SystemScheduleTests.CountingJob.Counter counter) => s =>
    {
        s.AddSingleton(counter);
        s.AddSystemSchedule<SystemScheduleTests.CountingJob>("counting", "计数任务", "Counting job", "0/2 * * * * ?");
    };

    private static Task<ScheduleActionResult> ActAsync(ServiceHost host, Func<ScheduleAdmin, Task<ScheduleActionResult>> action) =>
        host.WithScopeAsync(sp => action(sp.GetRequiredService<ScheduleAdmin>()));

    public static async Task RunNowPauseResumeAndEditAsync(ServiceHost a, ServiceHost b, SystemScheduleTests.CountingJob.Counter counter)
    {
        var scheduler = b.Services.GetRequiredService<WorkflowScheduler>();
        var key = ScheduleKey.ForSystem("counting");
        await ServiceHost.EventuallyAsync(() => a.RunsAsync(Key), r => r.Count(x => x.Status == ScheduleRunStatuses.Succeeded) >= 2, TimeSpan.FromSeconds(30), "two ticks");

        // Pause on a: the recurring job is gone for b too, and nothing fires while paused.
        Assert.True((await ActAsync(a, x => x.PauseAsync(Key, "mishu1", CancellationToken.None))).Succeeded);
        var pausedAt = TimeProvider.System.GetUtcNow().UtcDateTime;
        Assert.Null(scheduler.GetRecurringJob(key));
        await Task.Delay(TimeSpan.FromSeconds(1));
        var beforePause = (await a.RunsAsync(Key)).Count;
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.Equal(beforePause, (await a.RunsAsync(Key)).Count);

        // Resume on b: the ticks missed while paused run once, then the schedule goes on.
        Assert.True((await ActAsync(b, x => x.ResumeAsync(Key, "mishu2", CancellationToken.None))).Succeeded);
        var resumedAt = TimeProvider.System.GetUtcNow().UtcDateTime;
        Assert.Equal("0/2 * * * * ?", scheduler.GetRecurringJob(key)!.Cron);
        var runs = await ServiceHost.EventuallyAsync(() => a.RunsAsync(Key),
            r => r.Count(x => x.ScheduledFireAt > resumedAt && x.Status == ScheduleRunStatuses.Succeeded) >= 1, TimeSpan.FromSeconds(30), "a tick after resuming");
        var caughtUp = runs.Where(r => r.ScheduledFireAt > pausedAt.AddSeconds(1) && r.ScheduledFireAt <= resumedAt).ToList();
        Assert.True(caughtUp.Count == 1, $"paused {pausedAt:O} resumed {resumedAt:O}: " + string.Join(", ", runs.Select(r => $"{r.FireInstanceId} tick {r.ScheduledFireAt:O} fired {r.FiredAt:O} by {r.RequestedBy}")));
        var catchUp = caughtUp[0];
        Assert.Null(catchUp.RequestedBy);
        Assert.Equal(runs.Count, runs.Select(r => r.ScheduledFireAt).Distinct().Count());

        // A cron edit on a, seen on b: once a day at 03:00, so the two-second ticks stop.
        Assert.True((await ActAsync(a, x => x.UpdateCronAsync(Key, "0 0 3 * * ?", "mishu1", CancellationToken.None))).Succeeded);
        Assert.Equal("0 0 3 * * ?", scheduler.GetRecurringJob(key)!.Cron);
        var view = Assert.Single(await b.WithScopeAsync(sp => sp.GetRequiredService<ScheduleAdmin>().ListAsync(CancellationToken.None)), v => v.Entry.Key == key);
        Assert.Equal(3, TimeZoneInfo.ConvertTime(view.NextFireAt!.Value, CronText.China).Hour);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var afterEdit = (await a.RunsAsync(Key)).Count;
        var counted = counter.Count;

        // Run now on b: exactly one more firing, asked for by mishu1, on whichever node took it.
        Assert.True((await ActAsync(b, x => x.RunNowAsync(Key, "mishu1", CancellationToken.None))).Succeeded);
        var final = await ServiceHost.EventuallyAsync(() => a.RunsAsync(Key), r => r.Any(x => x.RequestedBy == "mishu1" && x.Status == ScheduleRunStatuses.Succeeded),
            TimeSpan.FromSeconds(30), "the run-now firing");
        await Task.Delay(TimeSpan.FromSeconds(3));
        final = await a.RunsAsync(Key);
        Assert.Equal(afterEdit + 1, final.Count);
        Assert.Single(final, r => r.RequestedBy == "mishu1");
        Assert.Equal(counted + 1, counter.Count);
    }
}
