using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Association.Domain;
using Workflows.Runtime.Persistence;
using Workflows.Server.Tests.Support;

namespace Workflows.Server.Tests.Api;

/// <summary>POST /api/rules/office-holder-check and /api/rules/branch-founding-check over HTTP: results, boundaries, 400 per field.</summary>
public sealed class RuleCheckEndpointTests(WorkflowsApp app) : IClassFixture<WorkflowsApp>
{
    private static object Member(decimal revenue = 3_000_000m, decimal practiceYears = 5) => new
    {
        position = "member",
        candidate = new
        {
            licensedPhysician = true, practiceYears, clinicAreaSqm = 300, leaseYears = 5, inspectionPassedYears = 3,
            avgRevenue2019To2021 = revenue, badCreditRecord = false, signedIntegrityPledge = true,
        },
    };

    private static object Clinic(int size, string category = "western") => new
    {
        kind = "clinic", clinicCategory = category, fundingCommitment = true,
        committee = new { size, districtsCovered = 38, standingMembersPerDistrict = 1 },
    };

    private async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(string path, object body, string user = "mishu1")
    {
        var client = await app.ClientAsync(user);
        using var response = await client.PostAsJsonAsync(path, body);
        return (response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonObject>())!);
    }

    private static JsonObject Rule(JsonObject result, string name) =>
        result["rules"]!.AsArray().Select(r => r!.AsObject()).Single(r => r["rule"]!.GetValue<string>() == name);

    [Fact]
    public async Task OfficeHolderCheck_MemberAtEveryThreshold_EligibleWithNamedSourcedRules()
    {
        var (status, body) = await PostAsync("/api/rules/office-holder-check", Member(), "huiyuan1");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body["eligible"]!.GetValue<bool>());
        var revenue = Rule(body, "officeHolder.averageRevenue");
        Assert.Equal("000 §4.3.1(4)", revenue["source"]!.GetValue<string>());
        Assert.Equal("hard", revenue["kind"]!.GetValue<string>());
        Assert.True(revenue["passed"]!.GetValue<bool>());
        Assert.Contains("3,000,000", revenue["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(body["rules"]!.AsArray(), r => r!["kind"]!.GetValue<string>() == "confirm");
    }

    [Theory]
    [InlineData(2_999_999, 5, false, "officeHolder.averageRevenue")]
    [InlineData(3_000_000, 5, true, "officeHolder.averageRevenue")]
    [InlineData(3_000_000, 4, false, "officeHolder.practiceYears")]
    [InlineData(3_000_000, 5, true, "officeHolder.practiceYears")]
    public async Task OfficeHolderCheck_Boundaries_DecideEligibility(int revenue, int years, bool eligible, string rule)
    {
        var (status, body) = await PostAsync("/api/rules/office-holder-check", Member(revenue, years));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(eligible, body["eligible"]!.GetValue<bool>());
        Assert.Equal(eligible, Rule(body, rule)["passed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task OfficeHolderCheck_ViceChairNotPartyMember_SoftWarningStaysEligible()
    {
        var (_, body) = await PostAsync("/api/rules/office-holder-check", new
        {
            position = "viceChair",
            candidate = new
            {
                licensedPhysician = true, practiceYears = 10, clinicAreaSqm = 500, leaseYears = 8, inspectionPassedYears = 5,
                avgRevenue2019To2021 = 5_000_000, badCreditRecord = false, signedIntegrityPledge = true, title = "intermediate", partyMember = false,
            },
        });

        Assert.True(body["eligible"]!.GetValue<bool>());
        var party = Rule(body, "officeHolder.partyMember");
        Assert.Equal("soft", party["kind"]!.GetValue<string>());
        Assert.False(party["passed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task OfficeHolderCheck_MalformedFields_400WithOneMessagePerField()
    {
        var (status, body) = await PostAsync("/api/rules/office-holder-check", new
        {
            position = "boss",
            candidate = new { licensedPhysician = "yes", practiceYears = -1, clinicAreaSqm = 300, leaseYears = 5, inspectionPassedYears = 2.5, badCreditRecord = false, signedIntegrityPledge = true },
        });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var errors = body["errors"]!.AsObject();
        Assert.Contains("position", errors.Select(e => e.Key));
        Assert.Contains("candidate.licensedPhysician", errors.Select(e => e.Key));
        Assert.Contains("candidate.practiceYears", errors.Select(e => e.Key));
        Assert.Contains("candidate.inspectionPassedYears", errors.Select(e => e.Key));
        Assert.Contains("candidate.avgRevenue2019To2021", errors.Select(e => e.Key));
        Assert.Contains("必填", errors["candidate.avgRevenue2019To2021"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RuleChecks_NotJsonOrNotSignedIn_RefusedClearly()
    {
        var client = await app.ClientAsync("mishu1");
        using var notJson = await client.PostAsync("/api/rules/branch-founding-check", new StringContent("{kind: clinic", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Contains("JSON", await notJson.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var empty = await client.PostAsync("/api/rules/office-holder-check", new StringContent("", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);

        var anonymous = await app.ClientAsync();
        using var unauthorized = await anonymous.PostAsJsonAsync("/api/rules/office-holder-check", Member());
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
    }

    [Theory]
    [InlineData(120, false)]
    [InlineData(121, true)]
    [InlineData(151, true)]
    [InlineData(152, false)]
    public async Task BranchFoundingCheck_ClinicCommitteeSize_121To151(int size, bool eligible)
    {
        var (status, body) = await PostAsync("/api/rules/branch-founding-check", Clinic(size));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(eligible, body["eligible"]!.GetValue<bool>());
        Assert.Equal(eligible, Rule(body, "clinicBranch.committeeSize")["passed"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData(34, false)]
    [InlineData(35, true)]
    public async Task BranchFoundingCheck_SecondLevelDiscipline_35Units(int units, bool eligible)
    {
        var (_, body) = await PostAsync("/api/rules/branch-founding-check", new
        {
            kind = "academic", secondLevelDiscipline = true, unitsWithDepartment = units, fundingCommitment = true,
            chairUnit = new { grade = "tertiary" }, chairPerson = new { title = "senior" },
        });

        Assert.Equal(eligible, body["eligible"]!.GetValue<bool>());
        Assert.Equal("001 §9(2)", Rule(body, "academicBranch.secondLevelDisciplineUnits")["source"]!.GetValue<string>());
    }

    [Fact]
    public async Task BranchFoundingCheck_CategoryTakenOrDental_Refused()
    {
        var (_, tcm) = await PostAsync("/api/rules/branch-founding-check", Clinic(130, "tcm"));
        Assert.False(Rule(tcm, "clinicBranch.uniqueCategory")["passed"]!.GetValue<bool>()); // the demo TCM clinic branch exists
        var (_, dental) = await PostAsync("/api/rules/branch-founding-check", Clinic(130, "dental"));
        Assert.Contains("口腔医学分会", Rule(dental, "clinicBranch.category")["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BranchFoundingCheck_MalformedFields_400WithOneMessagePerField()
    {
        var (status, body) = await PostAsync("/api/rules/branch-founding-check", new { kind = "clinic", clinicCategory = "martian", committee = new { size = "many", districtsCovered = 39 } });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var keys = body["errors"]!.AsObject().Select(e => e.Key).ToList();
        Assert.Equal(["clinicCategory", "committee.districtsCovered", "committee.size", "committee.standingMembersPerDistrict", "fundingCommitment"], keys.Order(StringComparer.Ordinal));
    }
}

/// <summary>The cap of 50 counted from the database: its own service, since the test adds branches.</summary>
public sealed class BranchCapEndpointTests(WorkflowsApp app) : IClassFixture<WorkflowsApp>
{
    [Fact]
    public async Task BranchFoundingCheck_FiftiethPassesFiftyFirstFails_CountedFromTheDatabase()
    {
        var client = await app.ClientAsync("mishu1");
        var request = new { kind = "clinic", clinicCategory = "western", fundingCommitment = true, committee = new { size = 130, districtsCovered = 38, standingMembersPerDistrict = 1 } };

        // Bring the register to 49 branches that count (active, under rectification, suspended; merged and dissolved do not).
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            var counting = await db.Set<Branch>().CountAsync(b => b.Status == BranchStatus.Active || b.Status == BranchStatus.UnderRectification || b.Status == BranchStatus.Suspended);
            for (var i = counting; i < 49; i++)
                db.Add(new Branch { Id = $"cap-{i}", Code = $"cap-{i}", Name = $"测试分会{i}", Kind = BranchKind.Academic, Status = BranchStatus.Active });
            db.Add(new Branch { Id = "cap-dissolved", Code = "cap-dissolved", Name = "已撤销测试分会", Kind = BranchKind.Academic, Status = BranchStatus.Dissolved });
            await db.SaveChangesAsync();
        }

        var fiftieth = (await (await client.PostAsJsonAsync("/api/rules/branch-founding-check", request)).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True(fiftieth["eligible"]!.GetValue<bool>());
        var cap = fiftieth["rules"]!.AsArray().Single(r => r!["rule"]!.GetValue<string>() == "branch.cap")!;
        Assert.Contains("第 50 个", cap["message"]!.GetValue<string>(), StringComparison.Ordinal);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            db.Add(new Branch { Id = "cap-50", Code = "cap-50", Name = "测试分会50", Kind = BranchKind.Academic, Status = BranchStatus.Suspended });
            await db.SaveChangesAsync();
        }

        var fiftyFirst = (await (await client.PostAsJsonAsync("/api/rules/branch-founding-check", request)).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.False(fiftyFirst["eligible"]!.GetValue<bool>());
        Assert.Contains("第 51 个", fiftyFirst["rules"]!.AsArray().Single(r => r!["rule"]!.GetValue<string>() == "branch.cap")!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
