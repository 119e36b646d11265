using System.Net;
using System.Text.Json.Nodes;
using Workflows.Server.Tests.Support;
using static Workflows.Server.Tests.Elsa.Support.Wire;

namespace Workflows.Server.Tests.Elsa;

/// <summary>
/// Who may use the designer API: a signed-in user for reading definitions and catalogues, the secretariat (or an
/// administrator) for changing definitions and for instances, nobody without a token.
/// </summary>
public sealed class AccessTests(WorkflowsApp app) : IClassFixture<WorkflowsApp>
{
    private const string P2 = DefinitionContractTests.P2;

    public static TheoryData<string, string> Changes() => new()
    {
        { "POST", "/workflow-definitions" },
        { "POST", $"/workflow-definitions/{P2}/publish" },
        { "POST", $"/workflow-definitions/{P2}/retract" },
        { "POST", $"/workflow-definitions/{P2}/revert/1" },
        { "DELETE", $"/workflow-definitions/{P2}" },
        { "DELETE", "/workflow-definition-versions/x" },
        { "POST", "/workflow-definitions/import" },
        { "POST", "/workflow-definitions/import-files" },
        { "POST", "/bulk-actions/publish/workflow-definitions/by-definition-ids" },
        { "POST", "/bulk-actions/retract/workflow-definitions/by-definition-ids" },
        { "POST", "/bulk-actions/delete/workflow-definitions/by-definition-id" },
        { "POST", "/bulk-actions/delete/workflow-definitions/by-id" },
        { "POST", "/workflow-instances" },
        { "GET", "/workflow-instances/x" },
        { "POST", "/workflow-instances/x/journal" },
        { "GET", "/workflow-instances/x/variables" },
        { "POST", "/activity-executions/report" },
        { "POST", "/cancel/workflow-instances/x" },
        { "DELETE", "/workflow-instances/x" },
    };

    private static HttpRequestMessage Request(string method, string path) =>
        new(new HttpMethod(method), ApiRoot + path) { Content = method == "GET" || method == "DELETE" ? null : Json(new JsonObject()) };

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task ChangesAndInstances_ForAnExpert_Are403_AndChangeNothing(string method, string path)
    {
        var expert = await app.ClientAsync("zhuanjia1");
        var secretary = await app.ClientAsync("mishu1");
        var before = await GetAsync(secretary, $"/workflow-definitions/by-definition-id/{P2}");

        using var response = await expert.SendAsync(Request(method, path));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.True(JsonNode.DeepEquals(before, await GetAsync(secretary, $"/workflow-definitions/by-definition-id/{P2}")));
    }

    [Theory]
    [InlineData("GET", "/descriptors/activities")]
    [InlineData("GET", "/workflow-definitions?versionOptions=Latest")]
    [InlineData("POST", "/workflow-definitions")]
    [InlineData("GET", "/workflow-instances/x")]
    [InlineData("POST", "/scripting/javascript/type-definitions/x")]
    public async Task Anything_WithoutToken_Is401(string method, string path)
    {
        var anonymous = await app.ClientAsync();

        using var response = await anonymous.SendAsync(Request(method, path));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Reading_DefinitionsAndDescriptors_IsOpenToEverySignedInUser()
    {
        var member = await app.ClientAsync("huiyuan1");

        Editable(await GetAsync(member, $"/workflow-definitions/by-definition-id/{P2}"));
        await GetAsync(member, "/descriptors/activities");
        await GetAsync(member, "/workflow-definitions?versionOptions=Published");
    }

    [Fact]
    public async Task Changes_ForAnAdministrator_AreAllowed()
    {
        var admin = await app.ClientAsync("admin");

        var saved = await CreateAsync(admin, "管理员保存", publish: true);

        Assert.True(saved["isPublished"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Changes_WithAForgedToken_Are401()
    {
        var client = await app.ClientAsync();
        var token = await WorkflowsApp.TokenAsync(client, "mishu1");
        client.DefaultRequestHeaders.Authorization = new("Bearer", token[..^4] + (token.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA"));

        using var response = await client.PostAsync($"{ApiRoot}/workflow-definitions", Json(new JsonObject()));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
