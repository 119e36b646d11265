using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Workflows.Association.Domain;
using Workflows.Server.Tests.Processes;
using Workflows.Server.Tests.Support;

namespace Workflows.Server.Tests.Pages;

/// <summary>The process pages over real HTTP: start forms with server-side checks, the timeline, the secretariat's views.</summary>
public sealed partial class ProcessPagesTests(WorkflowsApp app) : IClassFixture<WorkflowsApp>
{
    private readonly ProcessDriver _p = new(app);

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    private readonly Dictionary<string, HttpClient> _pageClients = new(StringComparer.Ordinal);

    /// <summary>A signed-in client that does not follow redirects (a followed redirect would drop the bearer token).</summary>
    private async Task<HttpClient> PageClientAsync(string user)
    {
        if (_pageClients.TryGetValue(user, out var client)) return client;
        await app.ClientAsync();
        client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new("Bearer", await WorkflowsApp.TokenAsync(client, user));
        return _pageClients[user] = client;
    }

    private async Task<string> GetAsync(string user, string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var client = await PageClientAsync(user);
        using var response = await client.GetAsync(path);
        Assert.Equal(expected, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Posts a form the way a browser does: the antiforgery token from the page, then the fields.</summary>
    private async Task<HttpResponseMessage> PostFormAsync(string user, string path, string? handler, Dictionary<string, string> fields)
    {
        var client = await PageClientAsync(user);
        var page = await GetAsync(user, path);
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = TokenPattern().Match(page).Groups[1].Value };
        return await client.PostAsync(handler is null ? path : $"{path}?handler={handler}", new FormUrlEncodedContent(form));
    }

    private static string InstanceIdAfterRedirect(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var path = response.Headers.Location!.ToString();
        Assert.StartsWith("/processes/instances/", path, StringComparison.Ordinal);
        return Uri.UnescapeDataString(path["/processes/instances/".Length..]);
    }

    private static Dictionary<string, string> Founding(string name) => new()
    {
        ["Kind"] = "academic",
        ["Name"] = name,
        ["Discipline"] = "老年心血管病学",
        ["ChairUnitId"] = P1BranchFoundingTests.RenjiHospital,
        ["ChairPersonId"] = P1BranchFoundingTests.HeWenbin,
        ["FundingCommitment"] = "true",
        ["Evidence"] = "会员单位意向书",
    };

    [Fact]
    public async Task FoundingPage_CheckThenSubmit_RulesShownAndApplicantFollowsTheTimeline()
    {
        var html = await GetAsync("huiyuan3", "/processes/founding");
        Assert.Contains("分会成立申请", html, StringComparison.Ordinal);
        // A member unit applies for itself: the chair-unit picker starts with its unit; no register of ids in the page.
        Assert.Contains($"name=\"ChairUnitId\" value=\"{P1BranchFoundingTests.RenjiHospital}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<datalist", html, StringComparison.Ordinal);

        // Field errors come back per field, nothing starts.
        using var bad = await PostFormAsync("huiyuan3", "/processes/founding", "Check", new() { ["Kind"] = "academic", ["FundingCommitment"] = "true" });
        var badHtml = await bad.Content.ReadAsStringAsync();
        Assert.Contains("data-field=\"name\"", badHtml, StringComparison.Ordinal);
        Assert.Contains("data-field=\"discipline\"", badHtml, StringComparison.Ordinal);
        Assert.Contains(">分会名称：", badHtml, StringComparison.Ordinal); // the field as the form names it, not "name"
        Assert.DoesNotContain(">name：", badHtml, StringComparison.Ordinal);

        using var check = await PostFormAsync("huiyuan3", "/processes/founding", "Check", Founding("老年心血管病分会"));
        var checkHtml = await check.Content.ReadAsStringAsync();
        Assert.Contains("data-rule=\"branch.cap\"", checkHtml, StringComparison.Ordinal);
        Assert.Contains("001 §8", checkHtml, StringComparison.Ordinal);
        Assert.Equal(0, await _p.QueryAsync(db => db.Set<FoundingApplication>().CountAsync(a => a.ProposedName == "老年心血管病分会")));

        using var submit = await PostFormAsync("huiyuan3", "/processes/founding", "Submit", Founding("老年心血管病分会"));
        Assert.Equal(HttpStatusCode.Redirect, submit.StatusCode);
        var location = submit.Headers.Location!.ToString();
        Assert.StartsWith("/processes/instances/", location, StringComparison.Ordinal);
        var instanceId = location["/processes/instances/".Length..];
        Assert.Equal("huiyuan3", (await _p.InstanceAsync(instanceId)).InitiatedBy);

        await _p.ActAsync(instanceId, "completeness", "mishu1", "Accept", new { materialsComplete = true }, "材料齐全");
        var timeline = await GetAsync("huiyuan3", location);
        Assert.Contains("老年心血管病分会", timeline, StringComparison.Ordinal);
        Assert.Contains("完整性审查：老年心血管病分会", timeline, StringComparison.Ordinal);
        Assert.Contains("受理", timeline, StringComparison.Ordinal);
        Assert.Contains("材料齐全", timeline, StringComparison.Ordinal);
        Assert.Contains("调研：老年心血管病分会", timeline, StringComparison.Ordinal); // what it waits for now
        Assert.Contains("id=\"waiting\"", timeline, StringComparison.Ordinal);

        // The applicant's list links it; a stranger cannot see it; the secretariat can.
        Assert.Contains(location, await GetAsync("huiyuan3", "/processes"), StringComparison.Ordinal);
        await GetAsync("huiyuan2", location, HttpStatusCode.NotFound);
        await GetAsync("mishu2", location);
    }

    [Fact]
    public async Task FoundingPage_HardRuleFails_RefusedWithTheReasonAndNothingStarts()
    {
        var before = await _p.QueryAsync(db => db.Instances.CountAsync());
        using var response = await PostFormAsync("huiyuan2", "/processes/founding", "Submit", new()
        {
            ["Kind"] = "clinic", ["Name"] = "连锁（个体）美容诊所分会", ["ClinicCategory"] = "cosmetic", ["FundingCommitment"] = "true",
            ["CommitteeSize"] = "130", ["DistrictsCovered"] = "38", ["StandingMembersPerDistrict"] = "1",
        });

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("id=\"form-error\"", html, StringComparison.Ordinal);
        Assert.Contains("整形与美容分会", html, StringComparison.Ordinal);
        Assert.Equal(before, await _p.QueryAsync(db => db.Instances.CountAsync()));
    }

    [Fact]
    public async Task ActivityPage_StartInThePast_CheckShowsTheRule_SubmitStartsP4ForTheChairsBranch()
    {
        var form = await GetAsync("zhuwei1", "/processes/activity");
        Assert.Contains($"name=\"BranchId\" value=\"{P4ActivityApprovalTests.Cardiology}\"", form, StringComparison.Ordinal); // the picker holds the chair's branch

        using var past = await PostFormAsync("zhuwei1", "/processes/activity", "Check", new()
        {
            ["BranchId"] = P4ActivityApprovalTests.Cardiology, ["Type"] = "meeting", ["Title"] = "病例讨论会", ["StartsAt"] = "2020-01-01T09:00", ["EndsAt"] = "2020-01-01T12:00",
        });
        var pastHtml = await past.Content.ReadAsStringAsync();
        Assert.Contains("data-rule=\"activity.startsInFuture\"", pastHtml, StringComparison.Ordinal);
        Assert.Contains("不符合硬性条件", pastHtml, StringComparison.Ordinal);

        var starts = TimeProvider.System.GetUtcNow().AddDays(20).ToOffset(TimeSpan.FromHours(8));
        using var submit = await PostFormAsync("zhuwei1", "/processes/activity", "Submit", new()
        {
            ["BranchId"] = P4ActivityApprovalTests.Cardiology, ["Type"] = "meeting", ["Title"] = "心电图读图培训",
            ["StartsAt"] = starts.ToString("yyyy-MM-ddTHH:mm"), ["EndsAt"] = starts.AddHours(3).ToString("yyyy-MM-ddTHH:mm"),
            ["Budget"] = "8000", ["InvolvesFunds"] = "true",
        });
        var id = InstanceIdAfterRedirect(submit);
        var application = await _p.QueryAsync(db => db.Set<ActivityApplication>().SingleAsync(a => a.WorkflowInstanceId == id));
        Assert.Equal("心电图读图培训", application.Title);
        Assert.Equal(starts.UtcDateTime, application.StartsAtUtc, TimeSpan.FromMinutes(1));
        await _p.TaskAsync(id, "completeness");
    }

    [Fact]
    public async Task QualityReviewPage_Submit_StartsP5ForTheMembersInstitution()
    {
        var form = await GetAsync("huiyuan2", "/processes/quality-review");
        Assert.Contains("name=\"InstitutionId\" value=\"ba94779b-a3be-5d19-9642-b780859b097d\"", form, StringComparison.Ordinal);
        using var submit = await PostFormAsync("huiyuan2", "/processes/quality-review", "Submit", new()
        {
            ["InstitutionId"] = "ba94779b-a3be-5d19-9642-b780859b097d", ["Kind"] = "star", ["Description"] = "申报服务能力星级评价",
        });
        var id = InstanceIdAfterRedirect(submit);
        Assert.Equal(QualityReviewKind.Star, (await _p.QueryAsync(db => db.Set<QualityReviewApplication>().SingleAsync(a => a.WorkflowInstanceId == id))).Kind);
    }

    [Fact]
    public async Task InstancesPage_SecretariatOnly_ShowsWaitingTasksAndOverdue()
    {
        var id = await _p.StartAsync("mishu1", "p2-party-branch-setup", new { BranchId = "5e6e85c4-a17e-532e-a0e3-2f085ddcc9cb" });

        var html = await GetAsync("mishu2", "/instances");
        Assert.Contains($"data-instance=\"{id}\"", html, StringComparison.Ordinal);
        Assert.Contains("提名特设党支部委员：儿科分会", html, StringComparison.Ordinal);
        Assert.Contains("角色：秘书处", html, StringComparison.Ordinal);
        Assert.Contains("data-process=\"p2-party-branch-setup\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"counts\"", html, StringComparison.Ordinal);

        var client = await PageClientAsync("huiyuan1");
        using var forbidden = await client.GetAsync("/instances");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Fact]
    public async Task RegistryPages_ListAndEditBranch_ChangeNeedsAReasonAndIsRecorded()
    {
        const string Dermatology = "975b3540-1327-5d9f-bbed-d6df7b0eacb6";
        var list = await GetAsync("mishu1", "/registry/branches");
        Assert.Contains("心血管内科分会", list, StringComparison.Ordinal);
        Assert.Contains("id=\"cap\"", list, StringComparison.Ordinal);
        var cardiology = await GetAsync("mishu1", "/registry/branches/769234c5-949b-5e7c-a024-de67e2094594");
        Assert.Contains("data-year=\"2023\"", cardiology, StringComparison.Ordinal);
        Assert.Contains("id=\"party-branch\"", cardiology, StringComparison.Ordinal);

        var chairUnit = (await _p.QueryAsync(db => db.Set<Branch>().SingleAsync(b => b.Id == Dermatology))).ChairUnitId ?? "";
        using var noReason = await PostFormAsync("mishu1", $"/registry/branches/{Dermatology}", null, new() { ["Status"] = "Suspended", ["Published"] = "true", ["ChairUnitId"] = chairUnit });
        Assert.Contains("须填写理由", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(BranchStatus.Active, (await _p.QueryAsync(db => db.Set<Branch>().SingleAsync(b => b.Id == Dermatology))).Status);

        using var withReason = await PostFormAsync("mishu1", $"/registry/branches/{Dermatology}", null, new() { ["Status"] = "Suspended", ["Published"] = "true", ["ChairUnitId"] = chairUnit, ["Reason"] = "主任委员单位停业整顿" });
        Assert.Equal(HttpStatusCode.Redirect, withReason.StatusCode);
        Assert.Equal(BranchStatus.Suspended, (await _p.QueryAsync(db => db.Set<Branch>().SingleAsync(b => b.Id == Dermatology))).Status);
        Assert.Contains("主任委员单位停业整顿", await GetAsync("mishu1", $"/registry/branches/{Dermatology}"), StringComparison.Ordinal);

        Assert.Contains("重庆渝北安康医院", await GetAsync("mishu1", "/registry/units?q=安康"), StringComparison.Ordinal);
        Assert.Contains("何文斌", await GetAsync("mishu1", "/registry/experts"), StringComparison.Ordinal);
        Assert.Contains("张宏伟", await GetAsync("mishu1", "/registry/people?q=张宏伟"), StringComparison.Ordinal);
        await GetAsync("huiyuan1", "/registry/branches", HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task RegistryPages_EditPerson_ValidatedAndSaved()
    {
        const string ZhangHongwei = P1BranchFoundingTests.ZhangHongwei;
        using var bad = await PostFormAsync("mishu1", $"/registry/people/{ZhangHongwei}", null, new() { ["Name"] = "张宏伟", ["Title"] = "Senior", ["TitleYear"] = "2999" });
        Assert.Contains("职称取得年份须在", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var ok = await PostFormAsync("mishu1", $"/registry/people/{ZhangHongwei}", null, new()
        {
            ["Name"] = "张宏伟", ["Title"] = "Senior", ["TitleName"] = "主任医师", ["TitleYear"] = "2014", ["PracticeStartYear"] = "1992",
            ["LicensedPhysician"] = "true", ["PartyMember"] = "true", ["Professor"] = "true", ["Supervisor"] = "false", ["Email"] = "zhang@example.org",
        });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var person = await _p.QueryAsync(db => db.Set<Person>().SingleAsync(p => p.Id == ZhangHongwei));
        Assert.False(person.Supervisor);
        Assert.Equal("zhang@example.org", person.Email);
    }
}
