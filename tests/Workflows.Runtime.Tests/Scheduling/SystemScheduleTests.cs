using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Workflows.Runtime.Scheduling;
using Workflows.Runtime.Tests.Support;
using Workflows.Testing;

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
    public void AddSystemSchedule_InvalidCron_IsRefusedAtRegistration()
    {
        var services = new ServiceCollection();

        var error = Assert.Throws<ArgumentException>(() => services.AddSystemSchedule<CountingJob>("bad", "坏", "Bad", "not a cron"));

        Assert.StartsWith("Cron 表达式无效", error.Message);
    }

    internal sealed class CountingJob(CountingJob.Counter counter) : IJob
    {
        public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
        {
            var n = Interlocked.Increment(ref counter.Value);
            context.Result = new ScheduleRunResult(true, null, 0, 0, 0, 0, $"ok {n}");
            return ValueTask.CompletedTask;
        }

        internal sealed class Counter
        {
            public int Value;

            public int Count => Volatile.Read(ref Value);
        }
    }
}
