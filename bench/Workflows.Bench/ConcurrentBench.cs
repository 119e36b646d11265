using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Runtime.Execution;
using Workflows.Runtime.Inbox;

namespace Workflows.Bench;

/// <summary>
/// Issue 13's figures in one run: the raw limits of the bench's own SQLite file (single-row commits and 100-row
/// batches, synchronous=FULL), then start→wait, straight-through and resume→next wait for each number of
/// concurrent clients, every rate also printed as a ratio to both raw limits.
/// </summary>
public static class ConcurrentBench
{
    private const int BatchRows = 100;

    public static async Task RunAsync(Report report, ServiceProvider services, string file, int[] clientCounts)
    {
        var runtime = services.GetRequiredService<WorkflowRuntime>();
        var rawSingle = RuntimeBench.RawCommitsPerSecond(file, 2000);
        var rawBatched = RawBatchedRowsPerSecond(file, 100);
        report.Add("raw single-row commits (same file, FULL sync)", rawSingle, "commits/s");
        report.Add($"raw batched rows, {BatchRows} per commit (same file, FULL sync)", rawBatched, "rows/s");

        // Warm the caches and the JIT once, so the first client count is not charged for it.
        for (var i = 0; i < 20; i++)
        {
            await runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "ten" });
            await runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "wait" });
        }

        await BreakdownAsync(report, services);

        foreach (var clients in clientCounts)
        {
            var perClient = Math.Max(5, 400 / clients);
            var wait = await RateAsync(clients, perClient, () => runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "wait" }));
            AddRate(report, $"start → wait, {clients} clients", wait, rawSingle, rawBatched);
            var ten = await RateAsync(clients, perClient, () => runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "ten" }));
            AddRate(report, $"straight-through 10-activity flowchart, {clients} clients", ten, rawSingle, rawBatched);

            var (rate, latencies) = await ResumeAsync(services, runtime, clients, Math.Max(5, 300 / clients));
            AddRate(report, $"resume → next wait, {clients} clients", rate, rawSingle, rawBatched);
            report.Add($"resume → next wait, {clients} clients, p50", Report.Percentile(latencies, 50), "ms");
            report.Add($"resume → next wait, {clients} clients, p99", Report.Percentile(latencies, 99), "ms");
        }
    }

    /// <summary>
    /// Stopwatch breakdown of the per-start work that the lean hot path removed: on main every start parsed the
    /// definition, re-serialised and hashed its snapshot, and asked the database whether the snapshot row exists.
    /// </summary>
    private static async Task BreakdownAsync(Report report, ServiceProvider services)
    {
        const int n = 500;
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Workflows.Runtime.Persistence.WorkflowsDbContext>();
        var json = (await scope.ServiceProvider.GetRequiredService<Workflows.Runtime.Definitions.DefinitionStore>()
            .FindAsync("ten", Workflows.Runtime.Definitions.VersionOptions.Published, CancellationToken.None))!.Json;
        var graphs = services.GetRequiredService<GraphCache>();
        var hash = graphs.SnapshotOf(json).Hash;

        var sw = Stopwatch.StartNew();
        for (var i = 0; i < n; i++) _ = (GraphCache.Snapshot(json), Workflows.Engine.Model.WorkflowDefinition.Parse(json).Inputs);
        report.Add("per start, before: parse + snapshot re-serialise + hash (10-activity definition)", sw.Elapsed.TotalMicroseconds / n, "µs");
        sw.Restart();
        for (var i = 0; i < n; i++) _ = graphs.SnapshotOf(json);
        report.Add("per start, after: cached snapshot lookup", sw.Elapsed.TotalMicroseconds / n, "µs");
        sw.Restart();
        for (var i = 0; i < n; i++) _ = await db.DefinitionSnapshots.AnyAsync(x => x.Hash == hash);
        report.Add("per start, before: snapshot-row exists query (after: skipped once seen)", sw.Elapsed.TotalMicroseconds / n, "µs");
    }

    private static void AddRate(Report report, string name, double rate, double rawSingle, double rawBatched)
    {
        report.Add(name, rate, "bursts/s");
        report.Add($"{name}: ratio to raw single-row / to raw batched", $"{rate / rawSingle:N3} / {rate / rawBatched:N4}");
    }

    private static async Task<double> RateAsync(int clients, int perClient, Func<Task<RunOutcome>> start)
    {
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < perClient; i++)
            {
                var outcome = await start();
                if (!outcome.Succeeded) throw new InvalidOperationException(outcome.Message);
            }
        })));
        return clients * perClient / sw.Elapsed.TotalSeconds;
    }

    /// <summary>Each client drives its own approval loop: complete the open task, the burst runs to the next one.</summary>
    private static async Task<(double Rate, List<double> Latencies)> ResumeAsync(ServiceProvider services, WorkflowRuntime runtime, int clients, int perClient)
    {
        var chains = new List<string>();
        for (var c = 0; c < clients; c++) chains.Add((await runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "chain" })).InstanceId!);
        var latencies = new ConcurrentBag<double>();
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(chains.Select(chain => Task.Run(async () =>
        {
            for (var i = 0; i < perClient; i++) latencies.Add(await RuntimeBench.ResumeOnceAsync(services, chain));
        })));
        return (clients * perClient / sw.Elapsed.TotalSeconds, latencies.ToList());
    }

    /// <summary>Rows per second on the same file with <paramref name="rowsPerCommit"/> rows per transaction (synchronous=FULL).</summary>
    private static double RawBatchedRowsPerSecond(string file, int commits) => RawRowsPerSecond(file, commits, BatchRows);

    internal static double RawRowsPerSecond(string file, int commits, int rowsPerCommit)
    {
        using var connection = new SqliteConnection($"Data Source={file}");
        connection.Open();
        using (var setup = connection.CreateCommand())
        {
            setup.CommandText = "PRAGMA synchronous=FULL; CREATE TABLE IF NOT EXISTS bench_raw (id INTEGER PRIMARY KEY, payload TEXT NOT NULL);";
            setup.ExecuteNonQuery();
        }
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < commits; i++)
        {
            using var tx = connection.BeginTransaction();
            using var insert = connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = "INSERT INTO bench_raw (payload) VALUES ($p)";
            var p = insert.Parameters.Add("$p", SqliteType.Text);
            for (var r = 0; r < rowsPerCommit; r++)
            {
                p.Value = "x";
                insert.ExecuteNonQuery();
            }
            tx.Commit();
        }
        return commits * rowsPerCommit / sw.Elapsed.TotalSeconds;
    }
}
