using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Runtime.Persistence;
using Workflows.Server.Tests.Support;

namespace Workflows.Server.Tests.Security;

/// <summary>
/// Least privilege for starting processes: each definition of workflows/ declares its starting roles in
/// customProperties.startRoles; the Studio API's execute and dispatch enforce it; an applicant's start answer
/// carries no workflow state.
/// </summary>
public sealed class StartPermissionTests(WorkflowsApp app) : IClassFixture<WorkflowsApp>
{
    // Who may start what (processes.md; issue 12): the secretariat everything, administrators always.
    private static readonly Dictionary<string, string[]> Starters = new()
    {
        ["p1-branch-founding"] = ["huiyuan1"],
        ["p2-party-branch-setup"] = ["dangwei1"],
        ["p3-annual-assessment"] = [],
        ["p4-activity-approval"] = ["zhuwei1"],
        ["p5-quality-review"] = ["huiyuan1"],
        ["p5-leader-unit-term"] = [],
        ["integrity-pledge"] = ["huiyuan1"],
        ["expert-pool-intake"] = ["huiyuan1", "zhuwei1"],
        ["annual-report-deadline"] = [],
        ["bad-practice-warning"] = [],
    };

    private static readonly string[] Users = ["huiyuan1", "dangwei1", "zhuwei1", "zhuanjia1", "changwu1", "mishu1", "admin"];

    // An input the starters may give: their own unit (huiyuan1) or branch (zhuwei1), see ApplicantRuleTests.
    private static readonly Dictionary<string, object> OwnInputs = new()
    {
        ["p4-activity-approval"] = new { Application = new { branchId = ApplicantRuleTests.Cardiology } },
        ["p5-quality-review"] = new { Application = new { institutionId = ApplicantRuleTests.Huiyuan1Clinic } },
        ["integrity-pledge"] = new { MemberUnitId = ApplicantRuleTests.Huiyuan1Clinic },
        ["expert-pool-intake"] = new { NominatedByUnitId = ApplicantRuleTests.Huiyuan1Clinic, NominatedByBranchId = ApplicantRuleTests.Cardiology },
    };

    public static TheoryData<string, string, bool> Cases()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var (definition, starters) in Starters)
            foreach (var user in Users)
                data.Add(definition, user, user is "mishu1" or "admin" || starters.Contains(user));
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Dispatch_FollowsTheDefinitionsStartRoles(string definitionId, string user, bool allowed)
    {
        var client = await app.ClientAsync(user);

        using var response = await client.PostAsJsonAsync($"/elsa/api/workflow-definitions/{definitionId}/dispatch", new { input = OwnInputs.GetValueOrDefault(definitionId) ?? new { } });

        if (allowed)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return;
        }
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("不能发起", (await CrossSiteTests.ProblemAsync(response))["detail"]!.GetValue<string>());
        Assert.Equal(0, await StartedByAsync(definitionId, user));
    }

    [Fact]
    public async Task AMemberUnit_CannotStartP2_ForAnyBranch()
    {
        // The case of issue 12: a member unit started party-branch setup for a branch it has nothing to do with.
        var member = await app.ClientAsync("huiyuan1");

        using var response = await member.PostAsJsonAsync("/elsa/api/workflow-definitions/p2-party-branch-setup/execute",
            new { input = new { BranchId = "4b896dd4-85e2-540b-84b8-8f07166ed7e3" } });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task AnApplicantsStartAnswer_CarriesNoWorkflowState_TheSecretariatsDoes()
    {
        var member = await app.ClientAsync("huiyuan1");
        var secretary = await app.ClientAsync("mishu1");

        var input = new { MemberUnitId = ApplicantRuleTests.Huiyuan1Clinic };
        var applicant = await (await member.PostAsJsonAsync("/elsa/api/workflow-definitions/integrity-pledge/execute", new { input })).Content.ReadFromJsonAsync<JsonObject>();
        var office = await (await secretary.PostAsJsonAsync("/elsa/api/workflow-definitions/integrity-pledge/execute", new { input })).Content.ReadFromJsonAsync<JsonObject>();

        Assert.False(string.IsNullOrEmpty(applicant!["workflowInstanceId"]?.GetValue<string>()));
        Assert.False(applicant.ContainsKey("workflowState"));
        Assert.DoesNotContain("variables", applicant.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(office!["workflowState"]);
    }

    [Fact]
    public async Task TheDeclaration_SurvivesAStudioRoundTrip()
    {
        var secretary = await app.ClientAsync("mishu1");

        var definition = await secretary.GetFromJsonAsync<JsonObject>("/elsa/api/workflow-definitions/by-definition-id/p4-activity-approval?versionOptions=Latest");

        Assert.Equal(["branchChair", "secretariat"], definition!["customProperties"]!["startRoles"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    /// <summary>Instances of the definition the user started, and start commands still queued for it.</summary>
    internal static Task<int> StartedByAsync(WorkflowsApp app, string definitionId, string user) => new StartPermissionTests(app).StartedByAsync(definitionId, user);

    private async Task<int> StartedByAsync(string definitionId, string user)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        return await db.Instances.CountAsync(i => i.DefinitionId == definitionId && i.InitiatedBy == user)
            + await db.Commands.CountAsync(c => c.PayloadJson != null && c.PayloadJson.Contains(definitionId) && c.PayloadJson.Contains(user));
    }
}
