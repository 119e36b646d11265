using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Workflows.Server.Tests.Support;

namespace Workflows.Server.Tests.Browser;

/// <summary>
/// The real Elsa Studio bundle in Debian's Chromium against the real service: open a definition from workflows/,
/// drag an activity from the toolbox, connect it, set its input, publish; then start an instance and find the new
/// activity in the journal; then Run from the editor, which lands in the instance viewer showing the same; last, a
/// broken script is refused with its reason in Studio's snackbar and nothing stored changes. The WASM
/// app is large and slow to boot on two cores, hence the generous timeouts and a single test for the whole story.
/// </summary>
[Collection(nameof(Durability.ProcessTests))]
public sealed class DesignerBrowserTests(LiveServer live) : IClassFixture<LiveServer>
{
    private const string Definition = "p2-party-branch-setup";
    private const string Text = "浏览器里加的一行";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Editor_DragConnectSetInputPublish_NewVersionRunsTheNewActivity()
    {
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync(live.BaseAddress);
        page.SetDefaultTimeout((float)Patience.TotalMilliseconds);
        var pageErrors = new List<string>();
        var failedCalls = new List<string>();
        page.PageError += (_, error) => pageErrors.Add(error);
        var consoleErrors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") consoleErrors.Add(message.Text); };
        page.Response += (_, response) =>
        {
            if (response.Url.Contains("/elsa/api/", StringComparison.Ordinal) && response.Status >= 400) failedCalls.Add($"{response.Status} {response.Url}");
        };
        using var api = new HttpClient { BaseAddress = live.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await live.Server.LoginAsync("mishu1"));

        // A definition usable as an activity, so the toolbox offers it (issue 10).
        using (var saved = await api.PostAsJsonAsync("elsa/api/workflow-definitions", new JsonObject { ["model"] = ChildDefinition(), ["publish"] = true }))
            Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());

        await Chromium.SignInAsync(page, "mishu1");
        await page.GotoAsync($"/designer/{Definition}");
        await page.WaitForSelectorAsync("g.x6-node[data-cell-id=start]");
        Assert.Equal("第 1 版 · 已发布", await page.TextContentAsync("#definition-state"));
        var before = await NodeIdsAsync(page);

        // Bring the start of the flowchart into view. The start node's Done port is the anchor: the node's own box
        // also spans its (wide, mostly empty) label area.
        var graph = page.Locator(".x6-graph").First;
        var start = await PanIntoViewAsync(graph, page.Locator("g.x6-node[data-cell-id=start] g.x6-port-body[port=Done]"), 300, 100);

        // Drag "输出一行" (Elsa.WriteLine) from the toolbox to below the start.
        // The toolbox (many categories with the Association's activities) scrolls; search narrows it as a user would.
        // Wait for the filter to apply (the branching category, first in the list, is gone), then open the log
        // category unless search did.
        await page.GetByPlaceholder("Search").FillAsync("输出一行");
        await page.Locator(".mud-expand-panel-text", new() { HasTextRegex = new Regex("^分支$") }).WaitForAsync(new() { State = WaitForSelectorState.Detached });
        var item = page.Locator("div[draggable=true]", new() { HasText = "输出一行" });
        if (!await item.IsVisibleAsync()) await page.Locator(".mud-expand-panel-text", new() { HasTextRegex = new Regex("^日志$") }).ClickAsync();
        // Playwright's drag waits for the item to stand still (the category opens with an animation).
        var canvas = (await graph.BoundingBoxAsync())!;
        await item.DragToAsync(graph, new() { TargetPosition = new() { X = start.X - canvas.X - 100, Y = start.Y - canvas.Y + 170 } });
        var added = await WaitForNewNodeAsync(page, before);

        // Set its input (the properties panel shows the dropped, selected activity).
        var input = page.Locator(".mud-input-control", new() { HasText = "文本" }).Locator("input, textarea").First;
        await input.FillAsync(Text);
        await input.PressAsync("Tab");

        // Connect start's Done port to the new activity's In port. Press beside the port's centre: the edge that
        // already leaves it horizontally would otherwise be grabbed instead.
        var from = (await page.Locator("g.x6-node[data-cell-id=start] g.x6-port-body[port=Done]").BoundingBoxAsync())!;
        var to = (await page.Locator($"g.x6-node[data-cell-id='{added}'] g.x6-port-body[port-group=in]").BoundingBoxAsync())!;
        await DragAsync(page, from.X + from.Width / 2 - 3, from.Y + from.Height / 2 - 9, to.X + to.Width / 2, to.Y + to.Height / 2);
        await WaitForAsync(async () => Connected(await LatestAsync(api, "Latest"), added), "the connection was not saved");
        // Our bar follows the auto-saves: editing a published version opened draft version 2.
        await WaitForAsync(async () => await page.TextContentAsync("#definition-state") == "第 2 版 · 草稿", "the version badge did not follow the save");

        // Drag an If (Elsa.If, category 分支) and the definition usable as an activity (category 工作流) beside it;
        // Studio builds the nodes from our descriptors and the auto-save keeps them as Elsa writes them.
        var ifNode = await DropAsync(page, graph, "如果", "分支", start.X - canvas.X + 150, start.Y - canvas.Y + 170);
        var childNode = await DropAsync(page, graph, ChildName, "工作流", start.X - canvas.X + 400, start.Y - canvas.Y + 170);
        var withBoth = await WaitForAsync(async () => await LatestAsync(api, "Latest") is { } d
            && d["root"]!["activities"]!.AsArray().OfType<JsonObject>().Any(a => a["id"]!.GetValue<string>() == childNode) ? d : null, "the dropped activities were not saved");
        var dropped = withBoth["root"]!["activities"]!.AsArray().OfType<JsonObject>().ToDictionary(a => a["id"]!.GetValue<string>());
        Assert.Equal("Elsa.If", dropped[ifNode]["type"]!.GetValue<string>());
        Assert.Equal(ChildName, dropped[childNode]["type"]!.GetValue<string>());
        Assert.Equal(ChildId, dropped[childNode]["workflowDefinitionId"]!.GetValue<string>());
        await Chromium.ScreenshotAsync(page, "designer-edited");

        await page.Locator("div[role=toolbar] button:visible:has(path[d^='M19.35'])").First.ClickAsync();
        var published = await WaitForAsync(async () => await LatestAsync(api, "Published") is { } d && Connected(d, added) && d["version"]!.GetValue<int>() == 2 ? d : null,
            "version 2 with the new activity was not published");
        await WaitForAsync(async () => await page.TextContentAsync("#definition-state") == "第 2 版 · 已发布", "the version badge did not follow the publish");
        await Chromium.ScreenshotAsync(page, "designer-published");

        var activity = published["root"]!["activities"]!.AsArray().OfType<JsonObject>().Single(a => a["id"]!.GetValue<string>() == added);
        Assert.Equal("Elsa.WriteLine", activity["type"]!.GetValue<string>());
        Assert.Equal(Text, activity["text"]!["expression"]!["value"]!.GetValue<string>());
        Assert.False(await page.IsVisibleAsync("#blazor-error-ui"), "Studio shows its error bar: " + string.Join(" | ", consoleErrors.Concat(pageErrors).Concat(failedCalls)));

        // A new instance runs version 2 and with it the new activity.
        using var started = await api.PostAsJsonAsync($"elsa/api/workflow-definitions/{Definition}/execute",
            new { input = new { BranchId = "38d95989-13b7-59fe-b5f4-369f4b38d19e" } } /* 口腔医学分会 (demo) */);
        var instanceId = started.Headers.GetValues("x-elsa-workflow-instance-id").Single();
        var journal = (await api.GetFromJsonAsync<JsonObject>($"elsa/api/workflow-instances/{instanceId}/journal"))!;
        Assert.Contains(journal["items"]!.AsArray(), e => e!["activityId"]!.GetValue<string>() == added
            && e["eventName"]!.GetValue<string>() == "Completed" && e["message"]?.GetValue<string>() == Text);

        // Run from the editor: Studio starts an instance and moves on to it; our page opens the instance viewer.
        await page.Locator("div[role=toolbar] button:visible:has(path[d='M8 5v14l11-7z'])").First.ClickAsync();
        await page.WaitForURLAsync(new Regex("/instances/[0-9a-f]+/studio$"));
        var runId = Regex.Match(page.Url, "/instances/([0-9a-f]+)/studio$").Groups[1].Value;
        Assert.NotEqual(instanceId, runId);
        await page.WaitForSelectorAsync($"g.x6-node[data-cell-id='{added}']");
        // The viewer shows the run; its journal lists the new activity by its (generated) name and its display name.
        var name = activity["name"]!.GetValue<string>();
        await page.Locator(".mud-timeline-item", new() { Has = page.Locator($"p:text-is('{name}')"), HasText = "输出一行 - Completed" }).WaitForAsync();
        await Chromium.ScreenshotAsync(page, "instance-viewer");
        Assert.False(await page.IsVisibleAsync("#blazor-error-ui"), "Studio shows its error bar in the viewer");

        // Bad input in the editor: break the JavaScript title of a task. The auto-save is refused, Studio shows our
        // reason in its snackbar (no error bar), and the stored definition stays as it was.
        var storedBefore = await LatestAsync(api, "Latest");
        await page.GotoAsync($"/designer/{Definition}");
        var assess = page.Locator("g.x6-node[data-cell-id=assess] .activity-label");
        await PanIntoViewAsync(page.Locator(".x6-graph").First, assess, 200, 100);
        await assess.ClickAsync();
        await page.Locator(".monaco-editor:visible").First.ClickAsync();
        await page.Keyboard.PressAsync("End");
        await page.Keyboard.TypeAsync(" + (((");
        var snackbar = page.Locator(".mud-snackbar", new() { HasText = "脚本语法错误" });
        await snackbar.WaitForAsync();
        await Chromium.ScreenshotAsync(page, "designer-refused-save");
        Assert.Contains("活动 assess 的输入 title", await snackbar.InnerTextAsync());
        Assert.False(await page.IsVisibleAsync("#blazor-error-ui"), "Studio shows its error bar after a refused save");
        Assert.True(JsonNode.DeepEquals(storedBefore, await LatestAsync(api, "Latest")), "a refused save changed the stored definition");
        Assert.Equal(["400 " + live.BaseAddress + "elsa/api/workflow-definitions"], failedCalls.Distinct());
        Assert.Empty(pageErrors);
    }

    private const string ChildId = "browser-child";
    private const string ChildName = "浏览器子流程";

    private static JsonObject ChildDefinition() => new()
    {
        ["definitionId"] = ChildId,
        ["name"] = ChildName,
        ["inputs"] = new JsonArray(new JsonObject { ["name"] = "Note", ["type"] = "String", ["displayName"] = "备注", ["isArray"] = false }),
        ["outcomes"] = new JsonArray(),
        ["options"] = new JsonObject { ["usableAsActivity"] = true, ["autoUpdateConsumingWorkflows"] = false },
        ["root"] = Testing.Wf.Flowchart("childRoot", [Testing.Wf.WriteLine("note", "子流程")], []),
    };

    /// <summary>Finds an activity in the toolbox by searching, as a user would, and drops it on the canvas at (x, y).</summary>
    private static async Task<string> DropAsync(IPage page, ILocator graph, string search, string category, double x, double y)
    {
        var before = await NodeIdsAsync(page);
        await page.GetByPlaceholder("Search").FillAsync(search);
        var item = page.Locator("div[draggable=true]", new() { HasText = search });
        var header = page.Locator(".mud-expand-panel-text", new() { HasTextRegex = new Regex($"^{category}$") });
        await WaitForAsync(async () => await item.IsVisibleAsync() || await header.IsVisibleAsync(), $"the toolbox does not offer {search}");
        if (!await item.IsVisibleAsync()) await header.ClickAsync();
        await item.DragToAsync(graph, new() { TargetPosition = new() { X = (float)x, Y = (float)y } });
        return await WaitForNewNodeAsync(page, before);
    }

    private static async Task<string[]> NodeIdsAsync(IPage page) =>
        await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('g.x6-node')].map(n => n.getAttribute('data-cell-id'))");

    private static async Task<string> WaitForNewNodeAsync(IPage page, string[] before) =>
        await WaitForAsync(async () => (await NodeIdsAsync(page)).Except(before).SingleOrDefault(), "the dropped activity did not appear");

    /// <summary>
    /// Pans the flowchart as a user does, by dragging empty canvas, until the anchor's top left is at (x, y) of the
    /// visible canvas. Studio centres the whole flowchart when it opens, so in a wide one the start (or any node far
    /// from the middle) lies outside the canvas: pan in steps that each begin and end inside the visible canvas, from
    /// a corner where there are no nodes.
    /// </summary>
    private static async Task<LocatorBoundingBoxResult> PanIntoViewAsync(ILocator graph, ILocator anchor, double x, double y)
    {
        var view = await VisibleAsync(graph);
        // Studio lays the flowchart out and centres it a while after the nodes first appear: wait until the anchor
        // stays put, or the pan is undone by the centring.
        var at = await SettledAsync(anchor);
        for (var step = 0; ; step++)
        {
            var dx = Math.Clamp(view.X + x - at.X, -(view.Width - 60), view.Width - 60);
            var dy = Math.Clamp(view.Y + y - at.Y, -(view.Height - 60), view.Height - 60);
            if (Math.Abs(dx) < 4 && Math.Abs(dy) < 4) return at;
            if (step == 10) throw new TimeoutException("panning did not bring the node into view");
            var fromX = dx >= 0 ? view.X + 15 : view.X + view.Width - 15;
            var fromY = dy >= 0 ? view.Y + 15 : view.Y + view.Height - 15;
            await DragAsync(graph.Page, fromX, fromY, fromX + dx, fromY + dy);
            at = (await anchor.BoundingBoxAsync())!;
        }
    }

    private sealed record Rect(double X, double Y, double Width, double Height);

    /// <summary>
    /// The part of an element not clipped away by its ancestors. X6's graph element is taller than the part one sees:
    /// the activity panel below the canvas covers its bottom (the splitter pane clips it), and a press there misses the
    /// canvas.
    /// </summary>
    private static async Task<Rect> VisibleAsync(ILocator element)
    {
        var r = await element.EvaluateAsync<double[]>(@"e => {
            let { left, top, right, bottom } = e.getBoundingClientRect();
            for (let a = e.parentElement; a; a = a.parentElement) {
                if (getComputedStyle(a).overflow === 'visible') continue;
                const b = a.getBoundingClientRect();
                left = Math.max(left, b.left); top = Math.max(top, b.top); right = Math.min(right, b.right); bottom = Math.min(bottom, b.bottom);
            }
            return [left, top, right - left, bottom - top];
        }");
        return new Rect(r[0], r[1], r[2], r[3]);
    }

    private static async Task<LocatorBoundingBoxResult> SettledAsync(ILocator locator)
    {
        var last = await locator.BoundingBoxAsync();
        for (int same = 0, i = 0; same < 4 && i < 120; i++)
        {
            await Task.Delay(250);
            var now = await locator.BoundingBoxAsync();
            same = now is not null && last is not null && Math.Abs(now.X - last.X) < 0.5 && Math.Abs(now.Y - last.Y) < 0.5 ? same + 1 : 0;
            last = now;
        }
        return last ?? throw new TimeoutException("the flowchart did not settle");
    }

    private static async Task DragAsync(IPage page, double fromX, double fromY, double toX, double toY)
    {
        await page.Mouse.MoveAsync((float)fromX, (float)fromY);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync((float)(fromX + (toX - fromX) / 3), (float)(fromY + (toY - fromY) / 3), new() { Steps = 8 });
        await page.Mouse.MoveAsync((float)toX, (float)toY, new() { Steps = 12 });
        await page.Mouse.UpAsync();
    }

    private static async Task<JsonObject?> LatestAsync(HttpClient api, string versionOptions) =>
        await api.GetFromJsonAsync<JsonObject>($"elsa/api/workflow-definitions/by-definition-id/{Definition}?versionOptions={versionOptions}");

    private static bool Connected(JsonObject? definition, string target) =>
        definition?["root"]?["connections"]?.AsArray().Any(c => c!["source"]!["activity"]!.GetValue<string>() == "start"
            && c["source"]!["port"]!.GetValue<string>() == "Done" && c["target"]!["activity"]!.GetValue<string>() == target) == true;

    /// <summary>Studio saves in the background (debounced auto-save); the test waits for the server to have it.</summary>
    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, string failure)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } found && (found is not bool flag || flag)) return found;
            if (waited.Elapsed > Patience) throw new TimeoutException(failure);
            await Task.Delay(250);
        }
    }

    private static Task WaitForAsync(Func<Task<bool>> probe, string failure) =>
        WaitForAsync<object>(async () => await probe() ? true : null, failure);
}
