using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Workflows.Server.Tests.Support;
using Workflows.Testing;

namespace Workflows.Server.Tests.Browser;

/// <summary>
/// The attack of issue 12 in a real browser: a page on another port of the same host (the same site for SameSite=Lax,
/// so Chromium sends the sign-in cookie) posts to the API with a form and with fetch. Both reach the service with
/// the cookie and are refused; nothing changes.
/// </summary>
[Collection(nameof(Durability.ProcessTests))]
public sealed class CrossOriginBrowserTests(LiveServer live) : IClassFixture<LiveServer>
{
    private const string P2 = "p2-party-branch-setup";

    [Fact]
    public async Task APageOnAnotherPort_CannotDriveTheApiWithTheCookie()
    {
        var target = live.BaseAddress.ToString().TrimEnd('/');
        var port = FreePort.Get();
        using var evil = new HttpListener();
        evil.Prefixes.Add($"http://127.0.0.1:{port}/");
        evil.Start();
        var serving = ServeAsync(evil, AttackPage(target));

        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync(live.BaseAddress);
        await Chromium.SignInAsync(page, "mishu1");

        await page.GotoAsync($"http://127.0.0.1:{port}/attack.html");
        await page.WaitForFunctionAsync("document.title === 'fetch-done'", null, new() { Timeout = 30_000 });
        await page.ClickAsync("#go");
        await page.WaitForURLAsync(url => url.StartsWith(target, StringComparison.Ordinal), new() { Timeout = 30_000 });
        var answer = await page.TextContentAsync("body");

        // The form's answer is the guard's: the request came with the cookie and was refused.
        Assert.Contains("拒绝跨站请求", answer);
        using var api = new HttpClient { BaseAddress = live.BaseAddress };
        var login = await api.PostAsJsonAsync("/api/auth/login", new { userName = "mishu1", password = "Passw0rd!" });
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await login.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>());
        var definition = await api.GetFromJsonAsync<JsonObject>($"/elsa/api/workflow-definitions/by-definition-id/{P2}?versionOptions=Latest");
        Assert.True(definition!["isPublished"]!.GetValue<bool>(), "P2 is still published");
        var saved = await api.GetAsync("/elsa/api/workflow-definitions/by-definition-id/csrf-planted?versionOptions=Latest");
        Assert.Equal(HttpStatusCode.NotFound, saved.StatusCode);
        // Still signed in on our own pages: the refusal was about the origin, not the session.
        await page.GotoAsync(target + "/inbox");
        Assert.DoesNotContain("/login", page.Url);

        evil.Stop();
        await Task.WhenAny(serving, Task.Delay(1000));
    }

    private static string AttackPage(string target) => $$"""
        <!doctype html><html><head><meta charset="utf-8"><title>attack</title></head><body>
        <form id="f" method="post" enctype="text/plain" action="{{target}}/elsa/api/workflow-definitions/{{P2}}/retract">
          <input name='{"x":"' value='"}'><button id="go" type="submit">go</button>
        </form>
        <script>
          fetch("{{target}}/elsa/api/workflow-definitions", {
            method: "POST", mode: "no-cors", credentials: "include", headers: { "Content-Type": "text/plain" },
            body: JSON.stringify({ model: { definitionId: "csrf-planted", name: "planted", root: { type: "Elsa.Flowchart", id: "f", activities: [], connections: [] } }, publish: true })
          }).finally(function () { document.title = "fetch-done"; });
        </script></body></html>
        """;

    private static async Task ServeAsync(HttpListener listener, string html)
    {
        var bytes = Encoding.UTF8.GetBytes(html);
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception) when (!listener.IsListening)
            {
                return;
            }
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }
}
