using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Runtime.Execution;
using Workflows.Runtime.Hosting;
using Workflows.Runtime.Persistence;
using Workflows.Runtime.Tests.Support;
using static Workflows.Testing.Wf;

namespace Workflows.Runtime.Tests.Runtime;

/// <summary>Issue 13, item 5: the timer round under load.</summary>
public sealed class TimerRoundTests
{
    private static Engine.Model.WorkflowDefinition Delayed(string id, string timeSpan) => Def(id,
        [Act("start", "Elsa.Start"), Act("d", "Elsa.Delay", ("timeSpan", Lit(timeSpan, "TimeSpan"))), HumanTask("after", "到期后", "secretariat")],
        [Conn("start", "d"), Conn("d", "after")]);

    [Fact]
    public async Task ResumeLandingBetweenReadingTimersAndCommands_QueuesNoStaleCommand_TimerRunsOnce()
    {
        // Runs a hook right after the due-timer query has read its rows and before the round queues anything.
        var afterRead = new AfterQuery(TimerService.DueTimersTag);
        await using var host = await RuntimeTestHost.StartAsync(configure: s => s.ConfigureDbContext<WorkflowsDbContext>(o => o.AddInterceptors(afterRead)));
        await host.PublishAsync(Delayed("wait", "1.00:00:00"));
        var instanceId = (await host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "wait" })).InstanceId!;
        host.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, await host.Timers.FireDueAsync(default)); // timer:<bookmark> is queued

        // The next round reads; in between, the dispatcher runs the queued timer (resume, bookmark and command gone).
        Task<int>? drain = null;
        afterRead.Arm(async () =>
        {
            drain = Task.Run(host.DrainAsync);
            // The round holds the write lock while it reads and queues, so the resume cannot commit here; give it time to try.
            await Task.WhenAny(drain, Task.Delay(TimeSpan.FromSeconds(1)));
        });
        var queued = await host.Timers.FireDueAsync(default);
        Assert.NotNull(drain);
        Assert.Equal(1, await drain!);

        Assert.Equal(0, queued);
        Assert.Equal(0, await host.QueryAsync(db => db.Commands.CountAsync()));
        Assert.Equal(0, await host.DrainAsync());
        Assert.Equal("after", Assert.Single(await host.OpenTasksAsync(instanceId)).ActivityId);
        Assert.Equal(1, await host.QueryAsync(db => db.Journal.CountAsync(j => j.InstanceId == instanceId && j.ActivityId == "d" && j.EventName == "Completed")));
    }

    [Fact]
    public async Task MoreThan500DueTimers_FirstOnesQueuedAlready_TheLaterOnesFireToo()
    {
        await using var host = await RuntimeTestHost.StartAsync();
        await host.PublishAsync(Delayed("one-day", "1.00:00:00"));
        await host.PublishAsync(Delayed("two-days", "2.00:00:00"));
        await StartManyAsync(host, "one-day", 520);
        await StartManyAsync(host, "two-days", 100);

        host.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(520, await host.Timers.FireDueAsync(default)); // past the first 500 in one round
        // Nothing ran yet: the 520 are queued and still due. The 100 that fall due later must not hide behind them.
        host.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(100, await host.Timers.FireDueAsync(default));
        Assert.Equal(0, await host.Timers.FireDueAsync(default));

        await host.DrainAsync();
        Assert.Equal(620, await host.QueryAsync(db => db.Tasks.CountAsync(t => t.ActivityId == "after" && t.Status == TaskStatuses.Open)));
        Assert.Equal(0, await host.QueryAsync(db => db.Bookmarks.CountAsync(b => b.Kind == Engine.Activities.Builtin.BookmarkKinds.Timer)));
    }

    private static async Task StartManyAsync(RuntimeTestHost host, string definitionId, int count) =>
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (_, ct) =>
        {
            var outcome = await host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = definitionId }, ct);
            Assert.Equal(RunStatus.Completed, outcome.Status);
        });

    private sealed class AfterQuery(string tag) : DbCommandInterceptor
    {
        private Func<Task>? _hook;

        public void Arm(Func<Task> hook) => Interlocked.Exchange(ref _hook, hook);

        public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains(tag, StringComparison.Ordinal) && Interlocked.Exchange(ref _hook, null) is { } hook)
                await hook(); // the reader's snapshot is taken: what it returns is what the query saw

            return result;
        }
    }
}
