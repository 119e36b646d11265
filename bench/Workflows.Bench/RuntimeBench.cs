using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workflows.Runtime.Definitions;
using Workflows.Runtime.Execution;
using Workflows.Runtime.Hosting;
using Workflows.Runtime.Inbox;
using Workflows.Runtime.Persistence;
using Workflows.Runtime.Persistence.Migrations;
using Workflows.Testing;
using static Workflows.Testing.Wf;

namespace Workflows.Bench;

/// <summary>
/// Issue 2's baseline on SQLite with synchronous=FULL: instances per second (straight-through and waiting),
/// resume-to-next-wait latency, start-up with many waiting instances, and raw single-row commits on the same file.
/// </summary>
public static class RuntimeBench
{
    public static async Task RunAsync(Report report, string[] args)
    {
        var waiting = args.Length > 0 && int.TryParse(args[0], System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 10_000;
        // "--clients 1,4,16,64" picks the concurrency levels; "--no-startup" skips the slow start-up figures.
        var clients = ArgAfter(args, "--clients") is { } list
            ? list.Split(',').Select(c => int.Parse(c, System.Globalization.CultureInfo.InvariantCulture)).ToArray()
            : [1, 4, 16, 64];
        var startup = !args.Contains("--no-startup");
        // "--group-commit 1" writes one burst per transaction (group commit off), for a same-machine comparison.
        GroupCommitMaxBursts = ArgAfter(args, "--group-commit");
        using var folder = new TempFolder("bench");
        var file = folder.File("bench.db");

        await using (var services = await BuildAsync(file))
        {
            await PublishAsync(services);
            var runtime = services.GetRequiredService<WorkflowRuntime>();
            await ConcurrentBench.RunAsync(report, services, file, clients);

            await Measure(report, "straight-through 10-activity flowchart", 30, 400, () => runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "ten" }));
            await Measure(report, "start then wait on a human task", 30, 400, () => runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "wait" }));

            // Resume latency: complete task N, the burst runs until task N+1 waits.
            var chain = (await runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "chain" })).InstanceId!;
            var latencies = new List<double>();
            for (var i = 0; i < 300; i++)
            {
                var elapsed = await ResumeOnceAsync(services, chain);
                if (i >= 20) latencies.Add(elapsed);
            }
            report.Add("resume → next wait, p50", Report.Percentile(latencies, 50), "ms");
            report.Add("resume → next wait, p99", Report.Percentile(latencies, 99), "ms");

            var raw = RawCommitsPerSecond(file, 2000);
            report.Add("raw single-row commits (same file, FULL sync)", raw, "commits/s");
            report.Add("ratio: waiting-instance starts / raw commits", RatioOf(report, "start then wait on a human task") / raw, "");

            // Fill up to N waiting instances for the start-up figure.
            var have = await services.CreateScope().ServiceProvider.GetRequiredService<WorkflowsDbContext>().Instances.CountAsync(i => i.SubStatus == "Suspended");
            var sw2 = Stopwatch.StartNew();
            for (var i = have; i < waiting; i++) await runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "wait" });
            Console.Error.WriteLine($"filled {waiting - have} waiting instances in {sw2.Elapsed.TotalSeconds:N0} s");
        }
        SqliteConnection.ClearAllPools();
        if (!startup) return;

        using var empty = new TempFolder("bench-empty");
        var emptyFile = empty.File("empty.db");
        await using (var s = await BuildAsync(emptyFile)) await PublishAsync(s);
        SqliteConnection.ClearAllPools();
        var startEmpty = await StartupAsync(emptyFile);
        var startFull = await StartupAsync(file);
        report.Add("start-up to ready, empty database", startEmpty, "ms");
        report.Add($"start-up to ready, {waiting:N0} waiting instances", startFull, "ms");
        report.Add("ratio: start-up full / empty", startFull / startEmpty, "");

        // The same, as a real process: from "dotnet Workflows.Server.dll" to /health answering 200. The first start
        // of each file seeds the demo users; the measured one is the second.
        var processEmpty = await ProcessStartupAsync(emptyFile, folder.Path);
        var processFull = await ProcessStartupAsync(file, folder.Path);
        report.Add("process start to /health 200, empty database", processEmpty, "ms");
        report.Add($"process start to /health 200, {waiting:N0} waiting instances", processFull, "ms");
        report.Add("ratio: process start-up full / empty", processFull / processEmpty, "");
    }

    private static string? ArgAfter(string[] args, string name) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

    private static async Task<double> ProcessStartupAsync(string file, string scratch)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Database__ConnectionString"] = $"Data Source={file}",
            ["Paths__Workflows"] = RepoPaths.Combine("workflows"),
            ["Paths__Seeds"] = RepoPaths.Combine("seeds"),
            ["Paths__Data"] = Path.Combine(scratch, "data"),
            ["Paths__Logs"] = Path.Combine(scratch, "logs"),
            ["Smtp__Enabled"] = "false",
        };
        double measured = 0;
        for (var run = 0; run < 2; run++)
        {
            await using var server = new ServerProcess(FreePort.Get(), environment);
            var sw = Stopwatch.StartNew();
            await server.StartAsync(TimeSpan.FromMinutes(3));
            measured = sw.Elapsed.TotalMilliseconds;
        }
        SqliteConnection.ClearAllPools();
        return measured;
    }

    private static readonly Dictionary<string, double> Rates = [];

    private static double RatioOf(Report report, string name) => Rates[name];

    private static async Task Measure(Report report, string name, int warmup, int count, Func<Task<RunOutcome>> start)
    {
        for (var i = 0; i < warmup; i++) await start();
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var outcome = await start();
            if (!outcome.Succeeded) throw new InvalidOperationException(outcome.Message);
        }
        var rate = count / sw.Elapsed.TotalSeconds;
        Rates[name] = rate;
        report.Add($"{name} (sequential)", rate, "instances/s");
    }

    /// <summary>What the service does from "process is up" to "ready": migrate check, seeding, loading, first dispatcher round.</summary>
    private static async Task<double> StartupAsync(string file)
    {
        var sw = Stopwatch.StartNew();
        await using var services = await BuildAsync(file);
        await services.GetRequiredService<CommandDispatcher>().RunOnceAsync(CancellationToken.None);
        await services.GetRequiredService<TimerService>().FireDueAsync(CancellationToken.None);
        return sw.Elapsed.TotalMilliseconds;
    }

    /// <summary>Single-row commits per second on <paramref name="file"/>: one row per transaction.</summary>
    internal static double RawCommitsPerSecond(string file, int count) => ConcurrentBench.RawRowsPerSecond(file, count, 1);

    /// <summary>Completes the chain's open task; the milliseconds until the burst reached the next task.</summary>
    internal static async Task<double> ResumeOnceAsync(ServiceProvider services, string chain)
    {
        var task = await OpenTaskAsync(services, chain);
        var sw = Stopwatch.StartNew();
        await using var scope = services.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<TaskService>()
            .CompleteAsync(new CompleteTaskCommand(task.Id, "Approve", null, null), new Actor("bench", ["secretariat"]), CancellationToken.None);
        sw.Stop();
        if (!outcome.Succeeded) throw new InvalidOperationException(outcome.Message);
        return sw.Elapsed.TotalMilliseconds;
    }

    private static async Task<TaskRecord> OpenTaskAsync(ServiceProvider services, string instanceId)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>().Tasks.AsNoTracking()
            .FirstAsync(t => t.InstanceId == instanceId && t.Status == TaskStatuses.Open);
    }

    private static string? GroupCommitMaxBursts;

    internal static async Task<ServiceProvider> BuildAsync(string file)
    {
        var settings = new Dictionary<string, string?> { ["Database:ConnectionString"] = $"Data Source={file}" };
        if (GroupCommitMaxBursts is { } max) settings["Runtime:GroupCommitMaxBursts"] = max;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddWorkflowRuntime(configuration, Path.GetDirectoryName(file)!);
        var provider = services.BuildServiceProvider();
        await using (var scope = provider.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<SchemaMigrator>().MigrateAsync();
            await scope.ServiceProvider.GetRequiredService<Workflows.Runtime.Identity.UserDirectory>().SeedRolesAsync(null);
        }
        provider.GetRequiredService<StartupGate>().Open();
        return provider;
    }

    private static async Task PublishAsync(ServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<DefinitionStore>();
        var ten = new List<JsonObject> { Act("start", "Elsa.Start") };
        var connections = new List<JsonObject>();
        for (var i = 1; i <= 8; i++)
        {
            ten.Add(Act($"s{i}", "Elsa.SetVariable", ("variable", new JsonObject { ["id"] = "CountId", ["name"] = "Count" }), ("value", Js("getCount() + 1"))));
            connections.Add(Conn(i == 1 ? "start" : $"s{i - 1}", $"s{i}"));
        }
        ten.Add(Act("end", "Elsa.End"));
        connections.Add(Conn("s8", "end"));
        await store.SaveAsync(Def("ten", [.. ten], [.. connections], Var("Count", "Int32", "0")).Json, true, "bench", "bench");
        await store.SaveAsync(Def("wait", [Act("start", "Elsa.Start"), HumanTask("t", "等待审批")], [Conn("start", "t")]).Json, true, "bench", "bench");
        // A loop of approvals: each completion runs one burst to the next wait.
        await store.SaveAsync(Def("chain", [Act("start", "Elsa.Start"), HumanTask("t", "逐个审批"), WriteLine("log", "下一轮")],
            [Conn("start", "t"), Conn("t", "log", "Approve"), Conn("log", "t")]).Json, true, "bench", "bench");
    }
}
