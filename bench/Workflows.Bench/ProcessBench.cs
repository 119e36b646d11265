using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Workflows.Association;
using Workflows.Association.Rules;
using Workflows.Runtime.Definitions;
using Workflows.Runtime.Execution;
using Workflows.Runtime.Hosting;
using Workflows.Runtime.Identity;
using Workflows.Runtime.Inbox;
using Workflows.Runtime.Persistence;
using Workflows.Runtime.Persistence.Migrations;
using Workflows.Testing;

namespace Workflows.Bench;

/// <summary>
/// Issue 5's figures: the Association's P1 branch founding driven to the end N times (default 1,000) on SQLite with
/// synchronous=FULL, through the same services the API uses (runtime, inbox completion, the Association's
/// activities writing the domain in each burst): time per founding and the database size afterwards. Every
/// approval also dispatches a P2 party-branch setup, which starts and waits at its first task, as in production.
/// The cap of 50 branches (001 §8) is lifted for the run, or only 17 foundings could be approved.
/// </summary>
public static class ProcessBench
{
    private static readonly Actor Secretariat = new("mishu1", ["secretariat"]);
    private static readonly Actor Leader = new("zuzhang", ["leadershipGroupLeader", "leadershipGroupMember"]);
    private static readonly Actor Party = new("dangwei1", ["partyCommittee"]);

    public static async Task RunAsync(Report report, string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        using var folder = new TempFolder("bench-processes");
        var file = folder.File("processes.db");
        await using var services = await BuildAsync(file, folder.Path);
        var runtime = services.GetRequiredService<WorkflowRuntime>();
        var dispatcher = services.GetRequiredService<CommandDispatcher>();

        var sizeBefore = await SizeAsync(services, file);
        var durations = new List<double>();
        var total = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var sw = Stopwatch.StartNew();
            await FoundAsync(services, runtime, i);
            durations.Add(sw.Elapsed.TotalMilliseconds);
            if (i % 50 == 49)
            {
                await dispatcher.RunOnceAsync(CancellationToken.None);
                Console.Error.WriteLine($"{i + 1} foundings, {total.Elapsed.TotalSeconds:N0} s");
            }
        }
        while (await dispatcher.RunOnceAsync(CancellationToken.None) > 0) { }
        total.Stop();

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var finished = await db.Instances.CountAsync(i => i.DefinitionId == "p1-branch-founding" && i.SubStatus == "Finished");
        var p2Waiting = await db.Instances.CountAsync(i => i.DefinitionId == "p2-party-branch-setup" && i.SubStatus == "Suspended");
        if (finished != count) throw new InvalidOperationException($"{finished} of {count} foundings finished");

        var sizeAfter = await SizeAsync(services, file);
        report.Add("P1 foundings driven to the end", count, "");
        report.Add("P1 founding, start to end (7 tasks, sequential), p50", Report.Percentile(durations, 50), "ms");
        report.Add("P1 founding, start to end, p99", Report.Percentile(durations, 99), "ms");
        report.Add("P1 foundings per minute (sequential)", count / total.Elapsed.TotalMinutes, "");
        report.Add("P2 instances started by them and waiting", p2Waiting, "");
        report.Add("database size before (seeded demo data)", sizeBefore / 1024.0 / 1024.0, "MB");
        report.Add($"database size after {count:N0} completed foundings", sizeAfter / 1024.0 / 1024.0, "MB");
        report.Add("growth per founding (with its P2)", (sizeAfter - sizeBefore) / 1024.0 / count, "KB");
        foreach (var (table, rows) in await RowCountsAsync(file))
            report.Add($"rows in {table}", rows, "");
    }

    private static async Task FoundAsync(ServiceProvider services, WorkflowRuntime runtime, int i)
    {
        var start = await runtime.StartAsync(new StartWorkflowRequest
        {
            DefinitionId = "p1-branch-founding",
            InitiatedBy = "huiyuan1",
            Input = new JsonObject
            {
                ["Application"] = new JsonObject
                {
                    ["kind"] = "academic", ["name"] = $"基准测试第{i + 1}分会", ["discipline"] = $"基准学科{i + 1}",
                    ["chairUnitId"] = "d31ef2cb-21d7-589f-ab91-5400bf5aa266", ["chairPersonId"] = "91bd263c-2224-56ba-9156-e2a837bbb2a6",
                    ["fundingCommitment"] = true, ["evidence"] = "会员单位意向书",
                },
            },
        });
        var id = start.InstanceId ?? throw new InvalidOperationException(start.Message);
        await CompleteAsync(services, id, "completeness", Secretariat, "Accept", new JsonObject { ["materialsComplete"] = true });
        await CompleteAsync(services, id, "survey", Secretariat, "Done", new JsonObject { ["report"] = "调研报告" });
        await CompleteAsync(services, id, "chairCall", Secretariat, "Submit", new JsonObject { ["candidates"] = "7221f0bf-1e78-5f2b-b710-da652b90ba7a，88，92\n91bd263c-2224-56ba-9156-e2a837bbb2a6，80，84" });
        await CompleteAsync(services, id, "leadership", Leader, "Approve", null);
        await CompleteAsync(services, id, "party", Party, "Approve", null);
        await CompleteAsync(services, id, "vote", Secretariat, "Submit", new JsonObject { ["present"] = 5, ["ballots"] = "changwu1 赞成\nchangwu2 赞成\nchangwu3 赞成\nchangwu4 反对\nchangwu5 弃权" });
        await CompleteAsync(services, id, "meeting", Secretariat, "Done", new JsonObject { ["meetingAt"] = "2027-01-10T09:00", ["venue"] = "协会会议室" });
    }

    private static async Task CompleteAsync(ServiceProvider services, string instanceId, string activityId, Actor actor, string outcome, JsonObject? form)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var task = await db.Tasks.AsNoTracking().FirstOrDefaultAsync(t => t.InstanceId == instanceId && t.ActivityId == activityId && t.Status == TaskStatuses.Open)
            ?? throw new InvalidOperationException($"{instanceId}: no open task {activityId}: {(await db.Instances.AsNoTracking().FirstAsync(i => i.Id == instanceId)).StateJson}");
        var result = await scope.ServiceProvider.GetRequiredService<TaskService>().CompleteAsync(new CompleteTaskCommand(task.Id, outcome, null, form), actor, CancellationToken.None);
        if (!result.Succeeded) throw new InvalidOperationException(result.Message);
    }

    private static async Task<ServiceProvider> BuildAsync(string file, string scratch)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = $"Data Source={file}",
            ["Seed:Folder"] = RepoPaths.Combine("seeds"),
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddWorkflowRuntime(configuration, scratch);
        services.AddAssociation();
        services.Replace(ServiceDescriptor.Singleton(RuleThresholds.Default with { MaxBranches = 100_000 }));
        var provider = services.BuildServiceProvider();
        await using (var scope = provider.CreateAsyncScope())
        {
            var sp = scope.ServiceProvider;
            await sp.GetRequiredService<SchemaMigrator>().MigrateAsync();
            await sp.GetRequiredService<UserDirectory>().SeedRolesAsync(RepoPaths.Combine("seeds", "roles.json"));
            foreach (var task in sp.GetServices<IStartupTask>().OrderBy(t => t.Order))
                await task.RunAsync(sp, includeDemoData: true, CancellationToken.None);
            var loaded = await sp.GetRequiredService<DefinitionFileLoader>().LoadAsync(RepoPaths.Combine("workflows"));
            if (!loaded.Contains("p1-branch-founding")) throw new InvalidOperationException("P1 was not published");
        }
        provider.GetRequiredService<StartupGate>().Open();
        return provider;
    }

    /// <summary>File size after a WAL checkpoint, so the figure is what the database holds, not what waits in the log.</summary>
    private static async Task<long> SizeAsync(ServiceProvider services, string file)
    {
        await using (var scope = services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>().Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
        SqliteConnection.ClearAllPools();
        var wal = new FileInfo(file + "-wal");
        return new FileInfo(file).Length + (wal.Exists ? wal.Length : 0);
    }

    private static async Task<List<(string Table, long Rows)>> RowCountsAsync(string file)
    {
        var result = new List<(string, long)>();
        await using var connection = new SqliteConnection($"Data Source={file}");
        await connection.OpenAsync();
        foreach (var table in new[] { "wf_instances", "wf_journal", "wf_tasks", "wf_outbox", "wf_bookmarks", "assoc_branches", "assoc_branch_records", "assoc_founding_votes" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
            result.Add((table, (long)(await command.ExecuteScalarAsync())!));
        }
        return result;
    }
}
