using Workflows.Server.Tests.Support;

namespace Workflows.Server.Tests.Browser;

/// <summary>The founding form and the timeline in a real Chromium against the real service process.</summary>
[Collection(nameof(Durability.ProcessTests))]
public sealed class ProcessPagesBrowserTests(LiveServer live) : IClassFixture<LiveServer>
{
    [Fact]
    public async Task FoundingForm_InChromium_ChecksRulesThenSubmitsAndShowsTheTimeline()
    {
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync(live.BaseAddress);
        await page.GotoAsync("/login?returnUrl=/processes/founding");
        await Chromium.SignInAsync(page, "huiyuan1");
        await page.GotoAsync("/processes/founding");

        await page.SelectOptionAsync("#Kind", "academic");
        await page.FillAsync("#Name", "变态反应科分会");
        await page.FillAsync("#Discipline", "变态反应科");
        await page.SelectOptionAsync("#ChairUnitId", "d31ef2cb-21d7-589f-ab91-5400bf5aa266");
        await page.FillAsync("#ChairPersonId", "467c5f8f-b150-56a5-9d63-0c94bcada0e5"); // an attending physician: the chair-person rule warns
        await page.CheckAsync("#FundingCommitment");
        await page.ClickAsync("#check");

        Assert.Contains("原则上", await page.TextContentAsync("#check-verdict"));
        Assert.NotNull(await page.QuerySelectorAsync("tr[data-rule='academicBranch.chairPerson']"));
        await Chromium.ScreenshotAsync(page, "founding-check");

        await page.ClickAsync("#submit");
        await page.WaitForURLAsync("**/processes/instances/**");
        Assert.Equal("变态反应科分会", (await page.TextContentAsync("#instance-title"))!.Trim());
        Assert.Contains("完整性审查：变态反应科分会", await page.TextContentAsync("#waiting"));
        await Chromium.ScreenshotAsync(page, "founding-timeline");

        await page.ClickAsync("text=English");
        Assert.Contains("Waiting for", await page.ContentAsync());
    }
}
