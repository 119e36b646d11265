using Microsoft.Playwright;
using Workflows.Server.Tests.Support;

namespace Workflows.Server.Tests.Browser;

/// <summary>The founding form and the timeline in a real Chromium against the real service process.</summary>
[Collection(nameof(Durability.ProcessTests))]
public sealed class ProcessPagesBrowserTests(LiveServer live) : IClassFixture<LiveServer>
{
    private const string Huiyuan1Clinic = "重庆沙坪坝益康中西医结合诊所";

    /// <summary>
    /// Issue 14's first test: a member unit files a founding application choosing the chair and the office holders
    /// with the pickers (no id typed anywhere), which offer only its own unit's people; field errors name the fields in
    /// Chinese; the rule results show; the application starts. The page runs under the service's CSP: no violation.
    /// </summary>
    [Fact]
    public async Task AMemberUnit_FilesAFoundingApplication_WithPickersOnly_AndSeesItsRuleResults()
    {
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync(live.BaseAddress);
        var console = new List<string>();
        page.Console += (_, m) => { if (m.Type is "error" or "warning") console.Add(m.Text); };
        await page.GotoAsync("/login?returnUrl=/processes/founding");
        await Chromium.SignInAsync(page, "huiyuan1");
        await page.GotoAsync("/processes/founding");
        Assert.Equal(0, await page.Locator("textarea#OfficeHolders, datalist").CountAsync());

        // Field errors name the fields as the form does, not by JSON path.
        await page.SelectOptionAsync("#Kind", "clinic");
        await page.ClickAsync("#check");
        var errors = await page.TextContentAsync("#field-errors") ?? "";
        Assert.Contains("分会名称：", errors, StringComparison.Ordinal);
        Assert.DoesNotMatch("[A-Za-z\\]]：", errors); // no "name：" or "officeHolders[0].personId："

        await page.FillAsync("#Name", "连锁（个体）中西医结合诊所分会");
        await page.SelectOptionAsync("#ClinicCategory", "integrated");
        await page.FillAsync("#CommitteeSize", "130");
        await page.FillAsync("#DistrictsCovered", "38");
        await page.FillAsync("#StandingMembersPerDistrict", "1");
        await page.CheckAsync("#FundingCommitment");

        // The chair: search by name; the picker offers only people of the member's own unit.
        await page.FillAsync("#ChairPersonId-search", "吴");
        var chairResults = page.Locator(".picker[data-name='ChairPersonId'] .picker-item");
        await chairResults.First.WaitForAsync();
        Assert.All(await chairResults.Locator(".picker-detail").AllTextContentsAsync(), d => Assert.Contains(Huiyuan1Clinic, d, StringComparison.Ordinal));
        await chairResults.Filter(new() { HasText = "吴德明" }).ClickAsync();
        Assert.Equal("吴德明", await page.Locator(".picker[data-name='ChairPersonId'] .picker-chip .picker-label").TextContentAsync());

        // Two office holders from the list the empty search shows (the unit's five people), the second a standing member.
        await page.ClickAsync("#OfficeHolders-search");
        var holderResults = page.Locator(".picker[data-name='OfficeHolders'] .picker-item");
        await holderResults.First.WaitForAsync();
        Assert.Equal(5, await holderResults.CountAsync());
        var names = (await holderResults.Locator(".picker-label").AllTextContentsAsync()).Where(n => n != "吴德明").Take(2).ToList();
        foreach (var name in names)
        {
            await page.ClickAsync("#OfficeHolders-search");
            await holderResults.Filter(new() { HasText = name }).ClickAsync();
        }
        var chips = page.Locator(".picker[data-name='OfficeHolders'] .picker-chip");
        Assert.Equal(2, await chips.CountAsync());
        await chips.Nth(1).Locator("select.picker-position").SelectOptionAsync("standing");

        await page.ClickAsync("#check");
        Assert.NotNull(await page.QuerySelectorAsync("#check-verdict"));
        Assert.NotNull(await page.QuerySelectorAsync("tr[data-rule]"));
        // After the check the pickers show what was chosen, by name.
        await page.Locator(".picker[data-name='OfficeHolders'] .picker-chip .picker-label").Nth(1).WaitForAsync();
        Assert.Equal(names, await page.Locator(".picker[data-name='OfficeHolders'] .picker-chip .picker-label").AllTextContentsAsync());
        Assert.Equal("standing", await chips.Nth(1).Locator("select.picker-position").InputValueAsync());
        Assert.DoesNotMatch("[0-9a-f]{8}-[0-9a-f]{4}-", await page.InnerTextAsync("main, body"));
        await Chromium.ScreenshotAsync(page, "founding-pickers-check");

        await page.ClickAsync("#submit");
        await page.WaitForURLAsync("**/processes/instances/**", new() { Timeout = 60_000 });
        Assert.Equal("连锁（个体）中西医结合诊所分会", (await page.TextContentAsync("#instance-title"))!.Trim());
        await Chromium.ScreenshotAsync(page, "founding-pickers-timeline");
        Assert.DoesNotContain(console, m => m.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>P4's form: the branch picker offers a chair only the branch they chair.</summary>
    [Fact]
    public async Task ABranchChair_PicksOnlyTheirOwnBranch_OnTheActivityForm()
    {
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync(live.BaseAddress);
        await page.GotoAsync("/login?returnUrl=/processes/activity");
        await Chromium.SignInAsync(page, "zhuwei2");
        await page.GotoAsync("/processes/activity");

        // Preselected: the branch zhuwei2 chairs, shown by name.
        var chip = page.Locator(".picker[data-name='BranchId'] .picker-chip .picker-label");
        await chip.WaitForAsync();
        Assert.Equal("连锁（个体）中医诊所分会", await chip.TextContentAsync());
        await page.ClickAsync(".picker[data-name='BranchId'] .picker-remove");
        await page.FillAsync("#BranchId-search", "分会");
        var results = page.Locator(".picker[data-name='BranchId'] .picker-item");
        await results.First.WaitForAsync();
        Assert.Equal(["连锁（个体）中医诊所分会"], await results.Locator(".picker-label").AllTextContentsAsync());
    }
}
