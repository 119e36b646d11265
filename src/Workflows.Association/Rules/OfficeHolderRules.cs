using Workflows.Association.Domain;

namespace Workflows.Association.Rules;

/// <summary>The data a clinic-branch office-holder candidate is checked on (000 §4.3).</summary>
public sealed record OfficeHolderCandidate
{
    /// <summary>执业医师资格 (incl. dental and cosmetic physicians).</summary>
    public bool LicensedPhysician { get; init; }

    /// <summary>Years in the specialty at a medical institution.</summary>
    public decimal PracticeYears { get; init; }

    public decimal ClinicAreaSqm { get; init; }

    public decimal LeaseYears { get; init; }

    /// <summary>How many of the most recent years passed the annual inspection in a row.</summary>
    public int InspectionPassedYears { get; init; }

    /// <summary>Average annual revenue 2019–2021 in CNY.</summary>
    public decimal AvgRevenue2019To2021 { get; init; }

    public bool BadCreditRecord { get; init; }

    public bool SignedIntegrityPledge { get; init; }

    public ProfessionalTitle Title { get; init; }

    public bool RichManagementExperience { get; init; }

    public bool PartyMember { get; init; }

    /// <summary>市级卫生健康行业管理机关处级以上管理经历.</summary>
    public bool DivisionLevelHealthAdminExperience { get; init; }

    /// <summary>
    /// Builds the check input from the database records of a clinic and its physician. Inspections are counted
    /// back from the latest year on record up to <paramref name="asOfYear"/> (the current year's inspection is
    /// often not done yet); practice years are whole years since the person's start year.
    /// </summary>
    public static OfficeHolderCandidate FromRecords(Person person, MemberUnit clinic, bool signedIntegrityPledge, int asOfYear, RuleThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(clinic);
        ArgumentNullException.ThrowIfNull(thresholds);
        var latestInspection = clinic.Inspections.Where(i => i.Year <= asOfYear).Select(i => (int?)i.Year).Max();
        return new OfficeHolderCandidate
        {
            LicensedPhysician = person.LicensedPhysician,
            PracticeYears = person.PracticeYears(asOfYear),
            ClinicAreaSqm = clinic.FloorAreaSqm ?? 0,
            LeaseYears = clinic.LeaseYears ?? 0,
            InspectionPassedYears = latestInspection is { } last ? clinic.ConsecutiveInspectionsPassed(last) : 0,
            AvgRevenue2019To2021 = clinic.AverageRevenue(thresholds.RevenueFirstYear, thresholds.RevenueLastYear),
            BadCreditRecord = clinic.BadCreditRecord,
            SignedIntegrityPledge = signedIntegrityPledge,
            Title = person.Title,
            RichManagementExperience = person.RichManagementExperience,
            PartyMember = person.PartyMember,
            DivisionLevelHealthAdminExperience = person.DivisionLevelHealthAdminExperience,
        };
    }
}

public sealed record OfficeHolderCheckInput(OfficePosition Position, OfficeHolderCandidate Candidate);

/// <summary>
/// Office-holder qualifications of clinic branches (000 §4.3). Each position inherits the conditions of the
/// one below it (000 §4.3.2(1), §4.3.3), and standing members share the vice-chair column (000 §4.3.2).
/// </summary>
public static class OfficeHolderRules
{
    public static RuleCheckResult Check(OfficeHolderCheckInput input, RuleThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(thresholds);
        var t = thresholds;
        var c = input.Candidate ?? throw new ArgumentException("Candidate is required.", nameof(input));
        var position = input.Position;
        var senior = position != OfficePosition.Member; // standing, vice-chair, chair
        var pZh = position.Zh();
        var pEn = position.En();
        var rules = new List<RuleResult>();

        // Conditions of every member (000 §4.3.1).
        rules.Add(RuleResult.Hard(
            RuleNames.LicensedPhysician, "000 §4.3.1(1)", c.LicensedPhysician,
            c.LicensedPhysician ? "具有执业医师资格" : $"不具有执业医师资格（含口腔医师、医疗美容医师），{pZh}须具备",
            c.LicensedPhysician ? "Licensed physician" : $"Not a licensed physician (dental and cosmetic included); required of a {pEn}"));

        rules.Add(RuleResult.Hard(
            RuleNames.PracticeYears, "000 §4.3.1(1)", c.PracticeYears >= t.MinPracticeYears,
            $"在医疗机构从事本专业 {Fmt.N(c.PracticeYears)} 年，应不少于 {Fmt.N(t.MinPracticeYears)} 年",
            $"{Fmt.N(c.PracticeYears)} years in the specialty at a medical institution; at least {Fmt.N(t.MinPracticeYears)} required"));

        rules.Add(RuleResult.Hard(
            RuleNames.ClinicArea, "000 §4.3.1(2)", c.ClinicAreaSqm >= t.MinClinicAreaSqm,
            $"诊所面积 {Fmt.N(c.ClinicAreaSqm)} 平方米，应不低于 {Fmt.N(t.MinClinicAreaSqm)} 平方米",
            $"Clinic floor area {Fmt.N(c.ClinicAreaSqm)} m²; at least {Fmt.N(t.MinClinicAreaSqm)} m² required"));

        rules.Add(RuleResult.Hard(
            RuleNames.LeaseYears, "000 §4.3.1(2)", c.LeaseYears >= t.MinLeaseYears,
            $"医疗用房租赁合同 {Fmt.N(c.LeaseYears)} 年期，应不低于 {Fmt.N(t.MinLeaseYears)} 年期",
            $"Premises lease of {Fmt.N(c.LeaseYears)} years; at least {Fmt.N(t.MinLeaseYears)} years required"));

        var (inspectionYears, inspectionSource) = position switch
        {
            OfficePosition.Member => (t.MemberInspectionYears, "000 §4.3.1(3)"),
            OfficePosition.Chair => (t.ChairInspectionYears, "000 §4.3.3"),
            _ => (t.ViceChairInspectionYears, "000 §4.3.2(3)"),
        };
        rules.Add(RuleResult.Hard(
            RuleNames.Inspections, inspectionSource, c.InspectionPassedYears >= inspectionYears,
            $"最近连续 {Fmt.N(c.InspectionPassedYears)} 年年检合格，{pZh}须近 {Fmt.N(inspectionYears)} 年年检均合格",
            $"Annual inspection passed in the last {Fmt.N(c.InspectionPassedYears)} consecutive years; a {pEn} needs the last {Fmt.N(inspectionYears)} years passed"));

        var (minRevenue, revenueSource) = position switch
        {
            OfficePosition.Member => (t.MemberMinAvgRevenueCny, "000 §4.3.1(4)"),
            OfficePosition.Chair => (t.ChairMinAvgRevenueCny, "000 §4.3.3"),
            _ => (t.ViceChairMinAvgRevenueCny, "000 §4.3.2(5)"),
        };
        var years = $"{Fmt.N(t.RevenueFirstYear)}–{Fmt.N(t.RevenueLastYear)}";
        rules.Add(RuleResult.Hard(
            RuleNames.AverageRevenue, revenueSource, c.AvgRevenue2019To2021 >= minRevenue,
            $"{years} 年年平均营业额 {Fmt.Money(c.AvgRevenue2019To2021)} 元，{pZh}须不低于 {Fmt.Money(minRevenue)} 元",
            $"Average annual revenue {years}: CNY {Fmt.Money(c.AvgRevenue2019To2021)}; a {pEn} needs at least CNY {Fmt.Money(minRevenue)}"));

        rules.Add(RuleResult.Hard(
            RuleNames.BankCredit, "000 §4.3.1(7)", !c.BadCreditRecord,
            c.BadCreditRecord ? "银行征信有不良记录，应无不良记录" : "银行征信无不良记录",
            c.BadCreditRecord ? "Bad bank-credit record; none allowed" : "No bad bank-credit record"));

        rules.Add(RuleResult.Hard(
            RuleNames.IntegrityPledge, "000 §4.3.1(8)", c.SignedIntegrityPledge,
            c.SignedIntegrityPledge ? "已与协会签订诚信自律服务承诺书" : "未与协会签订诚信自律服务承诺书，须签订",
            c.SignedIntegrityPledge ? "Integrity commitment signed" : "Integrity commitment not signed; required"));

        if (senior)
        {
            var titleOk = c.Title >= t.ViceChairMinTitle || c.RichManagementExperience;
            rules.Add(RuleResult.Hard(
                RuleNames.TitleOrManagement, "000 §4.3.2(2)", titleOk,
                titleOk
                    ? $"具备{c.Title.Zh()}{(c.RichManagementExperience ? "，并有丰富医疗机构运营管理经验" : string.Empty)}，满足{t.ViceChairMinTitle.Zh()}及以上或丰富运营管理经验的要求"
                    : $"{c.Title.Zh()}，且无丰富医疗机构运营管理经验；{pZh}须具备{t.ViceChairMinTitle.Zh()}及以上或丰富医疗机构运营管理经验",
                titleOk
                    ? $"Has {c.Title.En()}{(c.RichManagementExperience ? " and rich management experience" : string.Empty)}; meets '{t.ViceChairMinTitle.En()} or higher, or rich management experience'"
                    : $"{c.Title.En()} and no rich management experience; a {pEn} needs a {t.ViceChairMinTitle.En()} or higher, or rich operations-management experience"));

            rules.Add(RuleResult.Soft(
                RuleNames.PartyMember, "000 §4.3.2(4)", c.PartyMember,
                c.PartyMember ? "中共党员" : $"非中共党员；{pZh}原则上应是中共党员，请审核人确认并说明理由",
                c.PartyMember ? "Party member" : $"Not a party member; a {pEn} should in principle be one — a reviewer must acknowledge with a reason"));
        }

        if (position == OfficePosition.Chair)
        {
            var ok = c.Title >= t.ChairMinTitle || c.DivisionLevelHealthAdminExperience;
            rules.Add(RuleResult.Hard(
                RuleNames.ChairSeniority, "000 §4.3.3", ok,
                ok
                    ? $"具备{(c.Title >= t.ChairMinTitle ? c.Title.Zh() : "市级卫生健康行业管理机关处级以上管理经历")}，满足主任委员条件"
                    : $"{c.Title.Zh()}，且无市级卫生健康行业管理机关处级以上管理经历；主任委员须具备{t.ChairMinTitle.Zh()}或该管理经历",
                ok
                    ? $"Has {(c.Title >= t.ChairMinTitle ? c.Title.En() : "division-level municipal health-administration experience")}; meets the chair condition"
                    : $"{c.Title.En()} and no division-level municipal health-administration experience; a chair needs a {t.ChairMinTitle.En()} or that experience"));
        }

        // Judgement items a reviewer ticks (000 §4.3.1(3)(5)(6), §4.3.2(4), §4.3.3).
        rules.Add(senior
            ? RuleResult.Confirm(RuleNames.DistrictRepresentative, "000 §4.3.2(4)",
                "在所在区县具有一定的代表性，具有较高声望", "Representative of the district, with a high reputation")
            : RuleResult.Confirm(RuleNames.DistrictRepresentative, "000 §4.3.1(3)",
                "在所在区县具有一定的代表性（规模、影响力）", "Representative of the district (scale, influence)"));
        rules.Add(RuleResult.Confirm(RuleNames.ObeysRules, "000 §4.3.1(5)",
            "服从协会领导，遵守协会各项规章制度", "Accepts the Association's leadership and obeys its rules"));
        rules.Add(RuleResult.Confirm(RuleNames.EthicsAndEnthusiasm, "000 §4.3.1(6)",
            "热心分会工作，具有良好职业道德、学风正派，能联系和团结所在行业医务工作者",
            "Enthusiastic about the branch's work, of good professional ethics, able to unite colleagues"));
        if (position == OfficePosition.Chair)
        {
            rules.Add(RuleResult.Confirm(RuleNames.ChairConduct, "000 §4.3.3",
                "热心协会及分会工作、热心公益事业，作风正派、清正廉洁，熟悉协会运营",
                "Dedicated to the Association and to public welfare, upright and clean, familiar with the Association's operation"));
        }

        return new RuleCheckResult(rules);
    }
}
