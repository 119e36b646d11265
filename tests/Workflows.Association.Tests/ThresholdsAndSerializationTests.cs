using System.Text.Json;
using System.Text.Json.Nodes;
using Workflows.Association.Domain;
using Workflows.Association.Rules;
using static Workflows.Association.Tests.TestData;

namespace Workflows.Association.Tests;

public class ThresholdsAndSerializationTests
{
    private static string ThresholdsFile => Path.Combine(SeedsPath, "rule-thresholds.json");

    [Fact]
    public void ThresholdsFile_Loaded_EqualsCodeDefaults()
    {
        var fromFile = RuleThresholds.Load(ThresholdsFile);

        Assert.Equal(RuleThresholds.Default, fromFile);
    }

    [Fact]
    public void ThresholdsFile_PropertyNames_ListEveryThreshold()
    {
        // A number left out of the file would silently keep its default; the secretariat should see them all.
        var names = JsonNode.Parse(File.ReadAllText(ThresholdsFile))!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal).ToArray();
        var expected = JsonNode.Parse(RuleThresholds.Default.ToJson())!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(expected, names);
    }

    [Fact]
    public void ThresholdsDefaults_Values_HoldTheDocumentsNumbers()
    {
        var t = RuleThresholds.Default;

        Assert.Equal(50, t.MaxBranches);
        Assert.Equal(35, t.SecondLevelDisciplineMinUnits);
        Assert.Equal((121, 151), (t.ClinicCommitteeMinSize, t.ClinicCommitteeMaxSize));
        Assert.Equal(38, t.DistrictCount);
        Assert.Equal((3_000_000m, 5_000_000m, 5_000_000m), (t.MemberMinAvgRevenueCny, t.ViceChairMinAvgRevenueCny, t.ChairMinAvgRevenueCny));
        Assert.Equal((5m, 300m, 5m), (t.MinPracticeYears, t.MinClinicAreaSqm, t.MinLeaseYears));
        Assert.Equal((3, 5, 5), (t.MemberInspectionYears, t.ViceChairInspectionYears, t.ChairInspectionYears));
        Assert.Equal((ProfessionalTitle.AssociateSenior, 5), (t.ExpertMinTitle, t.ExpertMinTitleYears));
        Assert.Equal((2m, 5m), (t.SponsorFeeReductionPerExcellentYear, t.SponsorFeeMaxReduction));
        Assert.Equal(6, t.BadPracticeWarningPoints);
        Assert.Equal(3, t.InsuranceFraudBanYears);
        Assert.Equal((12, 15), (t.AnnualReportDueMonth, t.AnnualReportDueDay));
        Assert.Equal(3, t.LeaderUnitTermYears);
        Assert.Equal(5, t.PartyBranchCommitteeSize);
    }

    [Fact]
    public void ThresholdsFromJson_ChangedNumber_ChangesRuleOutcome()
    {
        var t = RuleThresholds.FromJson("""{"clinicCommitteeMaxSize": 160}""");

        Assert.Equal(160, t.ClinicCommitteeMaxSize);
        Assert.Equal(121, t.ClinicCommitteeMinSize);
        Assert.True(BranchFoundingRules.Check(ClinicBranch(committeeSize: 152), Context(), t).Eligible);
    }

    [Fact]
    public void ThresholdsFromJson_UnknownName_Rejected()
    {
        var ex = Assert.Throws<InvalidDataException>(() => RuleThresholds.FromJson("""{"clinicComitteeMaxSize": 160}"""));

        Assert.Contains("clinicComitteeMaxSize", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"clinicCommitteeMinSize": 160}""", "clinicCommitteeMaxSize")]
    [InlineData("""{"maxBranches": 0}""", "maxBranches")]
    [InlineData("""{"annualReportDueMonth": 2, "annualReportDueDay": 30}""", "annualReportDueDay")]
    [InlineData("""{"expertMinTitle": "doctor"}""", "expertMinTitle")]
    public void ThresholdsFromJson_InconsistentValues_Rejected(string json, string named)
    {
        var ex = Assert.Throws<InvalidDataException>(() => RuleThresholds.FromJson(json));

        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ThresholdsLoadOrDefault_MissingFile_ReturnsDefaults()
    {
        Assert.Same(RuleThresholds.Default, RuleThresholds.LoadOrDefault(Path.Combine(SeedsPath, "no-such-file.json")));
    }

    [Fact]
    public void RuleCheckResult_Serialises_ToExactContractShape()
    {
        var result = BranchFoundingRules.Check(ClinicBranch(committeeSize: 120), Context(), T);

        // Plain serializer options on purpose: the contract must not depend on the caller's naming policy.
        var json = JsonNode.Parse(JsonSerializer.Serialize(result))!.AsObject();

        Assert.Equal(new[] { "eligible", "rules" }, json.Select(p => p.Key).ToArray());
        Assert.False(json["eligible"]!.GetValue<bool>());
        var rule = json["rules"]!.AsArray().Select(r => r!.AsObject()).Single(r => r["rule"]!.GetValue<string>() == "clinicBranch.committeeSize");
        Assert.Equal(new[] { "rule", "source", "kind", "passed", "message", "messageEn" }, rule.Select(p => p.Key).ToArray());
        Assert.Equal("000 §4.2.2", rule["source"]!.GetValue<string>());
        Assert.Equal("hard", rule["kind"]!.GetValue<string>());
        Assert.False(rule["passed"]!.GetValue<bool>());
        Assert.Equal("委员会人数 120 人，应在 121–151 人之间", rule["message"]!.GetValue<string>());
    }

    [Fact]
    public void RuleCheckResult_Serialised_KindsAreLowerCaseStrings()
    {
        var result = CheckOfficeHolder(OfficePosition.Chair, c => c with { PartyMember = false });

        var kinds = JsonNode.Parse(JsonSerializer.Serialize(result))!["rules"]!.AsArray()
            .Select(r => r!["kind"]!.GetValue<string>()).Distinct().Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(new[] { "confirm", "hard", "soft" }, kinds);
    }

    [Fact]
    public void RuleCheckResult_SerialisedAndRead_RoundTrips()
    {
        var result = CheckOfficeHolder(OfficePosition.Member, c => c with { LeaseYears = 2 });

        var back = JsonSerializer.Deserialize<RuleCheckResult>(JsonSerializer.Serialize(result))!;

        Assert.False(back.Eligible);
        Assert.Equal(result.Rules, back.Rules);
    }

    [Fact]
    public void AssessmentGradeResult_Serialised_GradeBesideContract()
    {
        var json = JsonNode.Parse(JsonSerializer.Serialize(AssessmentRules.Grade(new AssessmentScores(95, 95, 95), T)))!.AsObject();

        Assert.Equal(new[] { "eligible", "rules", "grade" }, json.Select(p => p.Key).ToArray());
        Assert.Equal("excellent", json["grade"]!.GetValue<string>());
    }
}
