using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Workflows.Server.Tests.Processes;
using Workflows.Server.Tests.Support;
using Xunit.Abstractions;

namespace Workflows.Server.Tests.Browser;

/// <summary>
/// What approvers see and who votes (issue 14), in Chromium against the real service with the Association's
/// workflows: the application on every task page, one set of buttons, the resubmit form pre-filled with what was
/// sent, and the standing council voting on their own tasks.
/// </summary>
[Collection(nameof(Durability.ProcessTests))]
public sealed class ApprovalPagesBrowserTests(LiveServer live, ITestOutputHelper output) : IClassFixture<LiveServer>
{
    // After an action the task page returns to the inbox with its "done" confirmation (/inbox?done=<task>).
    private static readonly System.Text.RegularExpressions.Regex BackInInbox = new(@"/inbox(\?[^/]*)?$");

    private async Task<HttpClient> ApiAsync(string user)
    {
        var http = new HttpClient { BaseAddress = live.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await live.Server.LoginAsync(user));
        return http;
    }

    /// <summary>The open task of a step, as the user sees it in their to-do list (waits for the engine to get there).</summary>
    private async Task<string> TaskIdAsync(HttpClient http, string instanceId, string titleStart)
    {
        for (var i = 0; i < 100; i++)
        {
            var items = (await http.GetFromJsonAsync<JsonObject>("api/tasks?pageSize=200"))!["items"]!.AsArray();
            var task = items.FirstOrDefault(t => t!["instanceId"]!.GetValue<string>() == instanceId && t["title"]!.GetValue<string>().StartsWith(titleStart, StringComparison.Ordinal));
            if (task is not null) return task["id"]!.GetValue<string>();
            await Task.Delay(200);
        }
        throw new TimeoutException($"no open task '{titleStart}' of {instanceId}");
    }

    private static async Task CompleteAsync(HttpClient http, string taskId, string outcome, object? formData = null, string? comment = null)
    {
        using var response = await http.PostAsJsonAsync($"api/tasks/{taskId}/complete", new { outcome, comment, formData });
        Assert.True(response.IsSuccessStatusCode, $"{outcome} on {taskId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<IPage> SignedInAsync(Chromium chromium, Uri baseAddress, string user)
    {
        var page = await chromium.NewPageAsync(baseAddress);
        await Chromium.SignInAsync(page, user);
        return page;
    }

    [Fact]
    public async Task ActivityRequest_EachApproverSeesTheApplication_ReturnThenResubmitShowsWhatWasSent()
    {
        using var branch = await ApiAsync("zhuwei1");
        using var started = await branch.PostAsJsonAsync("elsa/api/workflow-definitions/p4-activity-approval/execute",
            new { input = new { Application = P4ActivityApprovalTests.Request(TimeProvider.System.GetUtcNow().AddDays(20), "心血管介入技术培训班", budget: 48_000m, sponsors: "某医疗器械公司") } });
        started.EnsureSuccessStatusCode();
        var instanceId = started.Headers.GetValues("x-elsa-workflow-instance-id").Single();
        await using var chromium = await Chromium.LaunchAsync();

        // The secretariat's completeness review: the application's fields and its rule results are on the task page.
        using var secretariat = await ApiAsync("mishu1");
        var completeness = await TaskIdAsync(secretariat, instanceId, "完整性审查");
        var mishu = await SignedInAsync(chromium, live.BaseAddress, "mishu1");
        await mishu.GotoAsync($"/inbox/tasks/{completeness}");
        var fields = await mishu.TextContentAsync("#application-fields") ?? "";
        foreach (var expected in new[] { "心血管介入技术培训班", "重庆国际会议展览中心", "48,000", "某医疗器械公司", "开幕式、专题报告、病例讨论" })
            Assert.Contains(expected, fields);
        Assert.NotNull(await mishu.QuerySelectorAsync("#rule-results tr[data-rule]"));
        Assert.Equal($"/processes/instances/{instanceId}", await mishu.GetAttributeAsync("#application-link", "href"));

        // Task page p50 with the application shown (a figure for the closing note, not asserted).
        var loads = new List<double>();
        for (var i = 0; i < 9; i++)
        {
            var watch = Stopwatch.StartNew();
            await mishu.GotoAsync($"/inbox/tasks/{completeness}");
            loads.Add(watch.Elapsed.TotalMilliseconds);
        }
        loads.Sort();
        output.WriteLine($"task page with the application: p50 {loads[loads.Count / 2]:F0} ms (min {loads[0]:F0}, max {loads[^1]:F0})");
        await mishu.ClickAsync("button[data-outcome='Accept']");
        await mishu.WaitForURLAsync(BackInInbox);

        // The leader sees the same application and the secretariat's earlier opinion, and returns it.
        using var leaderApi = await ApiAsync("zuzhang");
        var approval = await TaskIdAsync(leaderApi, instanceId, "领导小组审批");
        var leader = await SignedInAsync(chromium, live.BaseAddress, "zuzhang");
        await leader.GotoAsync($"/inbox/tasks/{approval}");
        Assert.Contains("心血管介入技术培训班", await leader.TextContentAsync("#application-fields"));
        Assert.Contains("提交领导小组", await leader.TextContentAsync("#application-opinions"));
        // One set of buttons: the step's own 退回修改 outcome, no second generic 退回 and no 撤回.
        Assert.Equal(0, await leader.Locator("#btn-return").CountAsync());
        Assert.Equal(0, await leader.Locator("#btn-withdraw").CountAsync());
        await leader.FillAsync("#comment", "预算须细化到场地、专家劳务");
        await leader.ClickAsync("button[data-outcome='Return']");
        await leader.WaitForURLAsync(BackInInbox);

        // The branch's resubmit form holds what it sent, with the reasons beside it, and only 重新提交 / 撤回申请.
        var revise = await TaskIdAsync(branch, instanceId, "修改活动申请");
        var chair = await SignedInAsync(chromium, live.BaseAddress, "zhuwei1");
        await chair.GotoAsync($"/inbox/tasks/{revise}");
        Assert.Contains("预算须细化到场地、专家劳务", await chair.TextContentAsync("#form-returned-reason"));
        Assert.Equal("48000", await chair.InputValueAsync("#field-budget"));
        Assert.Equal("心血管介入技术培训班", await chair.InputValueAsync("#field-title"));
        Assert.Equal("重庆国际会议展览中心", await chair.InputValueAsync("#field-venue"));
        var buttons = await chair.Locator("#task-actions button:visible").AllTextContentsAsync();
        Assert.Equal(["重新提交", "撤回申请"], buttons.Select(b => b.Trim()).ToArray());
        await Chromium.ScreenshotAsync(chair, "task-resubmit-prefilled");
        await chair.FillAsync("#field-budget", "52000");
        await chair.ClickAsync("button[data-outcome='Resubmit']");
        await chair.WaitForURLAsync(BackInInbox);

        // The resubmitted values are what the next approver sees.
        var again = await TaskIdAsync(secretariat, instanceId, "完整性审查");
        await mishu.GotoAsync($"/inbox/tasks/{again}");
        var now = await mishu.TextContentAsync("#application-fields") ?? "";
        Assert.Contains("52,000", now);
        Assert.Contains("重庆国际会议展览中心", now);
    }

    [Fact]
    public async Task FoundingVote_FiveCouncilMembersVoteOnTheirOwnTasks_MajorityOfThosePresentDecides()
    {
        using var applicant = await ApiAsync("huiyuan3");
        using var started = await applicant.PostAsJsonAsync("elsa/api/workflow-definitions/p1-branch-founding/execute",
            new { input = new { Application = P1BranchFoundingTests.Application("运动医学分会", "运动医学") } });
        started.EnsureSuccessStatusCode();
        var instanceId = started.Headers.GetValues("x-elsa-workflow-instance-id").Single();
        using var secretariat = await ApiAsync("mishu1");
        await CompleteAsync(secretariat, await TaskIdAsync(secretariat, instanceId, "完整性审查"), "Accept", new { materialsComplete = true });
        await CompleteAsync(secretariat, await TaskIdAsync(secretariat, instanceId, "调研"), "Done", new { report = "条件成熟" });
        await CompleteAsync(secretariat, await TaskIdAsync(secretariat, instanceId, "主委竞争性选拔"), "Submit",
            new { candidates = $"{P1BranchFoundingTests.ZhangHongwei}，88，92\n{P1BranchFoundingTests.HeWenbin}，80，84" });
        using var leader = await ApiAsync("zuzhang");
        await CompleteAsync(leader, await TaskIdAsync(leader, instanceId, "领导小组审核"), "Approve");
        using var party = await ApiAsync("dangwei1");
        await CompleteAsync(party, await TaskIdAsync(party, instanceId, "协会党委研究"), "Approve");

        await using var chromium = await Chromium.LaunchAsync();
        var votes = new[] { ("changwu1", "InFavour"), ("changwu2", "Against"), ("changwu3", "Abstain"), ("changwu4", "InFavour"), ("changwu5", "InFavour") };
        foreach (var (member, choice) in votes)
        {
            using var api = await ApiAsync(member);
            var taskId = await TaskIdAsync(api, instanceId, "常务理事会表决");
            var page = await SignedInAsync(chromium, live.BaseAddress, member);
            await page.GotoAsync($"/inbox/tasks/{taskId}");
            // Each member sees the application and votes 赞成/反对/弃权 on their own item.
            Assert.Contains("运动医学分会", await page.TextContentAsync("#application-fields"));
            Assert.Equal(["赞成", "反对", "弃权"], (await page.Locator("#task-actions button[data-outcome]").AllTextContentsAsync()).Select(b => b.Trim()).ToArray());
            Assert.Equal(0, await page.Locator(".js-remove-signer").CountAsync()); // 减签 is not a signer's
            await page.ClickAsync($"button[data-outcome='{choice}']");
            await page.WaitForURLAsync(BackInInbox);
            await page.Context.CloseAsync();
        }

        // 3 in favour of 5 present: passed (the process goes on to the founding meeting); the timeline says so.
        await TaskIdAsync(secretariat, instanceId, "安排成立大会");
        var mishu = await SignedInAsync(chromium, live.BaseAddress, "mishu1");
        await mishu.GotoAsync($"/processes/instances/{instanceId}");
        Assert.Contains("出席常务理事 5 人，赞成 3 票", await mishu.TextContentAsync("#timeline"));
    }
}
