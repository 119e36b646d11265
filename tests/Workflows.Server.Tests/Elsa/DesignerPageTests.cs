using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Workflows.Server.Tests.Support;
using Workflows.Testing;
using Workflows.Server.Tests.Elsa.Support;
using static Workflows.Server.Tests.Elsa.Support.Wire;

namespace Workflows.Server.Tests.Elsa;

/// <summary>
/// Our Chinese pages that host Studio: the list with its actions, the editor and the instance viewer, for the
/// secretariat only, each handing Studio an absolute API address and a working token.
/// </summary>
public sealed class DesignerPageTests(WorkflowsApp app) : IClassFixture<WorkflowsApp>
{
    private const string P2 = DefinitionContractTests.P2;

    private async Task<HttpClient> PageClientAsync(string? user = "mishu1")
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await app.ClientAsync(); // waits for start-up
        if (user is not null) await PageSession.SignInAsync(client, user);
        return client;
    }

    private static string Token(string html) => PageSession.Token(html);

    private static string Attribute(string html, string element, string attribute)
    {
        var match = Regex.Match(html, $"<{element}[^>]*\\s{attribute}=\"([^\"]*)\"");
        Assert.True(match.Success, $"<{element} {attribute}> not found");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    private async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string handler, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync("/designer");
        fields["__RequestVerificationToken"] = Token(page);
        return await client.PostAsync($"/designer?handler={handler}", new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task List_ForTheSecretariat_ShowsDefinitionsInChinese()
    {
        var client = await PageClientAsync();

        using var response = await client.GetAsync("/designer");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<h1>流程设计</h1>", html);
        Assert.Contains($"data-definition-id=\"{P2}\"", html);
        Assert.Contains("P2 特设党支部成立", html);
        Assert.Contains("已发布 第 1 版", html);
    }

    [Theory]
    [InlineData("/designer")]
    [InlineData("/designer/p2-party-branch-setup")]
    [InlineData("/instances/whatever/studio")]
    public async Task Pages_ForAnExpert_Are403WithAChineseExplanation(string path)
    {
        var client = await PageClientAsync("zhuanjia1");

        using var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("无权访问", html);
        Assert.DoesNotContain("access-token=", html);
    }

    [Fact]
    public async Task Pages_Anonymous_RedirectToSignIn()
    {
        var client = await PageClientAsync(user: null);

        using var response = await client.GetAsync("/designer/p2-party-branch-setup");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editor_HostsTheElementWithAbsoluteEndpointAndAWorkingToken()
    {
        var client = await PageClientAsync();

        var html = await client.GetStringAsync($"/designer/{P2}");

        Assert.Equal(P2, Attribute(html, "elsa-workflow-definition-editor", "definition-id"));
        Assert.Equal("http://localhost/elsa/api", Attribute(html, "elsa-workflow-definition-editor", "remote-endpoint"));
        Assert.Contains("<base href=\"/studio/\" />", html);
        Assert.Contains("studio-culture.js\" data-culture=\"zh-CN\"", html);
        Assert.Contains("blazor.webassembly.js\" autostart=\"false\"", html);
        Assert.Contains("id=\"blazor-error-ui\"", html);
        Assert.DoesNotContain("fonts.googleapis", html);
        var api = app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Attribute(html, "elsa-workflow-definition-editor", "access-token"));
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"{ApiRoot}/workflow-definitions/{P2}/publish", Json(new JsonObject()))).StatusCode);
    }

    [Fact]
    public async Task Editor_InEnglish_SetsStudioCultureToEnglish()
    {
        var client = await PageClientAsync();

        var html = await client.GetStringAsync($"/designer/{P2}?lang=en");

        Assert.Contains("studio-culture.js\" data-culture=\"en-US\"", html);
        Assert.Contains("Workflow designer", html);
    }

    [Fact]
    public async Task Editor_UnknownDefinition_Is404WithAMessage()
    {
        var client = await PageClientAsync();

        using var response = await client.GetAsync("/designer/no-such-definition");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("流程定义 no-such-definition 不存在", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TokenHandler_GivesAFreshToken()
    {
        var client = await PageClientAsync();

        var token = (await client.GetFromJsonAsync<JsonObject>($"/designer/{P2}?handler=Token"))!;

        Assert.False(string.IsNullOrEmpty(Text(token["accessToken"])));
        Assert.True(token["expiresAt"]!.GetValue<DateTimeOffset>() > DateTimeOffset.UnixEpoch);
    }

    [Fact]
    public async Task InstanceViewer_HostsTheViewerForTheInstance()
    {
        var client = await PageClientAsync();
        var api = await app.ClientAsync("mishu1");
        var started = await api.PostAsync($"{ApiRoot}/workflow-definitions/{P2}/execute", JsonContent.Create(new { input = new { BranchId = "38d95989-13b7-59fe-b5f4-369f4b38d19e" } }) /* 口腔医学分会 (demo) */);
        var instanceId = started.Headers.GetValues("x-elsa-workflow-instance-id").Single();

        var html = await client.GetStringAsync($"/instances/{instanceId}/studio");
        using var missing = await client.GetAsync("/instances/nope/studio");

        Assert.Equal(instanceId, Attribute(html, "elsa-workflow-instance-viewer", "instance-id"));
        Assert.Equal("http://localhost/elsa/api", Attribute(html, "elsa-workflow-instance-viewer", "remote-endpoint"));
        Assert.Contains("等待中", html);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task List_CreatePublishRetractDelete_ThroughTheButtons()
    {
        var client = await PageClientAsync();
        var api = await app.ClientAsync("mishu1");

        using var created = await PostFormAsync(client, "Create", new() { ["name"] = "页面新建流程" });
        var definitionId = created.Headers.Location!.OriginalString["/designer/".Length..];
        var draft = await GetAsync(api, $"/workflow-definitions/by-definition-id/{definitionId}");
        using var published = await PostFormAsync(client, "Publish", new() { ["definitionId"] = definitionId });
        var afterPublish = await client.GetStringAsync("/designer");
        var isPublished = (await GetAsync(api, $"/workflow-definitions/by-definition-id/{definitionId}"))["isPublished"]!.GetValue<bool>();
        using var retracted = await PostFormAsync(client, "Retract", new() { ["definitionId"] = definitionId });
        var isRetracted = !(await GetAsync(api, $"/workflow-definitions/by-definition-id/{definitionId}"))["isPublished"]!.GetValue<bool>();
        using var deleted = await PostFormAsync(client, "Delete", new() { ["definitionId"] = definitionId });

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal("页面新建流程", Text(draft["name"]));
        Assert.Equal("Elsa.Start", Text(draft["root"]!["activities"]![0]!["type"]));
        Assert.Contains("已发布第 1 版", afterPublish);
        Assert.True(isPublished);
        Assert.True(isRetracted);
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"{ApiRoot}/workflow-definitions/by-definition-id/{definitionId}")).StatusCode);
    }

    [Fact]
    public async Task List_CreateWithATakenName_ShowsTheReasonAndCreatesNothing()
    {
        var client = await PageClientAsync();
        var api = await app.ClientAsync("mishu1");
        var count = (await GetAsync(api, "/workflow-definitions/query/count"))["count"]!.GetValue<int>();

        using var response = await PostFormAsync(client, "Create", new() { ["name"] = "P2 特设党支部成立" });
        var page = await client.GetStringAsync("/designer");

        Assert.Equal("/designer", response.Headers.Location?.OriginalString);
        Assert.Contains("已有名为“P2 特设党支部成立”的流程", page);
        Assert.Equal(count, (await GetAsync(api, "/workflow-definitions/query/count"))["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task List_ExportThenImport_RoundTripsAFile()
    {
        var client = await PageClientAsync();
        var api = await app.ClientAsync("mishu1");
        var source = await CreateAsync(api, "页面导出");

        var exported = await client.GetAsync($"/designer?handler=Export&definitionId={source["definitionId"]}");
        var file = JsonNode.Parse(await exported.Content.ReadAsStringAsync())!.AsObject();
        file["definitionId"] = "page-imported";
        file["name"] = "页面导入";
        var token = Token(await client.GetStringAsync("/designer"));
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(file.ToJsonString())), "files", "page-imported.json" },
        };
        using var imported = await client.PostAsync("/designer?handler=Import", form);
        var page = await client.GetStringAsync("/designer");

        Assert.Equal("application/json", exported.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Redirect, imported.StatusCode);
        Assert.Contains("已导入 1 个流程", page);
        Assert.Equal("页面导入", Text((await GetAsync(api, "/workflow-definitions/by-definition-id/page-imported"))["name"]));
    }

    [Fact]
    public async Task List_LinksTheLatestRunToTheInstanceViewer()
    {
        var client = await PageClientAsync();
        var api = await app.ClientAsync("mishu1");
        var definition = await CreateAsync(api, "最近运行", publish: true);
        string? last = null;
        for (var i = 0; i < 2; i++)
        {
            using var started = await api.PostAsync($"{ApiRoot}/workflow-definitions/{definition["definitionId"]}/execute", Json(new JsonObject()));
            last = started.Headers.GetValues("x-elsa-workflow-instance-id").Single();
        }

        var html = await client.GetStringAsync("/designer");

        var row = html[html.IndexOf($"data-definition-id=\"{definition["definitionId"]}\"", StringComparison.Ordinal)..];
        row = row[..row.IndexOf("</tr>", StringComparison.Ordinal)];
        Assert.Contains($"href=\"/instances/{last}/studio\"", row);
    }

    [Fact]
    public async Task HomePage_ForTheSecretariat_LinksToTheDesigner()
    {
        var client = await PageClientAsync();

        var html = await client.GetStringAsync("/");

        Assert.Contains("href=\"/designer\"", html);
    }
}
