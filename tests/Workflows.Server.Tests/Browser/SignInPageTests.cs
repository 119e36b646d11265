using Workflows.Server.Tests.Support;

namespace Workflows.Server.Tests.Browser;

[Collection(nameof(Durability.ProcessTests))]
public sealed class SignInPageTests(LiveServer live) : IClassFixture<LiveServer>
{
    [Fact]
    public async Task SignIn_InChromium_ShowsChineseHomeWithTheUsersName()
    {
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync(live.BaseAddress);

        await page.GotoAsync("/");
        Assert.Contains("/login", page.Url);
        await Chromium.SignInAsync(page, "mishu1");

        Assert.Equal("唐雨晴", await page.TextContentAsync(".who"));
        Assert.Contains("欢迎使用协会流程服务", await page.TextContentAsync("h1"));
        await Chromium.ScreenshotAsync(page, "home-zh");

        await page.ClickAsync("text=English");
        Assert.Contains("Welcome", await page.TextContentAsync("h1"));
    }

    [Fact]
    public async Task SignIn_WrongPassword_StaysOnLoginWithAMessage()
    {
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync(live.BaseAddress);

        await page.GotoAsync("/login");
        await page.FillAsync("#userName", "mishu1");
        await page.FillAsync("#password", "nope");
        await page.ClickAsync("#login-submit");

        Assert.Contains("用户名或密码错误", await page.TextContentAsync("#login-error"));
    }
}
