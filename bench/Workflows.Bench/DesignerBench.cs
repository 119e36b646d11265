using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.Playwright;
using Workflows.Testing;

namespace Workflows.Bench;

/// <summary>
/// Issue 3's figures, against the real service (built dll) and Debian's Chromium: time from navigation to the editor's
/// canvas drawn, with a cold cache (a fresh browser context each time) and a warm one (the same context again), and
/// the server time of each API call the editor makes when it opens (p50/p95 over 20 calls, after one warm-up call).
/// </summary>
public static class DesignerBench
{
    private const string Definition = "p2-party-branch-setup";

    // The calls Studio's editor makes on open, in its order (elsa-studio-api.md §3.1).
    private static readonly string[] OpenCalls =
    [
        $"workflow-definitions/by-definition-id/{Definition}?versionOptions=Latest",
        "descriptors/activities?Refresh=True",
        "descriptors/expression-descriptors",
        "descriptors/workflow-activation-strategies",
        "descriptors/log-persistence-strategies",
        "features/installed",
        "descriptors/incident-strategies",
        "descriptors/commit-strategies/workflows",
    ];

    public static async Task RunAsync(Report report, string[] args)
    {
        var runs = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5;
        using var folder = new TempFolder("bench-designer");
        await using var server = new ServerProcess(FreePort.Get(), new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Database__ConnectionString"] = $"Data Source={folder.File("designer.db")}",
            ["Paths__Workflows"] = RepoPaths.Combine("workflows"),
            ["Paths__Seeds"] = RepoPaths.Combine("seeds"),
            ["Paths__Studio"] = RepoPaths.Combine("node_modules", "@elsa-workflows", "elsa-studio-wasm"),
            ["Paths__Data"] = folder.File("data"),
            ["Paths__Logs"] = folder.File("logs"),
            ["PasswordHasher__IterationCount"] = "1000",
            ["Smtp__Enabled"] = "false",
        });
        await server.StartAsync(TimeSpan.FromSeconds(120));

        await ApiCallsAsync(server, report);
        await EditorOpenAsync(server, report, runs);
    }

    private static async Task ApiCallsAsync(ServerProcess server, Report report)
    {
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseAddress, "elsa/api/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await server.LoginAsync("mishu1"));
        foreach (var call in OpenCalls)
        {
            (await http.GetAsync(call)).EnsureSuccessStatusCode();
            var times = new List<double>();
            for (var i = 0; i < 20; i++)
            {
                var sw = Stopwatch.StartNew();
                using var response = await http.GetAsync(call);
                await response.Content.ReadAsByteArrayAsync();
                sw.Stop();
                response.EnsureSuccessStatusCode();
                times.Add(sw.Elapsed.TotalMilliseconds);
            }
            var name = call.Split('?')[0].Replace(Definition, "{id}", StringComparison.Ordinal);
            report.Add($"GET {name}", $"p50 {Report.Percentile(times, 50):N1} ms, p95 {Report.Percentile(times, 95):N1} ms");
        }
    }

    private static async Task EditorOpenAsync(ServerProcess server, Report report, int runs)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });

        var cold = new List<double>();
        var warm = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            // A fresh context has an empty HTTP cache: every asset of the bundle is fetched.
            await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.BaseAddress.ToString(), Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
            var page = await context.NewPageAsync();
            page.SetDefaultTimeout(180_000);
            await SignInAsync(page);
            cold.Add(await OpenEditorAsync(page));
            warm.Add(await OpenEditorAsync(page));
        }
        report.Add("editor open → canvas drawn, cold cache (median)", Report.Percentile(cold, 50), "ms");
        report.Add("editor open → canvas drawn, cold cache (min–max)", $"{cold.Min():N0}–{cold.Max():N0} ms over {runs} runs");
        report.Add("editor open → canvas drawn, warm cache (median)", Report.Percentile(warm, 50), "ms");
        report.Add("editor open → canvas drawn, warm cache (min–max)", $"{warm.Min():N0}–{warm.Max():N0} ms over {runs} runs");
    }

    private static async Task SignInAsync(IPage page)
    {
        await page.GotoAsync("/login");
        await page.FillAsync("#userName", "mishu1");
        await page.FillAsync("#password", "Passw0rd!");
        await page.ClickAsync("#login-submit");
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
    }

    /// <summary>From the navigation to the first activity node drawn on the flowchart canvas.</summary>
    private static async Task<double> OpenEditorAsync(IPage page)
    {
        var sw = Stopwatch.StartNew();
        await page.GotoAsync($"/designer/{Definition}");
        await page.WaitForSelectorAsync("g.x6-node[data-cell-id=start]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        sw.Stop();
        if (await page.IsVisibleAsync("#blazor-error-ui")) throw new InvalidOperationException("Studio showed its error bar.");
        return sw.Elapsed.TotalMilliseconds;
    }
}
