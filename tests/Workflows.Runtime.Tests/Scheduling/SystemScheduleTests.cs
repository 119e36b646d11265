using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Runtime.Execution;
using Workflows.Runtime.Scheduling;
using Workflows.Runtime.Tests.Support;
using Workflows.Testing;
using static Workflows.Testing.Wf;

namespace Workflows.Runtime.Tests.Scheduling;

/// <summary>The service's own recurring work (the inbox's task deadlines use this) is scheduled, listed and recorded like the rest.</summary>
public sealed class SystemScheduleTests
{
    [Fact]
    public async Task SystemSchedule_Registered_IsScheduledAndRunNowRunsTheJobAndRecordsIt()
    {
        using var folder = new TempFolder("system");
        var counter = new CountingJob.Counter();
        await using var host = await ServiceHost.StartAsync(folder.File("wf.db"), configure: s =>
        {
            s.AddSingleton(counter);
            s.AddSystemSchedule<CountingJob>("counting", "计数任务", "Counting job", "0 0 3 * * ?");
        });

        var view = Assert.Single(await host.WithScopeAsync(sp => sp.GetRequiredService<ScheduleAdmin>().ListAsync(CancellationToken.None)), v => v.Entry.Key.ToString() == "system/counting");
        Assert.Equal(ScheduleKind.System, view.Entry.Kind);
        Assert.NotNull(view.NextFireAt);

        await host.WithScopeAsync(sp => sp.GetRequiredService<ScheduleAdmin>().RunNowAsync("system/counting", "admin", CancellationToken.None));
        var run = (await ServiceHost.EventuallyAsync(() => host.RunsAsync("system/counting"), r => r.Any(x => x.Status == ScheduleRunStatuses.Succeeded), TimeSpan.FromSeconds(30), "the run")).Single();

        Assert.Equal(1, counter.Count);
        Assert.Equal("admin", run.RequestedBy);
        Assert.Equal("ok 1", run.Message);
    }

    [Fact]
    public async Task TaskDeadlines_IsASystemSchedule_RunNowEscalatesTheOverdueTaskOnce()
    {
        using var folder = new TempFolder("deadlines");
        await using var host = await ServiceHost.StartAsync(folder.File("wf.db"));
        var task = HumanTask("t", "限期审批", "leadershipGroupMember");
        task.Remove("candidateRole");
        task["assignee"] = Lit("chengyuan1");
        task["dueIn"] = Lit("00:00:01", "TimeSpan");
        task["escalateTo"] = Lit("zuzhang");
        await host.PublishAsync(Def("deadline", [Act("start", "Elsa.Start"), task], [Conn("start", "t")]));
        var instanceId = (await host.WithScopeAsync(sp => sp.GetRequiredService<WorkflowRuntime>().StartAsync(new StartWorkflowRequest { DefinitionId = "deadline" }))).InstanceId;

        var view = Assert.Single(await host.WithScopeAsync(sp => sp.GetRequiredService<ScheduleAdmin>().ListAsync(CancellationToken.None)), v => v.Entry.Key.ToString() == "system/" + ScheduleNames.TaskDeadlines);
        Assert.NotNull(view.NextFireAt);

        // Overdue after one second; then two firings: the first escalates, the second finds nothing left to do.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        const string key = "system/" + ScheduleNames.TaskDeadlines;
        await host.WithScopeAsync(sp => sp.GetRequiredService<ScheduleAdmin>().RunNowAsync(key, "mishu1", CancellationToken.None));
        await ServiceHost.EventuallyAsync(() => host.RunsAsync(key), r => r.Count(x => x.Status == ScheduleRunStatuses.Succeeded) == 1, TimeSpan.FromSeconds(30), "the first run");
        await host.WithScopeAsync(sp => sp.GetRequiredService<ScheduleAdmin>().RunNowAsync(key, "mishu1", CancellationToken.None));
        var runs = await ServiceHost.EventuallyAsync(() => host.RunsAsync(key), r => r.Count(x => x.Status == ScheduleRunStatuses.Succeeded) == 2, TimeSpan.FromSeconds(30), "the second run");

        Assert.Equal(["提醒 0 条，升级 0 条。 / 0 reminders, 0 escalations.", "提醒 0 条，升级 1 条。 / 0 reminders, 1 escalations."],
            runs.Select(r => r.Message).Order(StringComparer.Ordinal));
        var escalated = await host.QueryAsync(db => db.Tasks.AsNoTracking().SingleAsync(t => t.InstanceId == instanceId));
        Assert.Equal("zuzhang", escalated.Assignee);
        Assert.NotNull(escalated.EscalatedAt);
        Assert.Equal(1, await host.QueryAsync(db => db.Outbox.CountAsync(o => o.Template == "escalation" && o.InstanceId == instanceId)));
    }

    [Fact]
    public void AddSystemSchedule_InvalidCron_IsRefusedAtRegistration()
    {
        var services = new ServiceCollection();

        var error = Assert.Throws<ArgumentException>(() => services.AddSystemSchedule<CountingJob>("bad", "坏", "Bad", "not a cron"));

        Assert.StartsWith("Cron 表达式无效", error.Message);
    }

    internal sealed class CountingJob(CountingJob.Counter counter) : IScheduledJob
    {
        public Task<ScheduleRunResult> ExecuteAsync(ScheduleFiring firing, CancellationToken cancellationToken)
        {
            var n = Interlocked.Increment(ref counter.Value);
            return Task.FromResult(new ScheduleRunResult(true, null, 0, 0, 0, 0, $"ok {n}"));
        }

        internal sealed class Counter
        {
            public int Value;

            public int Count => Volatile.Read(ref Value);
        }
    }
}
