using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Runtime.Identity;
using Workflows.Testing;

namespace Workflows.Bench;

/// <summary>
/// Issue 12's figure: what the per-request security-stamp check costs. In process, against a real SQLite file: a
/// check answered by the cache (every request within Auth:StampCacheTime) and one that reads the database (the first
/// request after it). Against the real service: GET /api/me p50 with the default cache and with no cache at all
/// (Auth:StampCacheTime 0, a database read on every request), which bounds the cost from above.
/// </summary>
public static class TrustBench
{
    public static async Task RunAsync(Report report, string[] args)
    {
        var calls = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 300;
        using var folder = new TempFolder("bench-trust");
        await InProcessAsync(report, folder.File("stamps.db"));
        foreach (var cache in new[] { "00:00:30", "00:00:00" })
            await EndToEndAsync(report, folder, cache, calls);
    }

    private static async Task InProcessAsync(Report report, string file)
    {
        await using var services = await RuntimeBench.BuildAsync(file);
        await using (var scope = services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<UserDirectory>().SeedUsersAsync(RepoPaths.Combine("seeds", "demo-users.json"));
        var stamps = services.GetRequiredService<SecurityStampCache>();
        await stamps.GetAsync("mishu1");

        var hits = new List<double>();
        for (var i = 0; i < 5000; i++)
        {
            var watch = Stopwatch.StartNew();
            await stamps.GetAsync("mishu1");
            hits.Add(watch.Elapsed.TotalMicroseconds);
        }
        var misses = new List<double>();
        for (var i = 0; i < 500; i++)
        {
            stamps.Evict("mishu1");
            var watch = Stopwatch.StartNew();
            await stamps.GetAsync("mishu1");
            misses.Add(watch.Elapsed.TotalMicroseconds);
        }
        report.Add("stamp check, cached: p50", Report.Percentile(hits, 50), "µs");
        report.Add("stamp check, cached: p99", Report.Percentile(hits, 99), "µs");
        report.Add("stamp check, database read (SQLite): p50", Report.Percentile(misses, 50), "µs");
        report.Add("stamp check, database read (SQLite): p99", Report.Percentile(misses, 99), "µs");
    }

    private static async Task EndToEndAsync(Report report, TempFolder folder, string cacheTime, int calls)
    {
        await using var server = new ServerProcess(FreePort.Get(), new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Database__ConnectionString"] = $"Data Source={folder.File($"trust-{cacheTime.Replace(':', '-')}.db")}",
            ["Paths__Workflows"] = RepoPaths.Combine("workflows"),
            ["Paths__Seeds"] = RepoPaths.Combine("seeds"),
            ["Paths__Data"] = folder.File("data"),
            ["Paths__Logs"] = folder.File("logs"),
            ["PasswordHasher__IterationCount"] = "1000",
            ["Smtp__Enabled"] = "false",
            ["Scheduling__Enabled"] = "false",
            ["Auth__StampCacheTime"] = cacheTime,
        });
        await server.StartAsync(TimeSpan.FromSeconds(120));
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await server.LoginAsync("mishu1"));
        for (var i = 0; i < 20; i++) (await http.GetAsync("api/me")).EnsureSuccessStatusCode();
        var times = new List<double>();
        for (var i = 0; i < calls; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await http.GetAsync("api/me");
            response.EnsureSuccessStatusCode();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        var label = cacheTime == "00:00:00" ? "no cache (database read per request)" : $"cache {cacheTime}";
        report.Add($"GET /api/me with bearer, {label}: p50", Report.Percentile(times, 50), "ms");
        report.Add($"GET /api/me with bearer, {label}: p95", Report.Percentile(times, 95), "ms");
    }
}
