using System.Text.Json;
using System.Text.Json.Serialization;
using Workflows.Association.Domain;

namespace Workflows.Association.Rules;

/// <summary>
/// Every number the rules use, with its source. The defaults here are the documents' values and
/// seeds/rule-thresholds.json holds the same values, so the secretariat can change a number in the
/// file without a code change. A property missing from the file keeps its default; an unknown one is
/// an error, so a mistyped name cannot silently fall back to the default.
/// </summary>
public sealed record RuleThresholds
{
    /// <summary>The documents' values.</summary>
    public static RuleThresholds Default { get; } = new();

    // ---- P1 branch founding ----

    /// <summary>At most 50 academic branches (clinic branches included) by 2025 (001 §8).</summary>
    public int MaxBranches { get; init; } = 50;

    /// <summary>A second-level discipline branch needs ≥ 35 units with that department (001 §9(2)).</summary>
    public int SecondLevelDisciplineMinUnits { get; init; } = 35;

    /// <summary>Clinic-branch committee size 121–151 (000 §4.2.2).</summary>
    public int ClinicCommitteeMinSize { get; init; } = 121;

    /// <summary>Clinic-branch committee size 121–151 (000 §4.2.2).</summary>
    public int ClinicCommitteeMaxSize { get; init; } = 151;

    /// <summary>Chongqing's districts and counties the committee should cover (000 §4.2.2).</summary>
    public int DistrictCount { get; init; } = 38;

    /// <summary>Each district recommends 1 member to the standing committee (000 §4.2.2).</summary>
    public int StandingMembersPerDistrict { get; init; } = 1;

    /// <summary>Committee members of the special party branch (000 §4.2.1).</summary>
    public int PartyBranchCommitteeSize { get; init; } = 5;

    // ---- office holders of clinic branches (000 §4.3) ----

    /// <summary>≥ 5 years in the specialty at a medical institution (000 §4.3.1(1)).</summary>
    public decimal MinPracticeYears { get; init; } = 5;

    /// <summary>Clinic floor area ≥ 300 m² (000 §4.3.1(2)).</summary>
    public decimal MinClinicAreaSqm { get; init; } = 300;

    /// <summary>Premises lease ≥ 5 years (000 §4.3.1(2)).</summary>
    public decimal MinLeaseYears { get; init; } = 5;

    /// <summary>Annual inspection passed in each of the last 3 years, member (000 §4.3.1(3)).</summary>
    public int MemberInspectionYears { get; init; } = 3;

    /// <summary>Last 5 years, vice-chair and standing member (000 §4.3.2(3)).</summary>
    public int ViceChairInspectionYears { get; init; } = 5;

    /// <summary>Last 5 years, chair (inherits the vice-chair's conditions, 000 §4.3.3).</summary>
    public int ChairInspectionYears { get; init; } = 5;

    /// <summary>Average annual revenue ≥ 3,000,000 CNY, member (000 §4.3.1(4)).</summary>
    public decimal MemberMinAvgRevenueCny { get; init; } = 3_000_000m;

    /// <summary>≥ 5,000,000 CNY, vice-chair and standing member (000 §4.3.2(5)).</summary>
    public decimal ViceChairMinAvgRevenueCny { get; init; } = 5_000_000m;

    /// <summary>≥ 5,000,000 CNY, chair (000 §4.3.3).</summary>
    public decimal ChairMinAvgRevenueCny { get; init; } = 5_000_000m;

    /// <summary>First year of the revenue average (2019–2021, 000 §4.3.1(4)).</summary>
    public int RevenueFirstYear { get; init; } = 2019;

    /// <summary>Last year of the revenue average.</summary>
    public int RevenueLastYear { get; init; } = 2021;

    /// <summary>Vice-chair/standing: intermediate title or higher, or rich management experience (000 §4.3.2(2)).</summary>
    public ProfessionalTitle ViceChairMinTitle { get; init; } = ProfessionalTitle.Intermediate;

    /// <summary>Chair: full senior title, or division-level health-administration experience (000 §4.3.3).</summary>
    public ProfessionalTitle ChairMinTitle { get; init; } = ProfessionalTitle.Senior;

    // ---- experts (002 §3.2) ----

    /// <summary>Associate senior title or higher (副高以上).</summary>
    public ProfessionalTitle ExpertMinTitle { get; init; } = ProfessionalTitle.AssociateSenior;

    /// <summary>… held for ≥ 5 years.</summary>
    public int ExpertMinTitleYears { get; init; } = 5;

    // ---- annual assessment (001 §7, §20): our score scale, the documents give none ----

    /// <summary>Each of the three parts is scored 0 to this.</summary>
    public decimal AssessmentMaxPartScore { get; init; } = 100;

    /// <summary>A part scored below this fails; any failed part makes the year Fail.</summary>
    public decimal AssessmentPassPartScore { get; init; } = 60;

    /// <summary>A part scored at least this is "fully completed" (全面完成); all three make the year Excellent.</summary>
    public decimal AssessmentCompletedPartScore { get; init; } = 90;

    // ---- cultivation reward (001 §21) ----

    /// <summary>Sponsor management fee drops 2 percentage points the year after an excellent year.</summary>
    public decimal SponsorFeeReductionPerExcellentYear { get; init; } = 2;

    /// <summary>… cumulatively, with the total reduction capped at 5 points.</summary>
    public decimal SponsorFeeMaxReduction { get; init; } = 5;

    // ---- supervision ----

    /// <summary>Warning at 6 bad-practice points (003, Shanghai association).</summary>
    public int BadPracticeWarningPoints { get; init; } = 6;

    /// <summary>No new insurance application for 3 years after an agreement ended for fraud (004 §2.3.3).</summary>
    public int InsuranceFraudBanYears { get; init; } = 3;

    /// <summary>Annual evaluation report due 15 December (004 §3).</summary>
    public int AnnualReportDueMonth { get; init; } = 12;

    /// <summary>Annual evaluation report due 15 December (004 §3).</summary>
    public int AnnualReportDueDay { get; init; } = 15;

    /// <summary>The quality-review center's leader unit serves 3-year terms (002 §3.4).</summary>
    public int LeaderUnitTermYears { get; init; } = 3;

    /// <summary>JSON options of the thresholds file: camelCase, enums by name, unknown names refused.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
    };

    /// <summary>Reads thresholds from JSON; throws <see cref="InvalidDataException"/> naming every problem.</summary>
    public static RuleThresholds FromJson(string json)
    {
        RuleThresholds? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<RuleThresholds>(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"规则阈值文件无法解析 / rule thresholds cannot be read: {ex.Message}", ex);
        }

        var thresholds = parsed ?? throw new InvalidDataException("规则阈值文件为空 / rule thresholds file is empty.");
        var problems = thresholds.Validate();
        return problems.Count == 0
            ? thresholds
            : throw new InvalidDataException("规则阈值无效 / invalid rule thresholds: " + string.Join("; ", problems));
    }

    /// <summary>Reads a thresholds file (e.g. seeds/rule-thresholds.json).</summary>
    public static RuleThresholds Load(string path) => FromJson(File.ReadAllText(path));

    /// <summary>Reads the file when it exists, otherwise the documents' defaults.</summary>
    public static RuleThresholds LoadOrDefault(string? path) =>
        path is not null && File.Exists(path) ? Load(path) : Default;

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Consistency problems (negative numbers, min above max, impossible dates); empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();

        void Positive(decimal value, string name)
        {
            if (value <= 0)
            {
                problems.Add($"{name} 必须大于 0");
            }
        }

        void NonNegative(decimal value, string name)
        {
            if (value < 0)
            {
                problems.Add($"{name} 不能为负数");
            }
        }

        Positive(MaxBranches, "maxBranches");
        Positive(SecondLevelDisciplineMinUnits, "secondLevelDisciplineMinUnits");
        Positive(ClinicCommitteeMinSize, "clinicCommitteeMinSize");
        Positive(DistrictCount, "districtCount");
        Positive(PartyBranchCommitteeSize, "partyBranchCommitteeSize");
        NonNegative(StandingMembersPerDistrict, "standingMembersPerDistrict");
        NonNegative(MinPracticeYears, "minPracticeYears");
        NonNegative(MinClinicAreaSqm, "minClinicAreaSqm");
        NonNegative(MinLeaseYears, "minLeaseYears");
        NonNegative(MemberInspectionYears, "memberInspectionYears");
        NonNegative(ViceChairInspectionYears, "viceChairInspectionYears");
        NonNegative(ChairInspectionYears, "chairInspectionYears");
        NonNegative(MemberMinAvgRevenueCny, "memberMinAvgRevenueCny");
        NonNegative(ViceChairMinAvgRevenueCny, "viceChairMinAvgRevenueCny");
        NonNegative(ChairMinAvgRevenueCny, "chairMinAvgRevenueCny");
        NonNegative(ExpertMinTitleYears, "expertMinTitleYears");
        Positive(AssessmentMaxPartScore, "assessmentMaxPartScore");
        NonNegative(SponsorFeeReductionPerExcellentYear, "sponsorFeeReductionPerExcellentYear");
        NonNegative(SponsorFeeMaxReduction, "sponsorFeeMaxReduction");
        Positive(BadPracticeWarningPoints, "badPracticeWarningPoints");
        NonNegative(InsuranceFraudBanYears, "insuranceFraudBanYears");
        Positive(LeaderUnitTermYears, "leaderUnitTermYears");

        if (ClinicCommitteeMaxSize < ClinicCommitteeMinSize)
        {
            problems.Add("clinicCommitteeMaxSize 不能小于 clinicCommitteeMinSize");
        }

        if (RevenueLastYear < RevenueFirstYear)
        {
            problems.Add("revenueLastYear 不能早于 revenueFirstYear");
        }

        if (!(AssessmentPassPartScore >= 0 && AssessmentPassPartScore <= AssessmentCompletedPartScore && AssessmentCompletedPartScore <= AssessmentMaxPartScore))
        {
            problems.Add("应满足 0 ≤ assessmentPassPartScore ≤ assessmentCompletedPartScore ≤ assessmentMaxPartScore");
        }

        if (AnnualReportDueMonth is < 1 or > 12 || AnnualReportDueDay < 1 || (AnnualReportDueMonth is >= 1 and <= 12 && AnnualReportDueDay > DateTime.DaysInMonth(2001, AnnualReportDueMonth)))
        {
            problems.Add("annualReportDueMonth/annualReportDueDay 不是有效日期");
        }

        foreach (var (title, name) in new[] { (ViceChairMinTitle, "viceChairMinTitle"), (ChairMinTitle, "chairMinTitle"), (ExpertMinTitle, "expertMinTitle") })
        {
            if (!Enum.IsDefined(title))
            {
                problems.Add($"{name} 不是有效职称");
            }
        }

        return problems;
    }
}
