using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Runtime.Definitions;
using Workflows.Runtime.Persistence;
using Workflows.Runtime.Scheduling;
using Workflows.Runtime.Tests.Support;
using Workflows.Testing;

namespace Workflows.Runtime.Tests.Scheduling;

/// <summary>Hangfire starts published definitions at their Cron trigger, and follows publish, republish and retract.</summary>
public sealed class CronWorkflowTests
{
    [Fact]
    public async Task CronDefinition_Published_EachTickStartsOneInstanceAtTheTrigger()
    {
        using var folder = new TempFolder("cron");
        await using var host = await ServiceHost.StartAsync(folder.File("wf.db"));
        await host.PublishAsync(CronDefinitions.Ticking("cron-fire", "0/2 * * * * ?"));

        var instances = await ServiceHost.EventuallyAsync(
            () => host.QueryAsync(db => db.Instances.AsNoTracking().Where(i => i.DefinitionId == "cron-fire").ToListAsync()),
            list => list.Count >= 2, TimeSpan.FromSeconds(30), "two cron-started instances");

        Assert.All(instances, i =>
        {
            Assert.StartsWith("cron:cron-fire:tick:", i.IdempotencyKey);
            Assert.Equal("scheduler", i.InitiatedBy);
            Assert.Equal(0, CronDefinitions.TickOf(i.IdempotencyKey!).Second % 2);
        });
        Assert.Equal(instances.Count, instances.Select(i => i.IdempotencyKey).Distinct().Count());
        // Started at the trigger: the Cron activity ran and the flow went on to the task.
        var first = instances[0].Id;
        var journal = await host.QueryAsync(db => db.Journal.AsNoTracking().Where(j => j.InstanceId == first).Select(j => j.ActivityId).ToListAsync());
        Assert.Contains(CronDefinitions.TriggerId, journal);
        var task = await host.QueryAsync(db => db.Tasks.AsNoTracking().SingleAsync(t => t.InstanceId == first));
        Assert.Equal("定时检查", task.Title);

        var runs = await ServiceHost.EventuallyAsync(() => host.RunsAsync("workflow-cron/cron-fire:tick"),
            r => r.Count(x => x.Status == ScheduleRunStatuses.Succeeded) >= 2, TimeSpan.FromSeconds(10), "two finished runs in the history");
        Assert.All(runs.Where(r => r.Status == ScheduleRunStatuses.Succeeded), r => Assert.Equal(1, r.Started + r.Existing));
    }

    [Fact]
    public async Task Republish_NewCron_ReschedulesAndRetractRemovesTheSchedule()
    {
        using var folder = new TempFolder("cron");
        await using var host = await ServiceHost.StartAsync(folder.File("wf.db"));
        var key = ScheduleKey.ForWorkflowCron("cron-edit", CronDefinitions.TriggerId);
        var scheduler = host.Services.GetRequiredService<WorkflowScheduler>();

        await host.PublishAsync(CronDefinitions.Ticking("cron-edit", "0 0 9 5 1 ?"));
        var yearly = scheduler.GetRecurringJob(key)!;
        Assert.Equal(("0 0 9 5 1 ?", "Asia/Shanghai"), (yearly.Cron, yearly.TimeZoneId));
        var next = TimeZoneInfo.ConvertTime(new DateTimeOffset(yearly.NextExecution!.Value, TimeSpan.Zero), CronText.China);
        Assert.Equal((1, 5, 9, 0), (next.Month, next.Day, next.Hour, next.Minute));

        // The secretariat changes the Cron activity in the designer and publishes again.
        await host.PublishAsync(CronDefinitions.Ticking("cron-edit", "0/2 * * * * ?"));
        Assert.Equal("0/2 * * * * ?", scheduler.GetRecurringJob(key)!.Cron);
        await ServiceHost.EventuallyAsync(
            () => host.QueryAsync(db => db.Instances.CountAsync(i => i.DefinitionId == "cron-edit")),
            n => n >= 1, TimeSpan.FromSeconds(30), "an instance on the new cron");

        await host.WithScopeAsync(sp => sp.GetRequiredService<DefinitionStore>().RetractAsync("cron-edit"));
        Assert.Null(scheduler.GetRecurringJob(key));
        var listed = await host.WithScopeAsync(sp => sp.GetRequiredService<ScheduleAdmin>().ListAsync(CancellationToken.None));
        Assert.DoesNotContain(listed, s => s.Entry.Key == key);
    }

    [Fact]
    public async Task Delete_PublishedDefinition_RemovesItsSchedule()
    {
        using var folder = new TempFolder("cron");
        await using var host = await ServiceHost.StartAsync(folder.File("wf.db"));
        var key = ScheduleKey.ForWorkflowCron("cron-delete", CronDefinitions.TriggerId);
        var scheduler = host.Services.GetRequiredService<WorkflowScheduler>();
        await host.PublishAsync(CronDefinitions.Ticking("cron-delete", "0 0 9 5 1 ?"));
        Assert.NotNull(scheduler.GetRecurringJob(key));

        await host.WithScopeAsync(sp => sp.GetRequiredService<DefinitionStore>().DeleteAsync("cron-delete"));

        Assert.Null(scheduler.GetRecurringJob(key));
    }

    [Fact]
    public async Task InvalidCron_Published_ListedAsCannotBeScheduledAndNotScheduled()
    {
        using var folder = new TempFolder("cron");
        await using var host = await ServiceHost.StartAsync(folder.File("wf.db"));
        // The designer only checks that a cron is there; a wrong one is caught here and shown on the schedules page.
        await host.PublishAsync(CronDefinitions.Ticking("cron-wrong", "every monday"));

        var listed = await host.WithScopeAsync(sp => sp.GetRequiredService<ScheduleAdmin>().ListAsync(CancellationToken.None));

        var entry = Assert.Single(listed, s => s.Entry.DefinitionId == "cron-wrong").Entry;
        Assert.StartsWith("Cron 表达式无效", entry.Problem);
        Assert.Null(host.Services.GetRequiredService<WorkflowScheduler>().GetRecurringJob(entry.Key));
        var refused = await host.WithScopeAsync(sp => sp.GetRequiredService<ScheduleAdmin>().RunNowAsync(entry.Key.ToString(), "mishu1", CancellationToken.None));
        Assert.False(refused.Succeeded);
    }
}
