using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Runtime.Persistence;
using Workflows.Server.Tests.Elsa.Support;
using Workflows.Server.Tests.Support;

namespace Workflows.Server.Tests.Security;

/// <summary>
/// The API takes bearer tokens; a request that carries only the page cookie is refused unless it is same-origin JSON
/// with an antiforgery header. The attack of issue 12: a page on another site (or another port of this host, which
/// SameSite=Lax treats as the same site) posts with the cookie in a content type that needs no preflight.
/// </summary>
public sealed class CrossSiteTests(WorkflowsApp app) : IClassFixture<WorkflowsApp>
{
    private const string P2 = "p2-party-branch-setup";
    private const string Neurology = "4b896dd4-85e2-540b-84b8-8f07166ed7e3";
    private const string Evil = "http://127.0.0.1:5999";

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var group in new[] { "definitions-save", "definitions-publish", "instances-start", "instances-cancel", "tasks-complete", "tasks-claim", "rules" })
            foreach (var type in new[] { "text/plain", "application/x-www-form-urlencoded", "multipart/form-data" })
                data.Add(group, type);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task CrossSitePost_WithTheCookie_IsRefused_AndStoresNothing(string group, string contentType)
    {
        var (method, path, json) = await TargetAsync(group);
        var browser = await CookieClientAsync("mishu1");
        var before = await FingerprintAsync();

        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = Body(contentType, json) };
        request.Headers.Add("Origin", Evil);
        request.Headers.Referrer = new Uri(Evil + "/attack.html");
        request.Headers.Add("Sec-Fetch-Site", "same-site");
        using var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Contains("Bearer", problem["detail"]!.GetValue<string>());
        Assert.Equal(before, await FingerprintAsync());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data")]
    public async Task SameOriginCookiePost_NotJson_Is415(string contentType)
    {
        var (browser, antiforgery) = await SignedInPageAsync("mishu1");
        var before = await FingerprintAsync();
        var (method, path, json) = await TargetAsync("definitions-publish");

        using var request = SameOrigin(method, path, Body(contentType, json), antiforgery);
        using var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(415, (await ProblemAsync(response))["status"]!.GetValue<int>());
        Assert.Equal(before, await FingerprintAsync());
    }

    [Fact]
    public async Task SameOriginCookieJson_WithoutAntiforgery_Is403_WithIt_IsServed()
    {
        var (browser, antiforgery) = await SignedInPageAsync("mishu1");
        var check = new { kind = "clinic", clinicCategory = "western", fundingCommitment = true, committee = new { size = 121, districtsCovered = 38, standingMembersPerDistrict = 1 } };

        using var without = await browser.SendAsync(SameOrigin("POST", "/api/rules/branch-founding-check", JsonContent.Create(check), null));
        using var with = await browser.SendAsync(SameOrigin("POST", "/api/rules/branch-founding-check", JsonContent.Create(check), antiforgery));

        Assert.Equal(HttpStatusCode.Forbidden, without.StatusCode);
        Assert.Contains("RequestVerificationToken", (await ProblemAsync(without))["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, with.StatusCode);
    }

    [Fact]
    public async Task TheSameRequests_WithABearerToken_AreServed()
    {
        // The control for the refusals above: the same calls succeed for the same user with a token.
        var api = await app.ClientAsync("mishu1");
        using (var rules = await api.PostAsync("/api/rules/branch-founding-check", JsonBody((await TargetAsync("rules")).Json)))
            Assert.Equal(HttpStatusCode.OK, rules.StatusCode);
        using (var retract = await api.PostAsync($"/elsa/api/workflow-definitions/{P2}/retract", JsonBody("{}")))
            Assert.Equal(HttpStatusCode.OK, retract.StatusCode);
        using (var publish = await api.PostAsync($"/elsa/api/workflow-definitions/{P2}/publish", JsonBody("{}")))
            Assert.Equal(HttpStatusCode.OK, publish.StatusCode);
    }

    [Fact]
    public async Task CrossSiteRead_WithTheCookie_IsRefused_SameOriginDownload_IsServed()
    {
        var browser = await CookieClientAsync("mishu1");

        using var cross = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        cross.Headers.Add("Sec-Fetch-Site", "cross-site");
        using var refused = await browser.SendAsync(cross);
        using var own = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        own.Headers.Add("Sec-Fetch-Site", "same-origin");
        using var served = await browser.SendAsync(own);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task Cors_AllowsNoOtherOrigin_ByDefault()
    {
        var client = await app.ClientAsync();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, $"/elsa/api/workflow-definitions/{P2}/publish");
        preflight.Headers.Add("Origin", Evil);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");

        using var response = await client.SendAsync(preflight);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private async Task<(string Method, string Path, string Json)> TargetAsync(string group)
    {
        switch (group)
        {
            case "definitions-save":
                return ("POST", "/elsa/api/workflow-definitions", """{"model":{"definitionId":"csrf-planted","name":"planted","root":{"type":"Elsa.Flowchart","id":"f","activities":[],"connections":[]}},"publish":true}""");
            case "definitions-publish":
                return ("POST", $"/elsa/api/workflow-definitions/{P2}/retract", "{}");
            case "instances-start":
                return ("POST", $"/elsa/api/workflow-definitions/{P2}/execute", $$$"""{"input":{"BranchId":"{{{Neurology}}}"}}""");
            case "instances-cancel":
                return ("POST", $"/elsa/api/cancel/workflow-instances/{(await OpenTaskAsync()).InstanceId}", "{}");
            case "tasks-complete":
                return ("POST", $"/api/tasks/{(await OpenTaskAsync()).Id}/complete", """{"outcome":"Submit","formData":{}}""");
            case "tasks-claim":
                return ("POST", $"/api/tasks/{(await OpenTaskAsync()).Id}/claim", "{}");
            default:
                return ("POST", "/api/rules/branch-founding-check", """{"kind":"clinic","clinicCategory":"western","fundingCommitment":true,"committee":{"size":121,"districtsCovered":38,"standingMembersPerDistrict":1}}""");
        }
    }

    private readonly SemaphoreSlim _start = new(1, 1);

    /// <summary>A real open task: P2 started for a branch (once per class).</summary>
    private async Task<TaskRecord> OpenTaskAsync()
    {
        await _start.WaitAsync();
        try
        {
            var open = await QueryAsync(db => db.Tasks.AsNoTracking().FirstOrDefaultAsync(t => t.Status == TaskStatuses.Open));
            if (open is not null) return open;
            var api = await app.ClientAsync("mishu1");
            using var started = await api.PostAsync($"/elsa/api/workflow-definitions/{P2}/execute", JsonBody($$$"""{"input":{"BranchId":"{{{Neurology}}}"}}"""));
            Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync());
            return (await QueryAsync(db => db.Tasks.AsNoTracking().OrderByDescending(t => t.CreatedAt).FirstAsync()))!;
        }
        finally
        {
            _start.Release();
        }
    }

    private async Task<T> QueryAsync<T>(Func<WorkflowsDbContext, Task<T>> query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>());
    }

    /// <summary>Everything a forged request could change: definitions, instances, tasks, journal, mail.</summary>
    private Task<string> FingerprintAsync() => QueryAsync(async db =>
    {
        var definitions = await db.Definitions.AsNoTracking().OrderBy(d => d.Id).Select(d => d.Id + ":" + d.Version + ":" + d.IsPublished + ":" + d.IsLatest).ToListAsync();
        var tasks = await db.Tasks.AsNoTracking().OrderBy(t => t.Id).Select(t => t.Id + ":" + t.Status + ":" + t.Owner + ":" + t.CompletedBy + ":" + t.Revision).ToListAsync();
        var instances = await db.Instances.AsNoTracking().OrderBy(i => i.Id).Select(i => i.Id + ":" + i.Status + ":" + i.SubStatus).ToListAsync();
        return string.Join("|", definitions) + "#" + string.Join("|", tasks) + "#" + string.Join("|", instances)
            + "#" + await db.Journal.CountAsync() + "#" + await db.Outbox.CountAsync() + "#" + await db.Commands.CountAsync();
    });

    private static HttpContent Body(string contentType, string json) => contentType switch
    {
        // What an attacker's <form enctype=…> or fetch(no-cors) sends: the JSON smuggled in as text or a field.
        "text/plain" => new StringContent(json, Encoding.UTF8, "text/plain"),
        "application/x-www-form-urlencoded" => new FormUrlEncodedContent(new Dictionary<string, string> { [json] = "" }),
        _ => new MultipartFormDataContent { { new StringContent(json), "payload" } },
    };

    private static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<HttpClient> CookieClientAsync(string user)
    {
        var client = await app.ClientAsync();
        await PageSession.SignInAsync(client, user);
        return client;
    }

    /// <summary>A signed-in page session and the antiforgery token its pages carry.</summary>
    private async Task<(HttpClient Client, string Antiforgery)> SignedInPageAsync(string user)
    {
        var client = await CookieClientAsync(user);
        var page = await client.GetStringAsync("/inbox");
        var token = PageSession.Token(page);
        Assert.False(string.IsNullOrEmpty(token), "the inbox page carries an antiforgery token (sign-out form)");
        return (client, token);
    }

    private HttpRequestMessage SameOrigin(string method, string path, HttpContent content, string? antiforgery)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = content };
        var own = app.Server.BaseAddress.GetLeftPart(UriPartial.Authority);
        request.Headers.Add("Origin", own);
        request.Headers.Add("Sec-Fetch-Site", "same-origin");
        if (antiforgery is not null) request.Headers.Add("RequestVerificationToken", antiforgery);
        return request;
    }

    public static async Task<JsonObject> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.NotNull(body);
        Assert.False(string.IsNullOrEmpty(body["title"]?.GetValue<string>()));
        Assert.DoesNotContain("IDX", body.ToJsonString(), StringComparison.Ordinal);
        return body;
    }
}
