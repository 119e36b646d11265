using Microsoft.Playwright;
using Workflows.Server.Tests.Support;

namespace Workflows.Server.Tests.Browser;

/// <summary>Hangfire's Dashboard at /admin/hangfire under the service's content security policy, in Chromium.</summary>
[Collection(nameof(Durability.ProcessTests))]
public sealed class HangfireDashboardBrowserTests(LiveServer live) : IClassFixture<LiveServer>
{
    [Fact]
    public async Task TheDashboard_RendersAndWorksForAnAdministrator_WithoutACspViolation()
    {
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync(live.BaseAddress);
        var problems = new List<string>();
        // The browser's own favicon request (no page asks for it) is the one 404 to leave out.
        page.Console += (_, m) => { if (m.Type is "error" or "warning" && !m.Location.Contains("favicon.ico", StringComparison.Ordinal)) problems.Add($"{m.Type}: {m.Text} ({m.Location})"); };
        page.PageError += (_, e) => problems.Add("page error: " + e);
        page.Response += (_, r) => { if (r.Status >= 400) problems.Add($"{r.Status} {r.Url}"); };
        await Chromium.SignInAsync(page, "admin");
        // Chromium reports every blocked script, style or connection as a securitypolicyviolation event too.
        await page.AddInitScriptAsync("window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));");

        await page.GotoAsync("/admin/hangfire");
        Assert.Contains("Hangfire", await page.TitleAsync(), StringComparison.Ordinal);
        // The realtime chart is drawn by the Dashboard's own script (Chart.js marks the canvas): it runs only if the CSP lets it.
        try
        {
            await page.Locator("canvas#realtimeGraph.chartjs-render-monitor").First.WaitForAsync(new() { Timeout = 15_000 });
        }
        catch (TimeoutException)
        {
            await File.WriteAllTextAsync(Path.Combine(Chromium.ScreenshotFolder, "hangfire.html"), await page.ContentAsync());
            Assert.Fail("no chart; CSP: " + string.Join(" | ", await page.EvaluateAsync<string[]>("window.__csp")) + "; console: " + string.Join(" | ", problems)
                + "; html in " + Path.Combine(Chromium.ScreenshotFolder, "hangfire.html"));
        }
        await Chromium.ScreenshotAsync(page, "hangfire-dashboard");

        // The recurring jobs, and an administrator's action: trigger one (a POST with the antiforgery token).
        await page.GotoAsync("/admin/hangfire/recurring");
        var rows = page.Locator("table tbody tr");
        Assert.True(await rows.CountAsync() >= 1);
        var row = rows.Filter(new() { HasText = "task-deadlines" }).First;
        await row.Locator("input[type=checkbox]").CheckAsync();
        var before = await page.EvaluateAsync<string[]>("window.__csp");
        Assert.True(before.Length == 0, "CSP violations: " + string.Join(" | ", before));
        var trigger = page.WaitForResponseAsync(r => r.Url.Contains("/admin/hangfire/recurring/trigger", StringComparison.Ordinal));
        // The Dashboard's script reloads the list once the command succeeds: wait for that page, not the old one.
        var reloaded = page.WaitForResponseAsync(r => r.Request.ResourceType == "document" && r.Url.EndsWith("/admin/hangfire/recurring", StringComparison.Ordinal));
        await page.ClickAsync("button.js-jobs-list-command[data-url$='/recurring/trigger']");
        Assert.True((await trigger).Ok, "the trigger POST failed");
        await reloaded;
        await page.WaitForLoadStateAsync(LoadState.Load);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        var violations = await page.EvaluateAsync<string[]>("window.__csp");
        Assert.True(violations.Length == 0, "CSP violations: " + string.Join(" | ", violations));
        Assert.True(problems.Count == 0, "console: " + string.Join(" | ", problems));
    }
}
