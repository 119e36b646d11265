using Workflows.Association.Domain;

namespace Workflows.Association.Rules;

/// <summary>The proposed chair unit of an academic branch (001 §9(1)).</summary>
public sealed record ChairUnitInfo
{
    public HospitalGrade Grade { get; init; }

    /// <summary>
    /// A specialty hospital (专科医院) rather than a general one. Optional in the input (default false): a
    /// tertiary specialty hospital qualifies only with a key discipline (001 §9(1)).
    /// </summary>
    public bool SpecialtyHospital { get; init; }

    /// <summary>The discipline is a key discipline (重点学科) of the hospital.</summary>
    public bool KeyDiscipline { get; init; }

    /// <summary>Has a Chongqing municipal key clinical specialty (重庆市重点临床专科).</summary>
    public bool MunicipalKeySpecialty { get; init; }

    /// <summary>Has a regional key discipline (区域性重点学科).</summary>
    public bool RegionalKeyDiscipline { get; init; }
}

/// <summary>The proposed chair person of an academic branch (001 §9(1)).</summary>
public sealed record ChairPersonInfo
{
    public ProfessionalTitle Title { get; init; }

    /// <summary>教授.</summary>
    public bool Professor { get; init; }

    /// <summary>硕（博）导.</summary>
    public bool Supervisor { get; init; }
}

/// <summary>The proposed committee of a clinic branch (000 §4.2.2).</summary>
public sealed record CommitteeInfo
{
    public int Size { get; init; }

    /// <summary>How many of the 38 districts and counties have at least one committee member.</summary>
    public int DistrictsCovered { get; init; }

    /// <summary>Standing-committee members each district recommends.</summary>
    public int StandingMembersPerDistrict { get; init; }
}

/// <summary>A founding application as the automatic checks see it (P1).</summary>
public sealed record BranchFoundingInput
{
    public BranchKind Kind { get; init; }

    /// <summary>Clinic branches only.</summary>
    public ClinicCategory? ClinicCategory { get; init; }

    /// <summary>A second-level discipline branch (大内科, 大外科); academic branches only.</summary>
    public bool SecondLevelDiscipline { get; init; }

    /// <summary>Member units / social medical institutions with that second-level clinical department.</summary>
    public int? UnitsWithDepartment { get; init; }

    /// <summary>Academic branches only.</summary>
    public ChairUnitInfo? ChairUnit { get; init; }

    /// <summary>Academic branches only.</summary>
    public ChairPersonInfo? ChairPerson { get; init; }

    public bool FundingCommitment { get; init; }

    /// <summary>Clinic branches only.</summary>
    public CommitteeInfo? Committee { get; init; }
}

/// <summary>What the caller reads from the database for the founding check.</summary>
public sealed record BranchFoundingContext
{
    /// <summary>
    /// Branches that count against the cap: academic AND clinic branches (both are academic branches of the
    /// Association, 000 §5 / 001 §8) whose status is Active, UnderRectification or Suspended
    /// (<see cref="Branch.CountsAgainstCap"/>). Merged, dissolved and merely proposed ones do not count.
    /// </summary>
    public int ExistingBranchCount { get; init; }

    /// <summary>Categories that already have a clinic branch counting against the cap (one per category, 000 §4.1).</summary>
    public IReadOnlyCollection<ClinicCategory> ExistingClinicCategories { get; init; } = [];

    /// <summary>Builds the context from the branches in the database, applying the counting rule above.</summary>
    public static BranchFoundingContext From(IEnumerable<Branch> branches)
    {
        ArgumentNullException.ThrowIfNull(branches);
        var existing = branches.Where(b => Branch.CountsAgainstCap(b.Status)).ToList();
        return new BranchFoundingContext
        {
            ExistingBranchCount = existing.Count,
            ExistingClinicCategories = existing
                .Where(b => b.Kind == BranchKind.Clinic && b.ClinicCategory is not null)
                .Select(b => b.ClinicCategory!.Value)
                .Distinct()
                .ToArray(),
        };
    }
}

/// <summary>
/// Automatic threshold checks of a founding application (P1 step 2). Which rules apply to which kind:
/// <list type="bullet">
/// <item>Both kinds: the cap of 50 (clinic branches are academic branches too, 000 §5, 001 §8) and the
/// written funding commitment (001 §9(2); clinic branches follow the academic founding procedure, 000 §4.2.1,
/// and have no income of their own, 000 §6.3).</item>
/// <item>Academic only: the 35-unit rule for second-level disciplines (001 §9(2)) and the chair-unit and
/// chair-person rules (001 §9(1)). A clinic branch is organised by clinic category, not by clinical
/// discipline, and its chair is a clinic owner judged per person by the stricter, clinic-specific 000 §4.3.3
/// (office-holder check); a clinic is never a tertiary hospital, so 001 §9(1) would always warn.</item>
/// <item>Clinic only: category and one-per-category (000 §4.1), committee size 121–151 and district coverage
/// (000 §4.2.2): the documents give these numbers for clinic branches alone.</item>
/// </list>
/// </summary>
public static class BranchFoundingRules
{
    public static RuleCheckResult Check(BranchFoundingInput input, BranchFoundingContext context, RuleThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(thresholds);
        var t = thresholds;
        var rules = new List<RuleResult> { CapRule(context.ExistingBranchCount, t) };

        if (input.Kind == BranchKind.Academic)
        {
            AddAcademicRules(input, t, rules);
        }
        else
        {
            AddClinicRules(input, context, t, rules);
        }

        rules.Add(RuleResult.Hard(
            RuleNames.FundingCommitment, "001 §9(2)", input.FundingCommitment,
            input.FundingCommitment
                ? "主任委员单位已与协会签订书面承诺书，保证每年提供工作经费或以赞助商方式解决"
                : "主任委员单位未签订每年提供工作经费（或以赞助商方式解决）的书面承诺书，须签订",
            input.FundingCommitment
                ? "The chair unit signed the written commitment to fund the branch every year (or via sponsors)"
                : "The chair unit has not signed the written commitment to fund the branch every year (or via sponsors); required"));

        rules.Add(RuleResult.Confirm(
            RuleNames.PartyBuilding, input.Kind == BranchKind.Clinic ? "000 §4.2.1" : "001 §4",
            "遵循“党建引领、政治可靠、行业代表、兼顾地域分布”原则，同步成立特设党支部",
            "Party-building led, politically reliable, representative of the sector and the districts; a special party branch is set up at the same time"));

        return new RuleCheckResult(rules);
    }

    private static RuleResult CapRule(int existing, RuleThresholds t)
    {
        // The new branch would be the (existing + 1)-th: the 50th passes, the 51st fails.
        var ordinal = existing + 1;
        var ok = ordinal <= t.MaxBranches;
        return RuleResult.Hard(
            RuleNames.BranchCap, "001 §8", ok,
            $"现有学术分支机构（含诊所分会）{Fmt.N(existing)} 个，新设后为第 {Fmt.N(ordinal)} 个，总数应不超过 {Fmt.N(t.MaxBranches)} 个",
            $"{Fmt.N(existing)} academic branches (clinic branches included) exist; the new one would be number {Fmt.N(ordinal)}; at most {Fmt.N(t.MaxBranches)} allowed");
    }

    private static void AddAcademicRules(BranchFoundingInput input, RuleThresholds t, List<RuleResult> rules)
    {
        if (input.SecondLevelDiscipline)
        {
            var units = input.UnitsWithDepartment ?? 0;
            rules.Add(RuleResult.Hard(
                RuleNames.SecondLevelDisciplineUnits, "001 §9(2)", units >= t.SecondLevelDisciplineMinUnits,
                $"设有该二级学科临床科室的会员单位、社会医疗机构 {Fmt.N(units)} 家，组建二级学科分支机构应不低于 {Fmt.N(t.SecondLevelDisciplineMinUnits)} 家",
                $"{Fmt.N(units)} member units / institutions have the second-level department; at least {Fmt.N(t.SecondLevelDisciplineMinUnits)} required for a second-level discipline branch"));
        }

        rules.Add(ChairUnitRule(input.ChairUnit));
        rules.Add(ChairPersonRule(input.ChairPerson));
        rules.Add(RuleResult.Confirm(
            RuleNames.ChairReputation, "001 §9(1)",
            "主任委员在本市行业、学科有一定的知名度、影响力、学术地位",
            "The chair is known, influential and academically recognised in the city's sector and discipline"));
    }

    private static RuleResult ChairUnitRule(ChairUnitInfo? unit)
    {
        const string source = "001 §9(1)";
        const string requirementZh = "原则上应为三级综合医院或三级专科医院的重点学科；二级甲等医院须已有重庆市临床重点专科或区域性重点学科";
        const string requirementEn = "in principle a tertiary general hospital or a key discipline of a tertiary specialty hospital; a grade-2A hospital only with a municipal key clinical specialty or a regional key discipline";
        if (unit is null)
        {
            return RuleResult.Soft(RuleNames.ChairUnit, source, false, $"未提供主任委员单位信息；{requirementZh}", $"No chair unit given; {requirementEn}");
        }

        return unit.Grade switch
        {
            HospitalGrade.Tertiary when !unit.SpecialtyHospital => RuleResult.Soft(
                RuleNames.ChairUnit, source, true, "主任委员单位为三级综合医院", "The chair unit is a tertiary general hospital"),
            HospitalGrade.Tertiary when unit.KeyDiscipline => RuleResult.Soft(
                RuleNames.ChairUnit, source, true, "主任委员单位为三级专科医院，该学科为重点学科", "The chair unit is a tertiary specialty hospital and the discipline is a key discipline"),
            HospitalGrade.Tertiary => RuleResult.Soft(
                RuleNames.ChairUnit, source, false, $"主任委员单位为三级专科医院，但该学科不是重点学科；{requirementZh}", $"The chair unit is a tertiary specialty hospital but the discipline is not a key discipline; {requirementEn}"),
            HospitalGrade.Grade2A when unit.MunicipalKeySpecialty || unit.RegionalKeyDiscipline => RuleResult.Soft(
                RuleNames.ChairUnit, source, true,
                $"主任委员单位为二级甲等医院，已有{(unit.MunicipalKeySpecialty ? "重庆市临床重点专科" : "区域性重点学科")}",
                $"The chair unit is a grade-2A hospital with a {(unit.MunicipalKeySpecialty ? "municipal key clinical specialty" : "regional key discipline")}"),
            HospitalGrade.Grade2A => RuleResult.Soft(
                RuleNames.ChairUnit, source, false, $"主任委员单位为二级甲等医院，但无重庆市临床重点专科或区域性重点学科；{requirementZh}", $"The chair unit is a grade-2A hospital without a municipal key specialty or regional key discipline; {requirementEn}"),
            _ => RuleResult.Soft(
                RuleNames.ChairUnit, source, false, $"主任委员单位等级低于二级甲等；{requirementZh}", $"The chair unit is below grade 2A; {requirementEn}"),
        };
    }

    private static RuleResult ChairPersonRule(ChairPersonInfo? person)
    {
        const string source = "001 §9(1)";
        if (person is null)
        {
            return RuleResult.Soft(RuleNames.ChairPerson, source, false,
                "未提供主任委员人选信息；原则上应为主任医师（正高级职称）、教授或硕（博）导",
                "No chair person given; in principle a chief physician (full senior title), professor or master's/doctoral supervisor");
        }

        var qualifications = new List<(string Zh, string En)>();
        if (person.Title == ProfessionalTitle.Senior)
        {
            qualifications.Add(("正高级职称（主任医师）", "full senior title (chief physician)"));
        }

        if (person.Professor)
        {
            qualifications.Add(("教授", "professor"));
        }

        if (person.Supervisor)
        {
            qualifications.Add(("硕（博）导", "master's/doctoral supervisor"));
        }

        return qualifications.Count > 0
            ? RuleResult.Soft(RuleNames.ChairPerson, source, true,
                $"主任委员人选为{string.Join("、", qualifications.Select(q => q.Zh))}",
                $"The chair person is a {string.Join(", ", qualifications.Select(q => q.En))}")
            : RuleResult.Soft(RuleNames.ChairPerson, source, false,
                $"主任委员人选为{person.Title.Zh()}，非教授、非硕（博）导；原则上应为主任医师（正高级职称）、教授或硕（博）导",
                $"The chair person has a {person.Title.En()} and is neither professor nor supervisor; in principle a chief physician (full senior title), professor or master's/doctoral supervisor");
    }

    private static void AddClinicRules(BranchFoundingInput input, BranchFoundingContext context, RuleThresholds t, List<RuleResult> rules)
    {
        const string categorySource = "000 §4.1";
        if (input.ClinicCategory is not { } category)
        {
            rules.Add(RuleResult.Hard(RuleNames.ClinicCategory, categorySource, false,
                "未指定诊所类别；只有西医、中医、中西医结合诊所可成立诊所分会",
                "No clinic category given; only Western, TCM and integrated clinics may found a clinic branch"));
        }
        else
        {
            rules.Add(category switch
            {
                ClinicCategory.Dental => RuleResult.Hard(RuleNames.ClinicCategory, categorySource, false,
                    "口腔诊所由协会口腔医学分会管理，不另设诊所分会", "Dental clinics are managed by the Dental Medicine branch; no clinic branch may be founded for them"),
                ClinicCategory.Cosmetic => RuleResult.Hard(RuleNames.ClinicCategory, categorySource, false,
                    "美容诊所由协会整形与美容分会管理，不另设诊所分会", "Cosmetic clinics are managed by the Plastic & Cosmetic branch; no clinic branch may be founded for them"),
                _ => RuleResult.Hard(RuleNames.ClinicCategory, categorySource, true,
                    $"{category.Zh()}可成立诊所分会（西医、中医、中西医结合三类）", $"{category.En()} may found a clinic branch (Western, TCM, integrated)"),
            });

            var taken = context.ExistingClinicCategories.Contains(category);
            rules.Add(RuleResult.Hard(RuleNames.ClinicCategoryUnique, categorySource, !taken,
                taken ? $"已有{category.Zh()}分会，每类诊所只设一个分会" : $"尚无{category.Zh()}分会",
                taken ? $"A branch for {category.En()} already exists; one branch per category" : $"No branch for {category.En()} exists yet"));
        }

        const string committeeSource = "000 §4.2.2";
        if (input.Committee is not { } committee)
        {
            rules.Add(RuleResult.Hard(RuleNames.CommitteeSize, committeeSource, false,
                $"未提供委员会组成；委员人数应在 {Fmt.N(t.ClinicCommitteeMinSize)}–{Fmt.N(t.ClinicCommitteeMaxSize)} 人之间",
                $"No committee given; the committee must have {Fmt.N(t.ClinicCommitteeMinSize)}–{Fmt.N(t.ClinicCommitteeMaxSize)} members"));
            return;
        }

        var sizeOk = committee.Size >= t.ClinicCommitteeMinSize && committee.Size <= t.ClinicCommitteeMaxSize;
        rules.Add(RuleResult.Hard(RuleNames.CommitteeSize, committeeSource, sizeOk,
            $"委员会人数 {Fmt.N(committee.Size)} 人，应在 {Fmt.N(t.ClinicCommitteeMinSize)}–{Fmt.N(t.ClinicCommitteeMaxSize)} 人之间",
            $"Committee of {Fmt.N(committee.Size)} members; must be between {Fmt.N(t.ClinicCommitteeMinSize)} and {Fmt.N(t.ClinicCommitteeMaxSize)}"));

        rules.Add(RuleResult.Soft(RuleNames.DistrictCoverage, committeeSource, committee.DistrictsCovered >= t.DistrictCount,
            $"委员覆盖 {Fmt.N(committee.DistrictsCovered)} 个区县，原则上应覆盖全市全部 {Fmt.N(t.DistrictCount)} 个区县",
            $"Committee covers {Fmt.N(committee.DistrictsCovered)} districts and counties; in principle all {Fmt.N(t.DistrictCount)} should be covered"));

        rules.Add(RuleResult.Soft(RuleNames.StandingPerDistrict, committeeSource, committee.StandingMembersPerDistrict == t.StandingMembersPerDistrict,
            $"每个区县推荐常务委员 {Fmt.N(committee.StandingMembersPerDistrict)} 名，原则上每个区县推荐 {Fmt.N(t.StandingMembersPerDistrict)} 名进入分会常务委员会",
            $"{Fmt.N(committee.StandingMembersPerDistrict)} standing member(s) per district; in principle each district recommends {Fmt.N(t.StandingMembersPerDistrict)}"));

        rules.Add(RuleResult.Confirm(RuleNames.DistrictQuotas, committeeSource,
            "各区县委员名额按区县诊所数量分配", "District quotas are in proportion to the number of clinics per district"));
    }
}
