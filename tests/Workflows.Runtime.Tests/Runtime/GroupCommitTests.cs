using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Runtime.Execution;
using Workflows.Runtime.Inbox;
using Workflows.Runtime.Persistence;
using Workflows.Runtime.Tests.Support;
using static Workflows.Testing.Wf;

namespace Workflows.Runtime.Tests.Runtime;

/// <summary>Issue 13, item 1: bursts of different instances share one transaction, and the rules still hold per burst.</summary>
public sealed class GroupCommitTests
{
    private static readonly Actor Secretary = new("mishu1", ["secretariat"]);

    private static Engine.Model.WorkflowDefinition TwoSteps() => Def("two-steps",
        [Act("start", "Elsa.Start"), HumanTask("first", "第一步"), HumanTask("second", "第二步")],
        [Conn("start", "first"), Conn("first", "second", "Approve")]);

    [Fact]
    public async Task ManyConcurrentStartsAndResumes_EachIsAnsweredOnce_AndTransactionsAreShared()
    {
        await using var host = await RuntimeTestHost.StartAsync();
        await host.PublishAsync(TwoSteps());
        const int count = 48;

        var starts = await Task.WhenAll(Enumerable.Range(0, count).Select(i => Task.Run(() =>
            host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "two-steps", IdempotencyKey = $"gc-{i}" }))));
        Assert.All(starts, s => Assert.Equal(RunStatus.Completed, s.Status));
        Assert.Equal(count, starts.Select(s => s.InstanceId).Distinct().Count());

        var firstTasks = await host.QueryAsync(db => db.Tasks.AsNoTracking().Where(t => t.ActivityId == "first").Select(t => t.Id).ToListAsync());
        Assert.Equal(count, firstTasks.Count);
        var completions = await Task.WhenAll(firstTasks.Select(id => Task.Run(async () =>
        {
            await using var scope = host.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<TaskService>().CompleteAsync(new CompleteTaskCommand(id, "Approve", null, null), Secretary, CancellationToken.None);
        })));
        Assert.All(completions, c => Assert.True(c.Succeeded, c.Message));

        // Each start and each completion took effect once: one instance per key, one task per step, a gap-free journal.
        Assert.Equal(count, await host.QueryAsync(db => db.Instances.CountAsync()));
        Assert.Equal(count, await host.QueryAsync(db => db.Tasks.CountAsync(t => t.ActivityId == "first" && t.Status == TaskStatuses.Completed)));
        Assert.Equal(count, await host.QueryAsync(db => db.Tasks.CountAsync(t => t.ActivityId == "second" && t.Status == TaskStatuses.Open)));
        Assert.Equal(count, await host.QueryAsync(db => db.Bookmarks.CountAsync()));
        var journals = await host.QueryAsync(db => db.Journal.AsNoTracking().GroupBy(j => j.InstanceId)
            .Select(g => new { Max = g.Max(j => j.Sequence), Count = g.Count() }).ToListAsync());
        Assert.All(journals, j => Assert.Equal(j.Count, j.Max));

        var committer = host.Services.GetRequiredService<BurstCommitter>();
        Assert.True(committer.Bursts >= 2 * count, $"{committer.Bursts} bursts");
        Assert.True(committer.LargestBatch > 1, $"no transaction held more than one burst ({committer.Batches} transactions, {committer.Bursts} bursts)");
    }

    [Fact]
    public async Task ConflictInOneBurstOfABatch_TheOthersCommit_AndTheConflictingOneLeavesNothing()
    {
        await using var host = await RuntimeTestHost.StartAsync();
        await host.PublishAsync(TwoSteps());
        var ids = new List<string>();
        for (var i = 0; i < 3; i++) ids.Add((await host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "two-steps" })).InstanceId!);
        var committer = host.Services.GetRequiredService<BurstCommitter>();

        // Three bursts, each moving its instance and adding a journal row, loaded before anything else happens.
        var scopes = ids.Select(_ => host.Services.CreateAsyncScope()).ToList();
        var bursts = new List<(WorkflowsDbContext Db, InstanceRecord Instance)>();
        for (var i = 0; i < 3; i++)
        {
            var db = scopes[i].ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            var instance = await db.Instances.SingleAsync(x => x.Id == ids[i]);
            instance.Revision++;
            instance.Name = "moved";
            db.Journal.Add(new JournalRecord
            {
                InstanceId = instance.Id, Sequence = 1000, ActivityExecutionId = "x", ActivityId = "x", ActivityNodeId = "x",
                ActivityType = "Test", EventName = "Marked",
            });
            bursts.Add((db, instance));
        }
        // The middle one's revision moves behind its back (another node committed first).
        var before = await host.QueryAsync(db => db.Instances.Where(x => x.Id == ids[1]).ExecuteUpdateAsync(u => u.SetProperty(x => x.Revision, x => x.Revision + 1)));
        Assert.Equal(1, before);

        // Hold the writer inside a first transaction so that the three are handed in together and share the next one.
        var inWriter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var gateScope = host.Services.CreateAsyncScope();
        var gate = committer.CommitAsync(gateScope.ServiceProvider.GetRequiredService<WorkflowsDbContext>(), async _ =>
        {
            inWriter.SetResult();
            await release.Task;
        }, CancellationToken.None);
        await inWriter.Task;
        var largestBefore = committer.LargestBatch;
        var commits = bursts.Select(b => committer.CommitAsync(b.Db, ct => b.Db.SaveChangesAsync(ct), CancellationToken.None)).ToList();
        release.SetResult();
        await gate;

        await commits[0];
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => commits[1]);
        await commits[2];
        Assert.Equal(1, largestBefore);
        Assert.Equal(2, committer.LargestBatch); // the two good bursts shared one transaction

        foreach (var i in new[] { 0, 2 })
        {
            Assert.Equal("moved", (await host.InstanceAsync(ids[i])).Name);
            Assert.Equal(1, await host.QueryAsync(db => db.Journal.CountAsync(j => j.InstanceId == ids[i] && j.EventName == "Marked")));
        }
        // All or nothing for the conflicting burst: neither its instance change nor its journal row was kept.
        Assert.NotEqual("moved", (await host.InstanceAsync(ids[1])).Name);
        Assert.Equal(0, await host.QueryAsync(db => db.Journal.CountAsync(j => j.InstanceId == ids[1] && j.EventName == "Marked")));
        foreach (var scope in scopes) await scope.DisposeAsync();

        // Retried alone on fresh data, through the runtime, it goes through.
        var task = await host.QueryAsync(db => db.Tasks.AsNoTracking().SingleAsync(t => t.InstanceId == ids[1] && t.Status == TaskStatuses.Open));
        await using var complete = host.Services.CreateAsyncScope();
        var outcome = await complete.ServiceProvider.GetRequiredService<TaskService>().CompleteAsync(new CompleteTaskCommand(task.Id, "Approve", null, null), Secretary, CancellationToken.None);
        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.Equal(1, await host.QueryAsync(db => db.Tasks.CountAsync(t => t.InstanceId == ids[1] && t.ActivityId == "second" && t.Status == TaskStatuses.Open)));
    }
}
