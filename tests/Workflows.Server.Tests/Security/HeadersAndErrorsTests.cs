using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Workflows.Server.Tests.Elsa.Support;
using Workflows.Server.Tests.Support;

namespace Workflows.Server.Tests.Security;

/// <summary>Security headers on every kind of answer, and refusals people can read (ProblemDetails, their language).</summary>
public sealed class HeadersAndErrorsTests(WorkflowsApp app) : IClassFixture<WorkflowsApp>
{
    [Theory]
    [InlineData("/login")]                       // a page
    [InlineData("/api/me")]                      // the API (a 401)
    [InlineData("/elsa/api/descriptors/activities")]
    [InlineData("/css/site.css")]                // a static file
    [InlineData("/js/inbox-task.js")]
    [InlineData("/health")]
    [InlineData("/no/such/page")]                // a 404
    public async Task EveryAnswer_CarriesTheSecurityHeaders(string path)
    {
        var client = await app.ClientAsync();

        using var response = await client.GetAsync(path);

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("'wasm-unsafe-eval'", csp);
        Assert.Contains("frame-ancestors 'self'", csp);
        Assert.DoesNotContain("http:", csp);
        Assert.DoesNotContain("https:", csp);
        Assert.DoesNotContain("'unsafe-eval'", csp);
        Assert.DoesNotContain("script-src 'self' 'unsafe-inline'", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("SAMEORIGIN", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Theory]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("https://evil.example/x")]
    [InlineData("")]
    public async Task CultureSwitch_SendsAForeignReturnUrl_Home(string returnUrl)
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await app.ClientAsync();

        using var response = await client.GetAsync("/lang/en?returnUrl=" + Uri.EscapeDataString(returnUrl));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task CultureSwitch_KeepsALocalReturnUrl()
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await app.ClientAsync();

        using var response = await client.GetAsync("/lang/en?returnUrl=%2Finbox%3Fview%3Dall");

        Assert.Equal("/inbox?view=all", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task ARefusedPageVisit_ShowsTheAccessDeniedPage()
    {
        var client = await app.ClientAsync();
        await PageSession.SignInAsync(client, "huiyuan1");

        using var response = await client.GetAsync("/admin/outbox");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.StartsWith("/access-denied", response.RequestMessage!.RequestUri!.AbsolutePath);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("id=\"access-denied\"", html);
        Assert.Contains("无权访问", html);
    }

    [Theory]
    [InlineData(null, "GET", "/api/me", 401, "需要登录")]
    [InlineData("en", "GET", "/api/me", 401, "Sign-in required")]
    [InlineData("zhuanjia1", "GET", "/elsa/api/workflow-instances/x", 403, "无权访问")]
    [InlineData("zhuanjia1", "POST", "/elsa/api/workflow-definitions/p2-party-branch-setup/publish", 403, "无权访问")]
    [InlineData("mishu1", "GET", "/api/no-such-thing", 404, "未找到")]
    [InlineData("mishu1", "GET", "/elsa/api/workflow-instances/no-such-instance", 404, "未找到")]
    [InlineData("mishu1", "GET", "/api/tasks/no-such-task", 404, "未找到")]
    public async Task Refusals_HaveAProblemBody_InTheReadersLanguage(string? user, string method, string path, int status, string title)
    {
        var client = await app.ClientAsync(user == "en" ? null : user);
        var url = user == "en" ? path + "?lang=en" : path;

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url)
        {
            Content = method == "POST" ? JsonContent.Create(new JsonObject()) : null,
        });

        Assert.Equal(status, (int)response.StatusCode);
        var body = await CrossSiteTests.ProblemAsync(response);
        Assert.Equal(title, body["title"]!.GetValue<string>());
        Assert.Equal(status, body["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task AnOversizedBody_Is413_WithAProblemBody()
    {
        var client = await app.ClientAsync("mishu1");
        using var content = new ByteArrayContent(new byte[5 * 1024 * 1024]);
        content.Headers.ContentType = new("application/json");

        using var response = await client.PostAsync("/elsa/api/workflow-definitions", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("请求内容过大", (await CrossSiteTests.ProblemAsync(response))["title"]!.GetValue<string>());
    }
}
