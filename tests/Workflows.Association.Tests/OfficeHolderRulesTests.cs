using Workflows.Association.Domain;
using Workflows.Association.Rules;
using static Workflows.Association.Tests.TestData;

namespace Workflows.Association.Tests;

public class OfficeHolderRulesTests
{
    [Theory]
    [InlineData(OfficePosition.Member)]
    [InlineData(OfficePosition.Standing)]
    [InlineData(OfficePosition.ViceChair)]
    [InlineData(OfficePosition.Chair)]
    public void Check_CandidateAtEveryThreshold_IsEligibleWithNoWarnings(OfficePosition position)
    {
        var result = CheckOfficeHolder(position);

        Assert.True(result.Eligible, string.Join("; ", result.Failures.Select(f => f.Message)));
        Assert.Empty(result.Warnings);
    }

    [Theory]
    [InlineData(OfficePosition.Member)]
    [InlineData(OfficePosition.Standing)]
    [InlineData(OfficePosition.ViceChair)]
    [InlineData(OfficePosition.Chair)]
    public void Check_PracticeFourYears_FailsForEveryPosition(OfficePosition position)
    {
        var result = CheckOfficeHolder(position, c => c with { PracticeYears = 4 });

        Assert.False(result.Eligible);
        var rule = result.Rule(RuleNames.PracticeYears);
        Assert.False(rule.Passed);
        Assert.Equal(RuleKind.Hard, rule.Kind);
        Assert.Equal("000 §4.3.1(1)", rule.Source);
        Assert.Equal("在医疗机构从事本专业 4 年，应不少于 5 年", rule.Message);
    }

    [Theory]
    [InlineData(4.9, false)]
    [InlineData(5, true)]
    [InlineData(12, true)]
    public void Check_PracticeYears_PassesFromFive(double years, bool expected)
    {
        var result = CheckOfficeHolder(OfficePosition.Member, c => c with { PracticeYears = (decimal)years });

        Assert.Equal(expected, result.Rule(RuleNames.PracticeYears).Passed);
        Assert.Equal(expected, result.Eligible);
    }

    [Theory]
    [InlineData(299, false)]
    [InlineData(300, true)]
    public void Check_FloorArea_PassesFrom300(int area, bool expected)
    {
        var result = CheckOfficeHolder(OfficePosition.Member, c => c with { ClinicAreaSqm = area });

        Assert.Equal(expected, result.Rule(RuleNames.ClinicArea).Passed);
        Assert.Equal(expected, result.Eligible);
        Assert.Contains($"诊所面积 {area} 平方米", result.Rule(RuleNames.ClinicArea).Message, StringComparison.Ordinal);
        Assert.Contains("300 平方米", result.Rule(RuleNames.ClinicArea).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4, false)]
    [InlineData(5, true)]
    public void Check_Lease_PassesFromFiveYears(int lease, bool expected)
    {
        var result = CheckOfficeHolder(OfficePosition.ViceChair, c => c with { LeaseYears = lease });

        Assert.Equal(expected, result.Rule(RuleNames.LeaseYears).Passed);
        Assert.Equal(expected, result.Eligible);
    }

    [Theory]
    [InlineData(OfficePosition.Member, 2, false)]
    [InlineData(OfficePosition.Member, 3, true)]
    [InlineData(OfficePosition.Standing, 4, false)]
    [InlineData(OfficePosition.Standing, 5, true)]
    [InlineData(OfficePosition.ViceChair, 4, false)]
    [InlineData(OfficePosition.ViceChair, 5, true)]
    [InlineData(OfficePosition.Chair, 4, false)]
    [InlineData(OfficePosition.Chair, 5, true)]
    public void Check_Inspections_NeedThreeYearsForMembersAndFiveAbove(OfficePosition position, int years, bool expected)
    {
        var result = CheckOfficeHolder(position, c => c with { InspectionPassedYears = years });

        var rule = result.Rule(RuleNames.Inspections);
        Assert.Equal(expected, rule.Passed);
        Assert.Equal(expected, result.Eligible);
        Assert.Contains($"须近 {(position == OfficePosition.Member ? 3 : 5)} 年年检均合格", rule.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(OfficePosition.Member, 2_999_999, false)]
    [InlineData(OfficePosition.Member, 3_000_000, true)]
    [InlineData(OfficePosition.Standing, 4_999_999, false)]
    [InlineData(OfficePosition.Standing, 5_000_000, true)]
    [InlineData(OfficePosition.ViceChair, 4_999_999, false)]
    [InlineData(OfficePosition.ViceChair, 5_000_000, true)]
    [InlineData(OfficePosition.Chair, 4_999_999, false)]
    [InlineData(OfficePosition.Chair, 5_000_000, true)]
    public void Check_AverageRevenue_ThresholdDependsOnPosition(OfficePosition position, int revenue, bool expected)
    {
        var result = CheckOfficeHolder(position, c => c with { AvgRevenue2019To2021 = revenue });

        Assert.Equal(expected, result.Rule(RuleNames.AverageRevenue).Passed);
        Assert.Equal(expected, result.Eligible);
    }

    [Fact]
    public void Check_MemberRevenueBelowThreshold_MessageStatesActualAndThreshold()
    {
        var rule = CheckOfficeHolder(OfficePosition.Member, c => c with { AvgRevenue2019To2021 = 2_999_999 }).Rule(RuleNames.AverageRevenue);

        Assert.Equal("2019–2021 年年平均营业额 2,999,999 元，委员须不低于 3,000,000 元", rule.Message);
        Assert.Equal("000 §4.3.1(4)", rule.Source);
    }

    [Fact]
    public void Check_ViceChairWithMemberLevelRevenue_Fails()
    {
        // 3,000,000 is enough for a member but not for the vice-chair column.
        var result = CheckOfficeHolder(OfficePosition.ViceChair, c => c with { AvgRevenue2019To2021 = 3_000_000 });

        Assert.False(result.Eligible);
        Assert.Equal("000 §4.3.2(5)", result.Rule(RuleNames.AverageRevenue).Source);
    }

    [Theory]
    [InlineData(OfficePosition.Member)]
    [InlineData(OfficePosition.Chair)]
    public void Check_NotLicensedPhysician_Fails(OfficePosition position)
    {
        var result = CheckOfficeHolder(position, c => c with { LicensedPhysician = false });

        Assert.False(result.Eligible);
        Assert.False(result.Rule(RuleNames.LicensedPhysician).Passed);
    }

    [Fact]
    public void Check_BadCreditRecord_Fails()
    {
        var result = CheckOfficeHolder(OfficePosition.Member, c => c with { BadCreditRecord = true });

        Assert.False(result.Eligible);
        Assert.False(result.Rule(RuleNames.BankCredit).Passed);
    }

    [Fact]
    public void Check_PledgeNotSigned_Fails()
    {
        var result = CheckOfficeHolder(OfficePosition.Standing, c => c with { SignedIntegrityPledge = false });

        Assert.False(result.Eligible);
        Assert.False(result.Rule(RuleNames.IntegrityPledge).Passed);
    }

    [Theory]
    [InlineData(OfficePosition.Standing, ProfessionalTitle.Junior, false, false)]
    [InlineData(OfficePosition.Standing, ProfessionalTitle.Intermediate, false, true)]
    [InlineData(OfficePosition.ViceChair, ProfessionalTitle.None, false, false)]
    [InlineData(OfficePosition.ViceChair, ProfessionalTitle.Junior, true, true)]
    [InlineData(OfficePosition.ViceChair, ProfessionalTitle.AssociateSenior, false, true)]
    public void Check_ViceChairTitle_NeedsIntermediateOrManagementExperience(OfficePosition position, ProfessionalTitle title, bool management, bool expected)
    {
        var result = CheckOfficeHolder(position, c => c with { Title = title, RichManagementExperience = management });

        Assert.Equal(expected, result.Rule(RuleNames.TitleOrManagement).Passed);
        Assert.Equal(expected, result.Eligible);
    }

    [Theory]
    [InlineData(ProfessionalTitle.AssociateSenior, false, false)]
    [InlineData(ProfessionalTitle.Intermediate, false, false)]
    [InlineData(ProfessionalTitle.Senior, false, true)]
    [InlineData(ProfessionalTitle.AssociateSenior, true, true)]
    [InlineData(ProfessionalTitle.Intermediate, true, true)]
    public void Check_ChairTitle_NeedsSeniorOrDivisionLevelExperience(ProfessionalTitle title, bool division, bool expected)
    {
        var result = CheckOfficeHolder(OfficePosition.Chair, c => c with { Title = title, DivisionLevelHealthAdminExperience = division });

        Assert.Equal(expected, result.Rule(RuleNames.ChairSeniority).Passed);
        Assert.Equal(expected, result.Eligible);
    }

    [Fact]
    public void Check_ChairWithJuniorTitleAndDivisionExperience_FailsTheViceChairTitleRule()
    {
        // The chair inherits the vice-chair conditions (000 §4.3.3): division-level experience alone does
        // not replace "intermediate title or rich management experience".
        var result = CheckOfficeHolder(OfficePosition.Chair, c => c with { Title = ProfessionalTitle.Junior, DivisionLevelHealthAdminExperience = true });

        Assert.True(result.Rule(RuleNames.ChairSeniority).Passed);
        Assert.False(result.Rule(RuleNames.TitleOrManagement).Passed);
        Assert.False(result.Eligible);
    }

    [Theory]
    [InlineData(OfficePosition.Standing)]
    [InlineData(OfficePosition.ViceChair)]
    [InlineData(OfficePosition.Chair)]
    public void Check_NotPartyMember_WarnsButStaysEligible(OfficePosition position)
    {
        var result = CheckOfficeHolder(position, c => c with { PartyMember = false });

        var rule = result.Rule(RuleNames.PartyMember);
        Assert.Equal(RuleKind.Soft, rule.Kind);
        Assert.False(rule.Passed);
        Assert.True(result.Eligible);
        Assert.Single(result.Warnings);
    }

    [Fact]
    public void Check_Member_HasNoTitleOrPartyRules()
    {
        var result = CheckOfficeHolder(OfficePosition.Member, c => c with { Title = ProfessionalTitle.None, PartyMember = false });

        Assert.True(result.Eligible);
        Assert.Null(result.Find(RuleNames.TitleOrManagement));
        Assert.Null(result.Find(RuleNames.PartyMember));
        Assert.Null(result.Find(RuleNames.ChairSeniority));
    }

    [Theory]
    [InlineData(OfficePosition.Member, 3)]
    [InlineData(OfficePosition.Chair, 4)]
    public void Check_JudgementItems_ListedAsToConfirmAndNeverBlock(OfficePosition position, int expectedCount)
    {
        var result = CheckOfficeHolder(position);

        Assert.Equal(expectedCount, result.ToConfirm.Count);
        Assert.All(result.ToConfirm, r => Assert.False(r.Passed));
        Assert.Contains(result.ToConfirm, r => r.Rule == RuleNames.DistrictRepresentative);
        Assert.True(result.Eligible);
    }

    [Fact]
    public void Check_SeveralFailures_AllReported()
    {
        var result = CheckOfficeHolder(OfficePosition.Member, c => c with { ClinicAreaSqm = 120, LeaseYears = 3, BadCreditRecord = true });

        Assert.Equal(
            new[] { RuleNames.ClinicArea, RuleNames.LeaseYears, RuleNames.BankCredit },
            result.Failures.Select(f => f.Rule).ToArray());
    }

    [Fact]
    public void Check_ThresholdChangedInData_ChangesOutcome()
    {
        var input = new OfficeHolderCheckInput(OfficePosition.Member, PassingCandidate(OfficePosition.Member) with { ClinicAreaSqm = 250 });

        Assert.False(OfficeHolderRules.Check(input, RuleThresholds.Default).Eligible);
        Assert.True(OfficeHolderRules.Check(input, RuleThresholds.Default with { MinClinicAreaSqm = 200 }).Eligible);
    }
}
