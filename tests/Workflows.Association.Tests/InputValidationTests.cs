using System.Text.Json;
using System.Text.Json.Nodes;
using Workflows.Association.Domain;
using Workflows.Association.Rules;
using Workflows.Association.Rules.Validation;
using static Workflows.Association.Tests.TestData;

namespace Workflows.Association.Tests;

public class InputValidationTests
{
    private const string ValidOfficeHolder = """
        {
          "position": "viceChair",
          "candidate": {
            "licensedPhysician": true, "practiceYears": 8, "clinicAreaSqm": 420.5, "leaseYears": 10,
            "inspectionPassedYears": 5, "avgRevenue2019To2021": 6200000, "badCreditRecord": false,
            "signedIntegrityPledge": true, "title": "associateSenior", "richManagementExperience": false,
            "partyMember": true, "divisionLevelHealthAdminExperience": false
          }
        }
        """;

    private static JsonObject OfficeHolderWith(Action<JsonObject> change)
    {
        var node = JsonNode.Parse(ValidOfficeHolder)!.AsObject();
        change(node);
        return node;
    }

    private static string Errors<T>(InputParseResult<T> result)
        where T : class => string.Join(" | ", result.Errors);

    [Fact]
    public void ParseOfficeHolder_ValidBody_ReturnsTypedInput()
    {
        var result = RuleInputParser.ParseOfficeHolder(JsonNode.Parse(ValidOfficeHolder));

        Assert.True(result.IsValid, Errors(result));
        Assert.Equal(OfficePosition.ViceChair, result.Value!.Position);
        Assert.Equal(420.5m, result.Value.Candidate.ClinicAreaSqm);
        Assert.Equal(6_200_000m, result.Value.Candidate.AvgRevenue2019To2021);
        Assert.Equal(ProfessionalTitle.AssociateSenior, result.Value.Candidate.Title);
        Assert.True(OfficeHolderRules.Check(result.Value, T).Eligible);
    }

    [Fact]
    public void ParseOfficeHolder_JsonElement_SameAsNode()
    {
        using var doc = JsonDocument.Parse(ValidOfficeHolder);

        var result = RuleInputParser.ParseOfficeHolder(doc.RootElement);

        Assert.True(result.IsValid, Errors(result));
        Assert.Equal(5, result.Value!.Candidate.InspectionPassedYears);
    }

    [Fact]
    public void ParseOfficeHolder_NegativePracticeYears_ReportsFieldPath()
    {
        var body = OfficeHolderWith(o => o["candidate"]!["practiceYears"] = -1);

        var result = RuleInputParser.ParseOfficeHolder(body);

        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.Equal("candidate.practiceYears: 必须为非负数", error.ToString());
    }

    [Fact]
    public void ParseOfficeHolder_WrongTypes_OneMessagePerField()
    {
        var body = OfficeHolderWith(o =>
        {
            o["candidate"]!["practiceYears"] = "five";
            o["candidate"]!["licensedPhysician"] = "yes";
            o["candidate"]!["inspectionPassedYears"] = 2.5;
            o["candidate"]!["title"] = 3;
        });

        var result = RuleInputParser.ParseOfficeHolder(body);

        var byPath = result.ToErrorDictionary();
        Assert.Equal(4, byPath.Count);
        Assert.Equal("必须为数字", Assert.Single(byPath["candidate.practiceYears"]));
        Assert.Equal("必须为布尔值（true 或 false）", Assert.Single(byPath["candidate.licensedPhysician"]));
        Assert.Equal("必须为非负整数", Assert.Single(byPath["candidate.inspectionPassedYears"]));
        Assert.StartsWith("必须为字符串", Assert.Single(byPath["candidate.title"]), StringComparison.Ordinal);
        Assert.Null(result.Value);
    }

    [Fact]
    public void ParseOfficeHolder_UnknownPosition_ListsAllowedValues()
    {
        var body = OfficeHolderWith(o => o["position"] = "secretary");

        var result = RuleInputParser.ParseOfficeHolder(body);

        var error = Assert.Single(result.Errors);
        Assert.Equal("position", error.Path);
        Assert.Equal("取值“secretary”无效，应为以下之一：member, standing, viceChair, chair", error.Message);
    }

    [Fact]
    public void ParseOfficeHolder_UnknownTitle_Reported()
    {
        var body = OfficeHolderWith(o => o["candidate"]!["title"] = "professor");

        var result = RuleInputParser.ParseOfficeHolder(body);

        Assert.Equal("candidate.title", Assert.Single(result.Errors).Path);
    }

    [Fact]
    public void ParseOfficeHolder_MissingAndNullFields_ReportedAsRequired()
    {
        var body = OfficeHolderWith(o =>
        {
            o["candidate"]!.AsObject().Remove("leaseYears");
            o["candidate"]!["avgRevenue2019To2021"] = null;
        });

        var result = RuleInputParser.ParseOfficeHolder(body);

        Assert.Equal(
            new[] { "candidate.leaseYears: 必填", "candidate.avgRevenue2019To2021: 必填" },
            result.Errors.Select(e => e.ToString()).ToArray());
    }

    [Fact]
    public void ParseOfficeHolder_MemberWithoutTitleOrPartyMembership_IsValid()
    {
        var body = OfficeHolderWith(o =>
        {
            o["position"] = "member";
            o["candidate"]!.AsObject().Remove("title");
            o["candidate"]!.AsObject().Remove("partyMember");
        });

        var result = RuleInputParser.ParseOfficeHolder(body);

        Assert.True(result.IsValid, Errors(result));
        Assert.Equal(ProfessionalTitle.None, result.Value!.Candidate.Title);
    }

    [Fact]
    public void ParseOfficeHolder_ChairWithoutTitle_Reported()
    {
        var body = OfficeHolderWith(o =>
        {
            o["position"] = "chair";
            o["candidate"]!.AsObject().Remove("title");
        });

        var result = RuleInputParser.ParseOfficeHolder(body);

        Assert.Equal("candidate.title", Assert.Single(result.Errors).Path);
    }

    [Fact]
    public void ParseOfficeHolder_CandidateNotAnObject_Reported()
    {
        var result = RuleInputParser.ParseOfficeHolder(JsonNode.Parse("""{"position":"member","candidate":[1,2]}"""));

        Assert.Equal("candidate: 必须为对象", Assert.Single(result.Errors).ToString());
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("null")]
    public void ParseOfficeHolder_BodyNotAnObject_ReportedAtRoot(string json)
    {
        var result = RuleInputParser.ParseOfficeHolder(JsonNode.Parse(json));

        Assert.Equal("$", Assert.Single(result.Errors).Path);
    }

    [Fact]
    public void ParseOfficeHolder_HugeNumber_ReportedAsOutOfRange()
    {
        var result = RuleInputParser.ParseOfficeHolder(JsonNode.Parse(ValidOfficeHolder.Replace("6200000", "1e400", StringComparison.Ordinal)));

        Assert.Equal("candidate.avgRevenue2019To2021: 数值超出范围", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void ParseOfficeHolder_UnknownProperty_Ignored()
    {
        var body = OfficeHolderWith(o => o["note"] = "from the task form");

        Assert.True(RuleInputParser.ParseOfficeHolder(body).IsValid);
    }

    [Fact]
    public void ParseBranchFounding_ValidClinicBody_ReturnsTypedInput()
    {
        var body = JsonNode.Parse("""
            {"kind":"clinic","clinicCategory":"tcm","fundingCommitment":true,
             "committee":{"size":135,"districtsCovered":38,"standingMembersPerDistrict":1}}
            """);

        var result = RuleInputParser.ParseBranchFounding(body, T);

        Assert.True(result.IsValid, Errors(result));
        Assert.Equal(ClinicCategory.Tcm, result.Value!.ClinicCategory);
        Assert.Equal(135, result.Value.Committee!.Size);
    }

    [Fact]
    public void ParseBranchFounding_ValidAcademicBody_ReturnsTypedInput()
    {
        var body = JsonNode.Parse("""
            {"kind":"academic","secondLevelDiscipline":true,"unitsWithDepartment":36,
             "chairUnit":{"grade":"grade2A","municipalKeySpecialty":true},
             "chairPerson":{"title":"associateSenior","professor":true},"fundingCommitment":true}
            """);

        var result = RuleInputParser.ParseBranchFounding(body, T);

        Assert.True(result.IsValid, Errors(result));
        Assert.Equal(HospitalGrade.Grade2A, result.Value!.ChairUnit!.Grade);
        Assert.True(result.Value.ChairUnit.MunicipalKeySpecialty);
        Assert.True(result.Value.ChairPerson!.Professor);
        Assert.Equal(36, result.Value.UnitsWithDepartment);
    }

    [Fact]
    public void ParseBranchFounding_ClinicWithErrors_OneMessagePerNestedField()
    {
        var body = JsonNode.Parse("""
            {"kind":"clinic","clinicCategory":"pharmacy","fundingCommitment":"true",
             "committee":{"size":-3,"districtsCovered":40}}
            """);

        var result = RuleInputParser.ParseBranchFounding(body, T);

        Assert.Equal(
            new[]
            {
                "fundingCommitment",
                "clinicCategory",
                "committee.size",
                "committee.districtsCovered",
                "committee.standingMembersPerDistrict",
            },
            result.Errors.Select(e => e.Path).ToArray());
        Assert.Equal("不能大于 38", result.ToErrorDictionary()["committee.districtsCovered"][0]);
        Assert.Equal("必须为非负整数", result.ToErrorDictionary()["committee.size"][0]);
    }

    [Fact]
    public void ParseBranchFounding_AcademicMissingChairAndUnits_Reported()
    {
        var body = JsonNode.Parse("""{"kind":"academic","secondLevelDiscipline":true,"fundingCommitment":true}""");

        var result = RuleInputParser.ParseBranchFounding(body, T);

        Assert.Equal(new[] { "unitsWithDepartment", "chairUnit", "chairPerson" }, result.Errors.Select(e => e.Path).ToArray());
    }

    [Fact]
    public void ParseBranchFounding_MissingKind_Reported()
    {
        var result = RuleInputParser.ParseBranchFounding(JsonNode.Parse("""{"fundingCommitment":true}"""), T);

        var error = Assert.Single(result.Errors);
        Assert.Equal("kind", error.Path);
        Assert.StartsWith("必填", error.Message, StringComparison.Ordinal);
    }
}
