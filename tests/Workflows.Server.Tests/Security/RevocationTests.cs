using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Runtime.Identity;
using Workflows.Runtime.Persistence;
using Workflows.Server.Auth;
using Workflows.Server.Tests.Elsa.Support;
using Workflows.Server.Tests.Support;
using Workflows.Testing;

namespace Workflows.Server.Tests.Security;

/// <summary>30-minute tokens, an 8-hour cookie, a 5-second stamp cache, and a clock the test moves.</summary>
public sealed class SessionApp : WorkflowsApp
{
    public SessionApp()
    {
        Clock = new ManualTimeProvider(TimeProvider.System.GetUtcNow());
        Settings["Auth:TokenLifetime"] = "00:30:00";
        Settings["Auth:CookieLifetime"] = "08:00:00";
        Settings["Auth:StampCacheTime"] = "00:00:05";
    }

    public ManualTimeProvider Time => Clock!;
}

/// <summary>Revocable sessions: a security stamp in every token and cookie, checked on every request.</summary>
public sealed class RevocationTests(SessionApp app) : IClassFixture<SessionApp>
{
    private const string P2 = "p2-party-branch-setup";

    [Fact]
    public async Task SignOut_EndsEveryTokenAndCookieOfTheUser()
    {
        var first = await app.ClientAsync("dangwei1");
        var second = await app.ClientAsync("dangwei1");
        var page = await CookieClientAsync("dangwei1");
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await page.GetAsync("/inbox")).StatusCode);

        using var signOut = await first.PostAsync("/api/auth/logout", null);

        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        await AssertEndedAsync(first);
        await AssertEndedAsync(second);
        await AssertPageEndedAsync(page);
        Assert.Equal(HttpStatusCode.OK, (await (await app.ClientAsync("dangwei1")).GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task SignOutForm_EndsTheApiTokensToo()
    {
        var api = await app.ClientAsync("dangwei2");
        var page = await CookieClientAsync("dangwei2");
        var token = PageSession.Token(await page.GetStringAsync("/inbox"));

        using var signOut = await page.PostAsync("/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        await AssertEndedAsync(api);
    }

    [Fact]
    public async Task ARoleChange_EndsTheSessions_TheNextSignInCarriesTheNewRoles()
    {
        var api = await app.ClientAsync("chengyuan3");
        var page = await CookieClientAsync("chengyuan3");

        await WithAccountsAsync(a => a.SetRolesAsync("chengyuan3", [RoleKeys.Expert]));

        await AssertEndedAsync(api);
        await AssertPageEndedAsync(page);
        var again = await app.ClientAsync("chengyuan3");
        var me = await again.GetFromJsonAsync<JsonObject>("/api/me");
        Assert.Equal(["expert"], me!["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Fact]
    public async Task APasswordChange_EndsTheOldSessions()
    {
        var api = await app.ClientAsync("changwu3");
        var other = await app.ClientAsync("changwu3");

        using var change = await api.PostAsJsonAsync("/api/auth/password", new { currentPassword = "Passw0rd!", newPassword = "N3w-Passw0rd!" });

        Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);
        await AssertEndedAsync(other);
        using var oldPassword = await SignIn.PostAsync(await app.ClientAsync(), "changwu3", "Passw0rd!");
        Assert.Equal(HttpStatusCode.Unauthorized, oldPassword.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SignIn.PostAsync(await app.ClientAsync(), "changwu3", "N3w-Passw0rd!")).StatusCode);
    }

    [Fact]
    public async Task DisablingOrDeletingAUser_EndsTheSessions()
    {
        var disabled = await app.ClientAsync("changwu4");
        var deleted = await app.ClientAsync("changwu5");
        var deletedPage = await CookieClientAsync("changwu5");

        await WithAccountsAsync(a => a.SetActiveAsync("changwu4", false));
        await WithAccountsAsync(a => a.DeleteAsync("changwu5"));

        await AssertEndedAsync(disabled);
        await AssertEndedAsync(deleted);
        await AssertPageEndedAsync(deletedPage);
    }

    [Fact]
    public async Task AChangeMadeOnAnotherNode_EndsTheSessions_WithinTheCacheTime()
    {
        var api = await app.ClientAsync("zhuanjia4");
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/me")).StatusCode);
        // Another node writes the new stamp: this node's cache does not hear of it.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            await db.Users.Where(u => u.UserName == "zhuanjia4").ExecuteUpdateAsync(u => u.SetProperty(x => x.SecurityStamp, "changed-elsewhere"));
        }

        var withinCache = (await api.GetAsync("/api/me")).StatusCode;
        app.Time.Advance(TimeSpan.FromSeconds(6));

        Assert.Equal(HttpStatusCode.OK, withinCache);
        await AssertEndedAsync(api);
    }

    [Fact]
    public async Task ACorrectlySignedToken_ForAUserWhoDoesNotExist_IsRefused()
    {
        var tokens = app.Services.GetRequiredService<TokenService>();
        var ghost = AuthSetup.ToPrincipal(new UserInfo("x", "ghost", "Ghost", null, "zh-CN", [RoleKeys.Admin]), "test");
        var (token, _) = tokens.Issue(ghost, app.Time);
        var client = await app.ClientAsync();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        await AssertEndedAsync(client);
    }

    [Fact]
    public async Task AnExpiredOrForgedToken_Gets401_WithoutTheLibrarysText()
    {
        var client = await app.ClientAsync();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.bm90LWEtc2lnbmF0dXJl");

        using var response = await client.GetAsync("/elsa/api/workflow-instances");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await CrossSiteTests.ProblemAsync(response);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().ToString());
        Assert.DoesNotContain("signature", body.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Studio_KeepsWorking_ThroughATwoHourEdit_ByRenewingItsToken()
    {
        var page = await CookieClientAsync("mishu2");
        var token = await StudioTokenAsync(page);
        var firstToken = token;
        var issuedAt = app.Time.GetUtcNow();
        var calls = 0;
        var renewals = 0;
        // Two hours of editing: Studio calls the API every few minutes; the page renews the token at 80% of its
        // lifetime (studio-host.js) with the cookie.
        for (var minute = 0; minute <= 120; minute += 4)
        {
            if (app.Time.GetUtcNow() - issuedAt >= TimeSpan.FromMinutes(24))
            {
                token = await StudioTokenAsync(page);
                issuedAt = app.Time.GetUtcNow();
                renewals++;
            }
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/elsa/api/workflow-definitions/by-definition-id/{P2}?versionOptions=Latest");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await (await app.ClientAsync()).SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"minute {minute}: {response.StatusCode}");
            calls++;
            app.Time.Advance(TimeSpan.FromMinutes(4));
        }

        Assert.Equal(31, calls);
        Assert.InRange(renewals, 4, 5);
        // The first token did run out: the renewals were needed.
        var old = await app.ClientAsync();
        old.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", firstToken);
        Assert.Equal(HttpStatusCode.Unauthorized, (await old.GetAsync("/api/me")).StatusCode);
    }

    private static async Task<string> StudioTokenAsync(HttpClient page)
    {
        var answer = await page.GetFromJsonAsync<JsonObject>($"/designer/{P2}?handler=Token");
        return answer!["accessToken"]!.GetValue<string>();
    }

    private async Task WithAccountsAsync(Func<UserAccounts, Task<bool>> change)
    {
        await using var scope = app.Services.CreateAsyncScope();
        Assert.True(await change(scope.ServiceProvider.GetRequiredService<UserAccounts>()));
    }

    private async Task<HttpClient> CookieClientAsync(string user)
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await app.ClientAsync();
        await PageSession.SignInAsync(client, user);
        return client;
    }

    private static async Task AssertEndedAsync(HttpClient api)
    {
        using var response = await api.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await CrossSiteTests.ProblemAsync(response);
    }

    private static async Task AssertPageEndedAsync(HttpClient page)
    {
        using var response = await page.GetAsync("/inbox");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.OriginalString.Replace("http://localhost", ""));
    }
}
