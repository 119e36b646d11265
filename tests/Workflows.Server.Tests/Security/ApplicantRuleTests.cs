using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Association.Domain;
using Workflows.Server.Tests.Support;

namespace Workflows.Server.Tests.Security;

/// <summary>
/// The applicant rules of customProperties.startApplicant (issue 12 item 6, issue 14 item 10): a member unit starts a
/// process only for its own unit, a branch chair only for a branch they chair; the secretariat is not limited. Every
/// refusal is a 403 problem in the reader's language and leaves nothing behind.
/// </summary>
public sealed class ApplicantRuleTests(WorkflowsApp app) : IClassFixture<WorkflowsApp>
{
    internal const string Cardiology = "769234c5-949b-5e7c-a024-de67e2094594";  // chaired by 张宏伟 = zhuwei1
    internal const string Neurology = "4b896dd4-85e2-540b-84b8-8f07166ed7e3";   // chaired by 彭小燕, no demo user
    internal const string Huiyuan1Clinic = "64637590-e2f5-53da-898a-87b0e31afcd3"; // 重庆沙坪坝益康中西医结合诊所
    internal const string Huiyuan2Clinic = "ba94779b-a3be-5d19-9642-b780859b097d"; // 重庆铜梁怡康综合诊所
    internal const string RenjiHospital = "d31ef2cb-21d7-589f-ab91-5400bf5aa266";  // huiyuan3's hospital

    private static object Founding(string name, string chairUnitId) => new
    {
        Application = new { kind = "academic", name, discipline = "变态反应科", chairUnitId, fundingCommitment = true },
    };

    private static object Activity(string branchId, string title) => new
    {
        Application = new
        {
            branchId, type = "meeting", title, venue = "重庆", budget = 1000, involvesFunds = true,
            startsAt = TimeProvider.System.GetUtcNow().AddDays(30).ToString("O", System.Globalization.CultureInfo.InvariantCulture), endsAt = TimeProvider.System.GetUtcNow().AddDays(31).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        },
    };

    // (process, user, input, allowed): per process and role, a stranger refused and an own-unit/own-branch start allowed.
    public static TheoryData<string, string, string, bool> Cases() => new()
    {
        { "p1-branch-founding", "huiyuan3", "own", true },          // a member unit proposes itself as chair unit
        { "p1-branch-founding", "huiyuan1", "foreign", false },     // ... not another unit
        { "p1-branch-founding", "mishu1", "foreign", true },        // the secretariat files for any unit
        { "p1-branch-founding", "zhuwei1", "own", false },          // a branch chair: no role to found
        { "p4-activity-approval", "zhuwei1", "own", true },         // a chair for the branch they chair
        { "p4-activity-approval", "zhuwei1", "foreign", false },    // ... not for another branch
        { "p4-activity-approval", "zhuwei2", "own", false },        // another branch's chair: a stranger to cardiology
        { "p4-activity-approval", "mishu1", "foreign", true },
        { "p4-activity-approval", "huiyuan1", "own", false },       // a member unit: no role
        { "p5-quality-review", "huiyuan2", "own", true },
        { "p5-quality-review", "huiyuan2", "foreign", false },
        { "integrity-pledge", "huiyuan1", "own", true },
        { "integrity-pledge", "huiyuan1", "foreign", false },
        { "integrity-pledge", "huiyuan1", "none", false },          // naming no unit is not "my unit"
        { "expert-pool-intake", "zhuwei1", "own", true },
        { "expert-pool-intake", "zhuwei1", "foreign", false },
        { "expert-pool-intake", "huiyuan2", "foreign", false },
    };

    private static object Input(string definitionId, string user, string which)
    {
        var own = which == "own";
        return definitionId switch
        {
            "p1-branch-founding" => Founding($"变态反应科分会{user}{which}", own ? RenjiHospital : Huiyuan2Clinic),
            "p4-activity-approval" => Activity(own ? Cardiology : Neurology, $"学术沙龙{user}{which}"),
            "p5-quality-review" => new { Application = new { institutionId = own ? Huiyuan2Clinic : Huiyuan1Clinic, kind = "quality", description = "申报" } },
            "integrity-pledge" => which == "none" ? new { } : new { MemberUnitId = own ? Huiyuan1Clinic : Huiyuan2Clinic, SignatoryName = "吴德明" },
            "expert-pool-intake" => user.StartsWith("zhuwei", StringComparison.Ordinal)
                ? new { Specialty = "心血管内科", Source = "branch", NominatedByBranchId = own ? Cardiology : Neurology }
                : new { Specialty = "全科医学", Source = "unit", NominatedByUnitId = own ? Huiyuan2Clinic : Huiyuan1Clinic },
            _ => throw new ArgumentOutOfRangeException(nameof(definitionId)),
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Execute_FollowsTheApplicantRule(string definitionId, string user, string which, bool allowed)
    {
        var client = await app.ClientAsync(user);
        var before = await StartPermissionTests.StartedByAsync(app, definitionId, user);

        using var response = await client.PostAsJsonAsync($"/elsa/api/workflow-definitions/{definitionId}/execute", new { input = Input(definitionId, user, which) });

        if (allowed)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Headers.Contains("x-elsa-workflow-instance-id"));
            return;
        }
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = (await CrossSiteTests.ProblemAsync(response))["detail"]!.GetValue<string>();
        Assert.Matches("[\u4e00-\u9fff]", detail); // Chinese for a zh-CN reader
        Assert.Equal(before, await StartPermissionTests.StartedByAsync(app, definitionId, user));
    }

    [Fact]
    public async Task Dispatch_IsHeldToTheSameRule()
    {
        var chair = await app.ClientAsync("zhuwei1");
        var before = await StartPermissionTests.StartedByAsync(app, "p4-activity-approval", "zhuwei1");

        using var refused = await chair.PostAsJsonAsync("/elsa/api/workflow-definitions/p4-activity-approval/dispatch", new { input = Activity(Neurology, "派发：神经内科沙龙") });

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("心血管内科分会", (await CrossSiteTests.ProblemAsync(refused))["detail"]!.GetValue<string>());
        Assert.Equal(before, await StartPermissionTests.StartedByAsync(app, "p4-activity-approval", "zhuwei1"));
    }

    [Fact]
    public async Task TheRefusal_IsInEnglish_ForAnEnglishReader()
    {
        var chair = await app.ClientAsync("zhuwei2");

        using var refused = await chair.PostAsJsonAsync("/elsa/api/workflow-definitions/p4-activity-approval/execute?lang=en", new { input = Activity(Cardiology, "English reader") });

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var detail = (await CrossSiteTests.ProblemAsync(refused))["detail"]!.GetValue<string>();
        Assert.Contains("only for the branches they chair", detail, StringComparison.Ordinal);
        Assert.Contains("连锁（个体）中医诊所分会", detail, StringComparison.Ordinal); // the branch's own name
    }

    [Fact]
    public async Task TheMemberUnitRole_IsHeldToTheUnitOfTheUsersPerson_AndAnUnlinkedAccountToNone()
    {
        // The unit comes from the register at the start, not from the token: any user given the role is held to it.
        await app.ClientAsync();
        await SetRolesAsync("zhuanjia1", "expert", "memberUnit"); // 何文斌 of 重庆渝北安康医院
        await SetRolesAsync("changwu1", "standingCouncil", "memberUnit"); // no person in the register
        try
        {
            var expert = await app.ClientAsync("zhuanjia1");
            var unlinked = await app.ClientAsync("changwu1");
            using var own = await expert.PostAsJsonAsync("/elsa/api/workflow-definitions/integrity-pledge/execute",
                new { input = new { MemberUnitId = "b7988dfc-5629-5ccc-a5c2-d1bf55fb7f8f", SignatoryName = "何文斌" } });
            using var other = await expert.PostAsJsonAsync("/elsa/api/workflow-definitions/integrity-pledge/execute",
                new { input = new { MemberUnitId = Huiyuan1Clinic, SignatoryName = "何文斌" } });
            using var none = await unlinked.PostAsJsonAsync("/elsa/api/workflow-definitions/integrity-pledge/execute",
                new { input = new { MemberUnitId = Huiyuan1Clinic, SignatoryName = "曾宪文" } });

            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, none.StatusCode);
            Assert.Contains("未关联会员单位", (await CrossSiteTests.ProblemAsync(none))["detail"]!.GetValue<string>());
        }
        finally
        {
            await SetRolesAsync("zhuanjia1", "expert");
            await SetRolesAsync("changwu1", "standingCouncil");
        }
    }

    private async Task SetRolesAsync(string user, params string[] roles)
    {
        await using var scope = app.Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<Workflows.Runtime.Identity.UserAccounts>().SetRolesAsync(user, roles));
    }

    [Fact]
    public async Task TheStartForm_RefusesAnotherBranch_WithTheReason_AndStartsNothing()
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await app.ClientAsync();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await WorkflowsApp.TokenAsync(client, "zhuwei2"));
        var form = await client.GetStringAsync("/processes/activity");
        var before = await StartPermissionTests.StartedByAsync(app, "p4-activity-approval", "zhuwei2");

        using var response = await client.PostAsync("/processes/activity?handler=Submit", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Elsa.Support.PageSession.Token(form),
            ["BranchId"] = Cardiology, ["Type"] = "meeting", ["Title"] = "借用他人分会名义的沙龙",
            ["StartsAt"] = Beijing(30), ["EndsAt"] = Beijing(31),
            ["Budget"] = "1000",
        }));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("id=\"form-error\"", html, StringComparison.Ordinal);
        Assert.Contains("主任委员只能为本人担任主委的分会", html, StringComparison.Ordinal);
        Assert.Equal(before, await StartPermissionTests.StartedByAsync(app, "p4-activity-approval", "zhuwei2"));
        Assert.False(await QueryAsync(db => db.Set<ActivityApplication>().AnyAsync(a => a.Title == "借用他人分会名义的沙龙")));
    }

    [Fact]
    public async Task MeOrganisation_NamesTheUnitAndTheChairedBranches()
    {
        var chair = await (await app.ClientAsync("zhuwei1")).GetFromJsonAsync<JsonObject>("/api/me/organisation");
        var member = await (await app.ClientAsync("huiyuan1")).GetFromJsonAsync<JsonObject>("/api/me/organisation");
        var secretary = await (await app.ClientAsync("mishu1")).GetFromJsonAsync<JsonObject>("/api/me/organisation");
        using var anonymous = await (await app.ClientAsync()).GetAsync("/api/me/organisation");

        Assert.Equal(Cardiology, chair!["branches"]![0]!["id"]!.GetValue<string>());
        Assert.Equal("重庆心康心血管病医院", chair["memberUnit"]!["name"]!.GetValue<string>());
        Assert.Equal(Huiyuan1Clinic, member!["memberUnit"]!["id"]!.GetValue<string>());
        Assert.Empty(member["branches"]!.AsArray());
        Assert.Null(secretary!["memberUnit"]);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    private static string Beijing(int days) =>
        TimeProvider.System.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).AddDays(days).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<T> QueryAsync<T>(Func<Workflows.Runtime.Persistence.WorkflowsDbContext, Task<T>> query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<Workflows.Runtime.Persistence.WorkflowsDbContext>());
    }
}
