using Workflows.Association.Domain;
using Workflows.Association.Rules;
using static Workflows.Association.Tests.TestData;

namespace Workflows.Association.Tests;

public class BranchFoundingRulesTests
{
    [Fact]
    public void Check_ValidClinicBranch_IsEligibleWithoutWarnings()
    {
        var result = BranchFoundingRules.Check(ClinicBranch(), Context(), T);

        Assert.True(result.Eligible, string.Join("; ", result.Failures.Select(f => f.Message)));
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Check_ValidAcademicBranch_IsEligibleWithoutWarnings()
    {
        var result = BranchFoundingRules.Check(AcademicBranch(), Context(), T);

        Assert.True(result.Eligible, string.Join("; ", result.Failures.Select(f => f.Message)));
        Assert.Empty(result.Warnings);
    }

    [Theory]
    [InlineData(120, false)]
    [InlineData(121, true)]
    [InlineData(151, true)]
    [InlineData(152, false)]
    public void Check_CommitteeSize_MustBeBetween121And151(int size, bool expected)
    {
        var result = BranchFoundingRules.Check(ClinicBranch(committeeSize: size), Context(), T);

        var rule = result.Rule(RuleNames.CommitteeSize);
        Assert.Equal(expected, rule.Passed);
        Assert.Equal(RuleKind.Hard, rule.Kind);
        Assert.Equal(expected, result.Eligible);
        Assert.Equal($"委员会人数 {size} 人，应在 121–151 人之间", rule.Message);
        Assert.Equal("000 §4.2.2", rule.Source);
    }

    [Theory]
    [InlineData(48, true)]
    [InlineData(49, true)]
    [InlineData(50, false)]
    [InlineData(51, false)]
    public void Check_BranchCap_FiftiethPassesFiftyFirstFails(int existing, bool expected)
    {
        var academic = BranchFoundingRules.Check(AcademicBranch(), Context(existing), T);
        var clinic = BranchFoundingRules.Check(ClinicBranch(), Context(existing), T);

        Assert.Equal(expected, academic.Rule(RuleNames.BranchCap).Passed);
        Assert.Equal(expected, clinic.Rule(RuleNames.BranchCap).Passed);
        Assert.Equal(expected, academic.Eligible);
        Assert.Contains($"新设后为第 {existing + 1} 个", academic.Rule(RuleNames.BranchCap).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(34, false)]
    [InlineData(35, true)]
    public void Check_SecondLevelDiscipline_NeedsThirtyFiveUnits(int units, bool expected)
    {
        var input = AcademicBranch() with { SecondLevelDiscipline = true, UnitsWithDepartment = units };

        var result = BranchFoundingRules.Check(input, Context(), T);

        var rule = result.Rule(RuleNames.SecondLevelDisciplineUnits);
        Assert.Equal(expected, rule.Passed);
        Assert.Equal(expected, result.Eligible);
        Assert.Contains($"{units} 家", rule.Message, StringComparison.Ordinal);
        Assert.Contains("不低于 35 家", rule.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_NotSecondLevelDiscipline_HasNoUnitsRule()
    {
        var result = BranchFoundingRules.Check(AcademicBranch() with { UnitsWithDepartment = 3 }, Context(), T);

        Assert.Null(result.Find(RuleNames.SecondLevelDisciplineUnits));
    }

    [Theory]
    [InlineData(ClinicCategory.Dental)]
    [InlineData(ClinicCategory.Cosmetic)]
    public void Check_DentalOrCosmeticCategory_Refused(ClinicCategory category)
    {
        var result = BranchFoundingRules.Check(ClinicBranch(category), Context(), T);

        Assert.False(result.Eligible);
        var rule = result.Rule(RuleNames.ClinicCategory);
        Assert.False(rule.Passed);
        Assert.Equal("000 §4.1", rule.Source);
    }

    [Theory]
    [InlineData(ClinicCategory.Western)]
    [InlineData(ClinicCategory.Tcm)]
    [InlineData(ClinicCategory.Integrated)]
    public void Check_FoundableCategory_Accepted(ClinicCategory category)
    {
        var result = BranchFoundingRules.Check(ClinicBranch(category), Context(), T);

        Assert.True(result.Rule(RuleNames.ClinicCategory).Passed);
        Assert.True(result.Eligible);
    }

    [Fact]
    public void Check_CategoryAlreadyHasBranch_Refused()
    {
        var result = BranchFoundingRules.Check(ClinicBranch(ClinicCategory.Tcm), Context(30, ClinicCategory.Tcm, ClinicCategory.Western), T);

        Assert.False(result.Eligible);
        Assert.False(result.Rule(RuleNames.ClinicCategoryUnique).Passed);
        Assert.Equal("已有中医诊所分会，每类诊所只设一个分会", result.Rule(RuleNames.ClinicCategoryUnique).Message);
    }

    [Fact]
    public void Check_OtherCategoryHasBranch_Accepted()
    {
        var result = BranchFoundingRules.Check(ClinicBranch(ClinicCategory.Integrated), Context(30, ClinicCategory.Tcm), T);

        Assert.True(result.Rule(RuleNames.ClinicCategoryUnique).Passed);
    }

    [Fact]
    public void Check_NoFundingCommitment_Blocks()
    {
        var result = BranchFoundingRules.Check(AcademicBranch() with { FundingCommitment = false }, Context(), T);

        Assert.False(result.Eligible);
        Assert.False(result.Rule(RuleNames.FundingCommitment).Passed);
    }

    [Theory]
    [InlineData(37, false)]
    [InlineData(38, true)]
    public void Check_DistrictCoverage_WarnsWithoutBlocking(int districts, bool expected)
    {
        var input = ClinicBranch() with { Committee = new CommitteeInfo { Size = 130, DistrictsCovered = districts, StandingMembersPerDistrict = 1 } };

        var result = BranchFoundingRules.Check(input, Context(), T);

        var rule = result.Rule(RuleNames.DistrictCoverage);
        Assert.Equal(RuleKind.Soft, rule.Kind);
        Assert.Equal(expected, rule.Passed);
        Assert.True(result.Eligible);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(2, false)]
    public void Check_StandingMembersPerDistrict_OneInPrinciple(int perDistrict, bool expected)
    {
        var input = ClinicBranch() with { Committee = new CommitteeInfo { Size = 130, DistrictsCovered = 38, StandingMembersPerDistrict = perDistrict } };

        var result = BranchFoundingRules.Check(input, Context(), T);

        Assert.Equal(expected, result.Rule(RuleNames.StandingPerDistrict).Passed);
        Assert.True(result.Eligible);
    }

    [Theory]
    [InlineData(HospitalGrade.Tertiary, false, false, false, false, true)]
    [InlineData(HospitalGrade.Tertiary, true, true, false, false, true)]
    [InlineData(HospitalGrade.Tertiary, true, false, false, false, false)]
    [InlineData(HospitalGrade.Grade2A, false, false, true, false, true)]
    [InlineData(HospitalGrade.Grade2A, false, false, false, true, true)]
    [InlineData(HospitalGrade.Grade2A, false, false, false, false, false)]
    [InlineData(HospitalGrade.Other, false, true, true, true, false)]
    public void Check_ChairUnit_SoftRuleOnGradeAndKeySpecialties(HospitalGrade grade, bool specialty, bool key, bool municipal, bool regional, bool expected)
    {
        var unit = new ChairUnitInfo { Grade = grade, SpecialtyHospital = specialty, KeyDiscipline = key, MunicipalKeySpecialty = municipal, RegionalKeyDiscipline = regional };

        var result = BranchFoundingRules.Check(AcademicBranch() with { ChairUnit = unit }, Context(), T);

        var rule = result.Rule(RuleNames.ChairUnit);
        Assert.Equal(RuleKind.Soft, rule.Kind);
        Assert.Equal(expected, rule.Passed);
        Assert.True(result.Eligible);
    }

    [Theory]
    [InlineData(ProfessionalTitle.Senior, false, false, true)]
    [InlineData(ProfessionalTitle.AssociateSenior, true, false, true)]
    [InlineData(ProfessionalTitle.AssociateSenior, false, true, true)]
    [InlineData(ProfessionalTitle.AssociateSenior, false, false, false)]
    [InlineData(ProfessionalTitle.Intermediate, false, false, false)]
    public void Check_ChairPerson_SoftRuleOnTitleProfessorSupervisor(ProfessionalTitle title, bool professor, bool supervisor, bool expected)
    {
        var person = new ChairPersonInfo { Title = title, Professor = professor, Supervisor = supervisor };

        var result = BranchFoundingRules.Check(AcademicBranch() with { ChairPerson = person }, Context(), T);

        Assert.Equal(expected, result.Rule(RuleNames.ChairPerson).Passed);
        Assert.Equal(expected ? 0 : 1, result.Warnings.Count);
        Assert.True(result.Eligible);
    }

    [Fact]
    public void Check_ClinicBranch_HasNoAcademicChairRules()
    {
        var result = BranchFoundingRules.Check(ClinicBranch(), Context(), T);

        Assert.Null(result.Find(RuleNames.ChairUnit));
        Assert.Null(result.Find(RuleNames.ChairPerson));
        Assert.NotNull(result.Find(RuleNames.CommitteeSize));
    }

    [Fact]
    public void Check_AcademicBranch_HasNoCommitteeOrCategoryRules()
    {
        var result = BranchFoundingRules.Check(AcademicBranch(), Context(), T);

        Assert.Null(result.Find(RuleNames.CommitteeSize));
        Assert.Null(result.Find(RuleNames.ClinicCategory));
        Assert.Null(result.Find(RuleNames.DistrictCoverage));
    }

    [Fact]
    public void Check_ClinicBranchWithoutCommittee_FailsCommitteeRule()
    {
        var result = BranchFoundingRules.Check(ClinicBranch() with { Committee = null }, Context(), T);

        Assert.False(result.Rule(RuleNames.CommitteeSize).Passed);
        Assert.False(result.Eligible);
    }

    [Fact]
    public void ContextFrom_BranchesInEveryStatus_CountsOnlyExistingOnesOfBothKinds()
    {
        Branch B(BranchKind kind, BranchStatus status, ClinicCategory? category = null) =>
            new() { Id = Guid.NewGuid().ToString(), Kind = kind, Status = status, ClinicCategory = category };
        var branches = new[]
        {
            B(BranchKind.Academic, BranchStatus.Active),
            B(BranchKind.Academic, BranchStatus.UnderRectification),
            B(BranchKind.Academic, BranchStatus.Suspended),
            B(BranchKind.Academic, BranchStatus.Dissolved),
            B(BranchKind.Academic, BranchStatus.Merged),
            B(BranchKind.Academic, BranchStatus.Proposed),
            B(BranchKind.Clinic, BranchStatus.Active, ClinicCategory.Tcm),
            B(BranchKind.Clinic, BranchStatus.Dissolved, ClinicCategory.Western),
        };

        var context = BranchFoundingContext.From(branches);

        Assert.Equal(4, context.ExistingBranchCount);
        Assert.Equal(new[] { ClinicCategory.Tcm }, context.ExistingClinicCategories);
    }
}
