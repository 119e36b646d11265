using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Workflows.Server.Tests.Processes;
using Workflows.Server.Tests.Support;

namespace Workflows.Server.Tests.Browser;

/// <summary>
/// At 390 px (a phone) the pages people act on fit without horizontal scrolling: the inbox, a task page with its
/// path diagram, the application page, the start forms, the dashboard and the approval sheet. The menu collapses
/// behind a button.
/// </summary>
[Collection(nameof(Durability.ProcessTests))]
public sealed class PhoneLayoutBrowserTests(LiveServer live) : IClassFixture<LiveServer>
{
    [Fact]
    public async Task PagesAt390Pixels_HaveNoHorizontalScroll_AndTheMenuCollapses()
    {
        using var http = new HttpClient { BaseAddress = live.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await live.Server.LoginAsync("zhuwei1"));
        using var started = await http.PostAsJsonAsync("elsa/api/workflow-definitions/p4-activity-approval/execute", new
        {
            input = new
            {
                Application = new
                {
                    branchId = P4ActivityApprovalTests.Cardiology, type = "meeting", title = "心血管疾病防治新进展学术年会暨基层医师培训班",
                    startsAt = "2027-03-12T08:30:00+08:00", endsAt = "2027-03-12T17:30:00+08:00",
                    venue = "重庆国际会议展览中心", budget = 50_000m, involvesFunds = true, agenda = "专题报告",
                },
            },
        });
        started.EnsureSuccessStatusCode();
        var instanceId = started.Headers.GetValues("x-elsa-workflow-instance-id").Single();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await live.Server.LoginAsync("mishu1"));
        string? taskId = null;
        for (var i = 0; i < 50 && taskId is null; i++)
        {
            var items = (await http.GetFromJsonAsync<JsonObject>("api/tasks?pageSize=200"))!["items"]!.AsArray();
            taskId = items.FirstOrDefault(t => t!["instanceId"]!.GetValue<string>() == instanceId)?["id"]?.GetValue<string>();
            if (taskId is null) await Task.Delay(200);
        }
        Assert.NotNull(taskId);

        await using var chromium = await Chromium.LaunchAsync();
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = live.BaseAddress.ToString(), Locale = "zh-CN", TimezoneId = "Asia/Shanghai",
            ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2,
        });
        var page = await context.NewPageAsync();
        await Chromium.SignInAsync(page, "mishu1");

        var wide = new List<string>();
        foreach (var path in new[] { "/", "/inbox", $"/inbox/tasks/{taskId}", $"/processes/instances/{instanceId}", "/processes/founding", "/processes/activity", $"/processes/instances/{instanceId}/print", "/instances" })
        {
            await page.GotoAsync(path);
            var width = await page.EvaluateAsync<int>("document.scrollingElement.scrollWidth");
            if (width > 390) wide.Add($"{path}: {width} px");
            if (path.StartsWith("/inbox/tasks/", StringComparison.Ordinal)) await Chromium.ScreenshotAsync(page, "phone-task");
        }
        Assert.True(wide.Count == 0, string.Join("; ", wide));

        // The menu is behind its button until tapped.
        await page.GotoAsync("/inbox");
        Assert.False(await page.IsVisibleAsync("nav.mainnav a[href='/processes']"));
        await page.ClickAsync("#menu-button");
        Assert.True(await page.IsVisibleAsync("nav.mainnav a[href='/processes']"));
        Assert.True(await page.EvaluateAsync<int>("document.scrollingElement.scrollWidth") <= 390);
        await Chromium.ScreenshotAsync(page, "phone-inbox-menu");
    }
}
