using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Runtime.Scheduling;
using Workflows.Runtime.Tests.Support;
using Workflows.Testing;
using static Workflows.Testing.Wf;

namespace Workflows.Runtime.Tests.Scheduling;

/// <summary>The yearly run: one instance per item and period, however often the run is interrupted and repeated.</summary>
public sealed class FanOutRunTests
{
    private const string Run = "yearly";
    private const string Schedule = "runs/yearly";

    private static Dictionary<string, string?> Settings(string definitionId = "p3-test") => new()
    {
        [$"Scheduling:Runs:0:Name"] = Run,
        [$"Scheduling:Runs:0:DisplayName"] = "年度考核（测试）",
        [$"Scheduling:Runs:0:DefinitionId"] = definitionId,
        [$"Scheduling:Runs:0:ItemsProvider"] = TestBranches.ProviderName,
        [$"Scheduling:Runs:0:Cron"] = "0 0 9 5 1 ?",
        [$"Scheduling:Runs:0:Period"] = RunPeriods.PreviousYear,
    };

    private static Action<IServiceCollection> Items(int count) => s => s.AddSingleton<IRunItemsProvider>(new TestBranches(count));

    private static Engine.Model.WorkflowDefinition Assessment() =>
        Def("p3-test", [Act("start", "Elsa.Start"), HumanTask("self", "分会自评", "branchChair", "Submit")], [Conn("start", "self")]);

    private static string PreviousYear() => (TimeZoneInfo.ConvertTime(TimeProvider.System.GetUtcNow(), CronText.China).Year - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static Task<List<string>> KeysAsync(ServiceHost host) =>
        host.QueryAsync(db => db.Instances.AsNoTracking().Where(i => i.IdempotencyKey!.StartsWith(Run + ":")).Select(i => i.IdempotencyKey!).ToListAsync());

    // A graceful stop part-way: Hangfire requeues the job (its queue entry is visible again at once), and at the next
    // start the job is fetched again. Before the fix, about half of the runs lost the firing: the start-up recovery
    // could requeue the job under the execution already carrying on, and the newer execution left the work to the
    // older one, which Hangfire then aborted (see YearlyRun_JobRequeuedUnderARunningExecution_...).
    [Fact]
    public async Task YearlyRun_200Items_InterruptedHalfwayAndRestarted_Exactly200Instances()
    {
        using var folder = new TempFolder("fanout");
        var file = folder.File("wf.db");
        var first = await ServiceHost.StartAsync(file, Settings(), Items(200));
        await first.PublishAsync(Assessment());
        var started = await first.WithScopeAsync(sp => sp.GetRequiredService<ScheduleAdmin>().RunNowAsync(Schedule, "mishu1", CancellationToken.None));
        Assert.True(started.Succeeded, started.Message);

        // Part-way through, hold the database so the run cannot finish, and shut the service down meanwhile.
        await ServiceHost.EventuallyAsync(() => first.QueryAsync(db => db.Instances.CountAsync()), n => n >= 40, TimeSpan.FromSeconds(60), "the run to be under way");
        Task stopping;
        await using (var blocker = new SqliteConnection($"Data Source={file}"))
        {
            await blocker.OpenAsync();
            await using (var begin = blocker.CreateCommand())
            {
                begin.CommandText = "PRAGMA busy_timeout=60000; BEGIN IMMEDIATE;";
                await begin.ExecuteNonQueryAsync();
            }
            stopping = first.StopAsync();
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            await using var commit = blocker.CreateCommand();
            commit.CommandText = "COMMIT;";
            await commit.ExecuteNonQueryAsync();
        }
        await stopping;
        SqliteConnection.ClearAllPools();

        await using var second = await ServiceHost.StartAsync(file, Settings(), Items(200));

        // Hangfire requeues the cut-short job; its next execution carries on with the same tick and period.
        // What must hold is exactly-once, not an ordering: a recovery execution may itself be cut short (Hangfire
        // requeues a job it finds Processing on a stopped server while it is already running again) and carried on
        // by a further execution; every execution but the last is Interrupted, and the one that finishes starts
        // exactly the branches still missing.
        var runs = await ServiceHost.EventuallyAsync(() => second.RunsAsync(Schedule),
            r => r.Any(x => x.IsRecovery && x.Status == ScheduleRunStatuses.Succeeded), TimeSpan.FromSeconds(90), "the recovery run");
        var recovery = runs.Single(r => r.IsRecovery && r.Status == ScheduleRunStatuses.Succeeded);
        Assert.All(runs.Where(r => r.Id != recovery.Id), r => Assert.Equal(ScheduleRunStatuses.Interrupted, r.Status));
        var interrupted = runs.Single(r => !r.IsRecovery);
        Assert.Equal("mishu1", interrupted.RequestedBy);
        Assert.Equal(interrupted.ScheduledFireAt, recovery.ScheduledFireAt);
        Assert.Equal(200, recovery.Total);
        // The earlier executions got part of the way; the one that finished started exactly the rest.
        Assert.InRange(recovery.Existing, 40, 200);
        Assert.Equal(200 - recovery.Existing, recovery.Started);
        Assert.Equal(0, recovery.Failed);
        Assert.Equal(PreviousYear(), recovery.Period);

        var keys = await KeysAsync(second);
        Assert.Equal(200, keys.Count);
        Assert.Equal(Enumerable.Range(1, 200).Select(i => $"{Run}:{PreviousYear()}:b{i:D3}").Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));

        // Every instance runs to its first task: one self-assessment per branch.
        await ServiceHost.EventuallyAsync(() => second.QueryAsync(db => db.Tasks.CountAsync(t => t.Title == "分会自评")), n => n == 200, TimeSpan.FromSeconds(90), "200 self-assessment tasks");
        var perBranch = await second.QueryAsync(db => db.Instances.AsNoTracking().Where(i => i.DefinitionId == "p3-test").Select(i => i.StateJson).ToListAsync());
        Assert.Equal(200, perBranch.Select(s => System.Text.Json.Nodes.JsonNode.Parse(s)!["input"]?["BranchId"]?.ToString()).Distinct().Count());
    }

    // The execution of a job that Hangfire fetched again while an earlier one was still at work (a requeue by the
    // start-up recovery, a fetch after the invisibility timeout) holds the job; Hangfire aborts the earlier one
    // (ServerJobCancellationWatcher). The new one must wait for the earlier one's end and carry on, not leave the
    // work to it: before, it saw the earlier row Running on its own node, did nothing and ended the job, and the
    // aborted earlier one was carried on by nobody.
    [Fact]
    public async Task YearlyRun_JobRequeuedUnderARunningExecution_TheNewExecutionCarriesOnExactlyOnce()
    {
        using var folder = new TempFolder("fanout");
        var file = folder.File("wf.db");
        await using var host = await ServiceHost.StartAsync(file, Settings(), Items(200));
        await host.PublishAsync(Assessment());
        await host.WithScopeAsync(sp => sp.GetRequiredService<ScheduleAdmin>().RunNowAsync(Schedule, "mishu1", CancellationToken.None));
        await ServiceHost.EventuallyAsync(() => host.QueryAsync(db => db.Instances.CountAsync()), n => n >= 20, TimeSpan.FromSeconds(60), "the run to be under way");

        // Hold the database so the first execution is surely still at work, and put its job back in the queue.
        var jobId = (await host.RunsAsync(Schedule)).Single().FireInstanceId.Split('/')[0];
        await using (var blocker = new SqliteConnection($"Data Source={file}"))
        {
            await blocker.OpenAsync();
            await using (var begin = blocker.CreateCommand())
            {
                begin.CommandText = "PRAGMA busy_timeout=60000; BEGIN IMMEDIATE;";
                await begin.ExecuteNonQueryAsync();
            }
            var scheduler = host.Services.GetRequiredService<WorkflowScheduler>();
            Assert.True(scheduler.Client.ChangeState(jobId, new Hangfire.States.EnqueuedState(SchedulerNode.Queue) { Reason = "test" }, Hangfire.States.ProcessingState.StateName));
            await Task.Delay(TimeSpan.FromMilliseconds(1500));
            await using var commit = blocker.CreateCommand();
            commit.CommandText = "COMMIT;";
            await commit.ExecuteNonQueryAsync();
        }

        var runs = await ServiceHost.EventuallyAsync(() => host.RunsAsync(Schedule),
            r => r.Any(x => x.Status == ScheduleRunStatuses.Succeeded), TimeSpan.FromSeconds(90), "an execution to finish the run");
        var finished = runs.Single(r => r.Status == ScheduleRunStatuses.Succeeded);
        Assert.True(finished.IsRecovery);
        Assert.Equal(jobId + "/2", finished.FireInstanceId);
        Assert.Equal(ScheduleRunStatuses.Interrupted, runs.Single(r => r.FireInstanceId == jobId + "/1").Status);
        Assert.Equal(2, runs.Count);
        Assert.Equal((200, 0), (finished.Total, finished.Failed));
        Assert.Equal(200, finished.Started + finished.Existing);
        Assert.Equal(200, (await KeysAsync(host)).Count);
    }

    [Fact]
    public async Task YearlyRun_RunAgainForTheSamePeriod_StartsNothingNew()
    {
        using var folder = new TempFolder("fanout");
        await using var host = await ServiceHost.StartAsync(folder.File("wf.db"), Settings(), Items(30));
        await host.PublishAsync(Assessment());
        var admin = (IServiceProvider sp) => sp.GetRequiredService<ScheduleAdmin>();

        await host.WithScopeAsync(sp => admin(sp).RunNowAsync(Schedule, "mishu1", CancellationToken.None));
        await ServiceHost.EventuallyAsync(() => host.RunsAsync(Schedule), r => r.Count(x => x.Status == ScheduleRunStatuses.Succeeded) == 1, TimeSpan.FromSeconds(30), "the first run");
        await host.WithScopeAsync(sp => admin(sp).RunNowAsync(Schedule, "mishu2", CancellationToken.None));
        var runs = await ServiceHost.EventuallyAsync(() => host.RunsAsync(Schedule), r => r.Count(x => x.Status == ScheduleRunStatuses.Succeeded) == 2, TimeSpan.FromSeconds(30), "the second run");

        Assert.Equal((30, 0), (runs[0].Started, runs[0].Existing));
        Assert.Equal((0, 30), (runs[1].Started, runs[1].Existing));
        Assert.Equal(["mishu1", "mishu2"], runs.Select(r => r.RequestedBy));
        Assert.Equal(30, (await KeysAsync(host)).Count);
    }

    [Fact]
    public async Task YearlyRun_DefinitionMissing_RecordsAClearFailureAndStartsNothing()
    {
        using var folder = new TempFolder("fanout");
        await using var host = await ServiceHost.StartAsync(folder.File("wf.db"), Settings("p3-not-there"), Items(5));

        var result = await host.WithScopeAsync(sp => sp.GetRequiredService<ScheduleAdmin>().RunNowAsync(Schedule, "mishu1", CancellationToken.None));
        Assert.True(result.Succeeded);

        var run = (await ServiceHost.EventuallyAsync(() => host.RunsAsync(Schedule), r => r.Any(x => x.Status != ScheduleRunStatuses.Running), TimeSpan.FromSeconds(30), "the run to end")).Single();
        Assert.Equal(ScheduleRunStatuses.Failed, run.Status);
        Assert.StartsWith("流程定义 p3-not-there 不存在或尚未发布", run.Message);
        Assert.Equal(0, await host.QueryAsync(db => db.Instances.CountAsync()));
        // The schedule itself stays in place for next year.
        var listed = await host.WithScopeAsync(sp => sp.GetRequiredService<ScheduleAdmin>().ListAsync(CancellationToken.None));
        Assert.NotNull(Assert.Single(listed, s => s.Entry.Key.ToString() == Schedule).NextFireAt);
    }

    [Fact]
    public async Task SingleRun_NoItemsProvider_StartsOneInstancePerPeriod()
    {
        using var folder = new TempFolder("fanout");
        var settings = Settings("deadline-test");
        settings["Scheduling:Runs:0:ItemsProvider"] = null;
        settings["Scheduling:Runs:0:Period"] = RunPeriods.CurrentYear;
        await using var host = await ServiceHost.StartAsync(folder.File("wf.db"), settings);
        await host.PublishAsync(Def("deadline-test", [Act("start", "Elsa.Start"), HumanTask("remind", "提交年度评价报告", "memberUnit", "Done")], [Conn("start", "remind")]));

        for (var i = 0; i < 2; i++)
        {
            await host.WithScopeAsync(sp => sp.GetRequiredService<ScheduleAdmin>().RunNowAsync(Schedule, "mishu1", CancellationToken.None));
            await ServiceHost.EventuallyAsync(() => host.RunsAsync(Schedule), r => r.Count(x => x.Status == ScheduleRunStatuses.Succeeded) == i + 1, TimeSpan.FromSeconds(30), "the run");
        }

        var year = TimeZoneInfo.ConvertTime(TimeProvider.System.GetUtcNow(), CronText.China).Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal([$"{Run}:{year}"], await KeysAsync(host));
        var runs = await host.RunsAsync(Schedule);
        Assert.Equal((1, 0), (runs[0].Started, runs[0].Existing));
        Assert.Equal((0, 1), (runs[1].Started, runs[1].Existing));
    }
}
