using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Workflows.Server.Tests.Inbox;
using Workflows.Server.Tests.Support;

namespace Workflows.Server.Tests.Browser;

/// <summary>The real service loading the inbox test definitions.</summary>
public sealed class InboxLiveServer : LiveServer
{
    protected override string WorkflowsFolder => InboxWorkflows.Folder;
}

[Collection(nameof(Durability.ProcessTests))]
public sealed class InboxPageTests(InboxLiveServer live) : IClassFixture<InboxLiveServer>
{
    /// <summary>huiyuan1 applies through the API; the review then waits for the leadership group.</summary>
    private async Task<(string InstanceId, string ReviewTaskId)> ApplyAsync(string topic)
    {
        using var http = new HttpClient { BaseAddress = live.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await live.Server.LoginAsync("huiyuan1"));
        using var started = await http.PostAsJsonAsync($"elsa/api/workflow-definitions/{InboxWorkflows.Review}/execute", new { input = new { } });
        started.EnsureSuccessStatusCode();
        var instanceId = started.Headers.GetValues("x-elsa-workflow-instance-id").Single();
        var mine = (await http.GetFromJsonAsync<JsonObject>("api/tasks?pageSize=200"))!["items"]!.AsArray();
        var apply = mine.Single(i => i!["instanceId"]!.GetValue<string>() == instanceId)!["id"]!.GetValue<string>();
        (await http.PostAsJsonAsync($"api/tasks/{apply}/complete", new { outcome = "Submit", formData = new { topic } })).EnsureSuccessStatusCode();

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await live.Server.LoginAsync("chengyuan1"));
        var todo = (await http.GetFromJsonAsync<JsonObject>("api/tasks?pageSize=200"))!["items"]!.AsArray();
        return (instanceId, todo.Single(i => i!["instanceId"]!.GetValue<string>() == instanceId)!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task LeadershipMember_OpensTaskFromToDo_FillsTheForm_Approves_AndItMovesToDone()
    {
        var (_, taskId) = await ApplyAsync("2026 年骨科学术年会");
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync(live.BaseAddress);

        await Chromium.SignInAsync(page, "chengyuan1");
        await page.GotoAsync("/inbox");
        var row = page.Locator($"tr[data-task-id='{taskId}']");
        await Assertions.Expect(row).ToBeVisibleAsync();
        Assert.Contains("领导小组审批", await row.InnerTextAsync());
        Assert.Contains("正常", await row.InnerTextAsync());
        Assert.Contains("待办", await page.TextContentAsync("#tab-todo"));
        await Chromium.ScreenshotAsync(page, "inbox-todo-zh");

        await row.Locator("a.task-link").ClickAsync();
        await page.WaitForURLAsync($"**/inbox/tasks/{taskId}");
        Assert.Equal("领导小组审批", await page.TextContentAsync("#task-title"));
        Assert.Equal("骨科分会", await page.TextContentAsync("#task-branch"));
        Assert.Equal("5000", await page.InputValueAsync("#field-budget"));
        Assert.True(await page.Locator("#field-budget").GetAttributeAsync("readonly") is not null);
        Assert.Equal(0, await page.Locator("#field-secret").CountAsync());
        Assert.Contains("提交活动申请", await page.TextContentAsync("#task-timeline"));

        // Approving without the required field shows the server's message and changes nothing.
        await page.ClickAsync("button[data-outcome='Approve']");
        await Assertions.Expect(page.Locator("#action-error")).ToContainTextAsync("审核意见摘要");

        await page.FillAsync("#field-opinion", "同意举办，注意控制预算");
        await page.FillAsync("#field-score", "9");
        await page.CheckAsync("#field-agree");
        await page.SelectOptionAsync("#field-level", "A");
        await page.FillAsync("#comment", "同意。");
        await Chromium.ScreenshotAsync(page, "inbox-task-form-zh");
        await page.ClickAsync("button[data-outcome='Approve']");

        // Back in the inbox with the confirmation of what was done.
        await page.WaitForURLAsync(url => url.EndsWith($"/inbox?done={taskId}", StringComparison.Ordinal));
        Assert.Contains("已办理", await page.TextContentAsync("#inbox-done"));
        Assert.Equal(0, await page.Locator($"tr[data-task-id='{taskId}']").CountAsync());
        await page.ClickAsync("#tab-done");
        var done = page.Locator($"tr[data-task-id='{taskId}']");
        await Assertions.Expect(done).ToBeVisibleAsync();
        Assert.Contains("同意", await done.InnerTextAsync());
        await Chromium.ScreenshotAsync(page, "inbox-done-zh");

        await page.ClickAsync("text=English");
        Assert.Contains("Done", await page.TextContentAsync("#tab-done"));
        await done.Locator("a.task-link").ClickAsync();
        await page.WaitForURLAsync($"**/inbox/tasks/{taskId}");
        Assert.Equal("Completed", await page.TextContentAsync("#task-status"));
        await Chromium.ScreenshotAsync(page, "inbox-task-done-en");
        await page.ClickAsync("text=中文");
    }

    [Fact]
    public async Task OtherUser_SeesTheTaskNeitherInToDoNorByUrl()
    {
        var (_, taskId) = await ApplyAsync("眼科沙龙");
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync(live.BaseAddress);

        await Chromium.SignInAsync(page, "dangwei1");
        await page.GotoAsync("/inbox");
        Assert.Equal(0, await page.Locator($"tr[data-task-id='{taskId}']").CountAsync());

        var response = await page.GotoAsync($"/inbox/tasks/{taskId}");

        Assert.Equal(404, response!.Status);
        await Assertions.Expect(page.Locator("#task-not-found")).ToContainTextAsync("待办不存在或您无权查看");
        Assert.Equal(0, await page.Locator("#task-form").CountAsync());
        await Chromium.ScreenshotAsync(page, "inbox-task-404-zh");
    }

    [Fact]
    public async Task ReturnWithoutComment_IsRefusedOnThePage_WithComment_GoesBackToTheApplicant()
    {
        var (_, taskId) = await ApplyAsync("皮肤科义诊");
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync(live.BaseAddress);
        await Chromium.SignInAsync(page, "zuzhang");
        await page.GotoAsync($"/inbox/tasks/{taskId}");

        await page.ClickAsync("#btn-return");
        await Assertions.Expect(page.Locator("#action-error")).ToContainTextAsync("请填写意见");
        await page.FillAsync("#comment", "请补充预算明细");
        await page.ClickAsync("#btn-return");
        await page.WaitForURLAsync(url => url.Contains("/inbox?done=", StringComparison.Ordinal));

        var applicant = await chromium.NewPageAsync(live.BaseAddress);
        await Chromium.SignInAsync(applicant, "huiyuan1");
        await applicant.GotoAsync("/inbox");
        var row = applicant.Locator("tr[data-task-id]", new PageLocatorOptions { HasText = "提交活动申请" });
        await Assertions.Expect(row.First).ToBeVisibleAsync();
        await applicant.GotoAsync("/inbox?tab=started");
        Assert.Contains("提交活动申请", await applicant.TextContentAsync("#inbox-list"));
        await Chromium.ScreenshotAsync(applicant, "inbox-returned-started-zh");
    }
}
