using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Workflows.Server.Tests.Support;

namespace Workflows.Server.Tests.Api;

public sealed class ServiceApiTests(WorkflowsApp app) : IClassFixture<WorkflowsApp>
{
    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    /// <summary>神经内科分会 of the demo register: its chair is not a party member and it has no party branch yet.</summary>
    private const string NeurologyBranch = "4b896dd4-85e2-540b-84b8-8f07166ed7e3";

    private static async Task<string> StartP2Async(HttpClient client)
    {
        using var response = await client.PostAsJsonAsync("/elsa/api/workflow-definitions/p2-party-branch-setup/execute",
            new { input = new { BranchId = NeurologyBranch } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.GetValues("x-elsa-workflow-instance-id").Single();
    }

    [Fact]
    public async Task Health_WhenReady_Answers200()
    {
        var client = await app.ClientAsync();

        var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ready", (await response.Content.ReadFromJsonAsync<JsonObject>())!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Login_DemoUser_ReturnsTokenAndExpiry_AndMeKnowsTheRoles()
    {
        var client = await app.ClientAsync();

        using var response = await client.PostAsJsonAsync("/api/auth/login", new { userName = "zuzhang", password = "Passw0rd!" });
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(string.IsNullOrEmpty(body["accessToken"]!.GetValue<string>()));
        Assert.True(body["expiresAt"]!.GetValue<DateTimeOffset>() > DateTimeOffset.UnixEpoch);
        client.DefaultRequestHeaders.Authorization = new("Bearer", body["accessToken"]!.GetValue<string>());
        var me = (await client.GetFromJsonAsync<JsonObject>("/api/me"))!;
        Assert.Equal("zuzhang", me["userName"]!.GetValue<string>());
        Assert.Contains("leadershipGroupLeader", me["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Theory]
    [InlineData("zuzhang", "wrong")]
    [InlineData("nobody", "Passw0rd!")]
    public async Task Login_WrongCredentials_Is401(string user, string password)
    {
        var client = await app.ClientAsync();

        using var response = await client.PostAsJsonAsync("/api/auth/login", new { userName = user, password });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Api_WithoutToken_Is401()
    {
        var client = await app.ClientAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/tasks")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/elsa/api/workflow-definitions/p2-party-branch-setup/execute", Json("{}"))).StatusCode);
    }

    [Fact]
    public async Task Execute_P2FromWorkflowsFolder_CreatesTaskForTheSecretariatOnly()
    {
        var secretary = await app.ClientAsync("mishu2");
        var instanceId = await StartP2Async(secretary);

        var todo = (await secretary.GetFromJsonAsync<JsonObject>("/api/tasks"))!["items"]!.AsArray();
        var task = Assert.Single(todo, t => t!["instanceId"]!.GetValue<string>() == instanceId)!;
        Assert.Equal("提名特设党支部委员：神经内科分会", task["title"]!.GetValue<string>());

        var expert = await app.ClientAsync("zhuanjia1");
        var expertTodo = (await expert.GetFromJsonAsync<JsonObject>("/api/tasks"))!["items"]!.AsArray();
        Assert.DoesNotContain(expertTodo, t => t!["instanceId"]!.GetValue<string>() == instanceId);
        Assert.Equal(HttpStatusCode.NotFound, (await expert.GetAsync($"/api/tasks/{task["id"]}")).StatusCode);
    }

    [Fact]
    public async Task CompleteTask_ByStranger404_Twice409_AndNothingChanges()
    {
        var secretary = await app.ClientAsync("mishu1");
        var instanceId = await StartP2Async(secretary);
        var taskId = (await secretary.GetFromJsonAsync<JsonObject>("/api/tasks"))!["items"]!.AsArray()
            .Single(t => t!["instanceId"]!.GetValue<string>() == instanceId)!["id"]!.GetValue<string>();
        var form = new { outcome = "Submit", formData = new { member1 = "甲", member2 = "乙", member3 = "丙", member4 = "丁", member5 = "戊" } };

        var stranger = await app.ClientAsync("huiyuan1");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync($"/api/tasks/{taskId}/complete", form)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await secretary.PostAsJsonAsync($"/api/tasks/{taskId}/complete", form)).StatusCode);
        var again = await secretary.PostAsJsonAsync($"/api/tasks/{taskId}/complete", form);

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("不能重复办理", await again.Content.ReadAsStringAsync());
        var party = await app.ClientAsync("dangwei1");
        var partyTodo = (await party.GetFromJsonAsync<JsonObject>("/api/tasks"))!["items"]!.AsArray();
        Assert.Single(partyTodo, t => t!["instanceId"]!.GetValue<string>() == instanceId);
    }

    [Fact]
    public async Task Execute_UnknownDefinition_Is404WithCannotStartHeader()
    {
        var client = await app.ClientAsync("mishu1");

        using var response = await client.PostAsync("/elsa/api/workflow-definitions/no-such-thing/execute", Json("{}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("true", response.Headers.GetValues("x-elsa-workflow-cannot-start").Single());
    }

    [Fact]
    public async Task Execute_MalformedJson_Is400WithPosition()
    {
        var client = await app.ClientAsync("mishu1");

        using var response = await client.PostAsync("/elsa/api/workflow-definitions/p2-party-branch-setup/execute", Json("{\"input\": {\"BranchName\": }"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("不是合法的 JSON", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Execute_InputOfWrongType_Is400AndStartsNothing()
    {
        var client = await app.ClientAsync("mishu1");
        var before = (await client.GetFromJsonAsync<JsonObject>("/api/tasks?pageSize=200"))!["totalCount"]!.GetValue<int>();

        using var response = await client.PostAsJsonAsync("/elsa/api/workflow-definitions/p3-annual-assessment/execute", new { input = new { BranchId = NeurologyBranch, Year = "是的" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Year", await response.Content.ReadAsStringAsync());
        Assert.Equal(before, (await client.GetFromJsonAsync<JsonObject>("/api/tasks?pageSize=200"))!["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task OversizedBody_Is413()
    {
        var client = await app.ClientAsync("mishu1");
        var huge = "{\"input\":{\"x\":\"" + new string('x', 5 * 1024 * 1024) + "\"}}";

        using var response = await client.PostAsync("/elsa/api/workflow-definitions/p2-party-branch-setup/execute", Json(huge));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Execute_WithIdempotencyKeyTwice_ReturnsSameInstance()
    {
        var client = await app.ClientAsync("mishu1");
        async Task<string> Start()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/elsa/api/workflow-definitions/p2-party-branch-setup/execute") { Content = JsonContent.Create(new { input = new { BranchId = NeurologyBranch } }) };
            request.Headers.Add("Idempotency-Key", "eye-2026");
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return response.Headers.GetValues("x-elsa-workflow-instance-id").Single();
        }

        Assert.Equal(await Start(), await Start());
    }

    [Fact]
    public async Task InstanceEndpoint_ReturnsElsaShape()
    {
        var client = await app.ClientAsync("mishu1");
        var instanceId = await StartP2Async(client);

        var instance = (await client.GetFromJsonAsync<JsonObject>($"/elsa/api/workflow-instances/{instanceId}"))!;

        Assert.Equal(instanceId, instance["id"]!.GetValue<string>());
        Assert.Equal("Running", instance["status"]!.GetValue<string>());
        Assert.Equal("Suspended", instance["subStatus"]!.GetValue<string>());
        Assert.Single(instance["workflowState"]!["bookmarks"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/elsa/api/workflow-instances/nope")).StatusCode);
    }
}
