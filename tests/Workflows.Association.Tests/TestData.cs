using Workflows.Association.Domain;
using Workflows.Association.Rules;

namespace Workflows.Association.Tests;

/// <summary>Inputs that pass every rule, so each test changes exactly the one value it is about.</summary>
internal static class TestData
{
    public static RuleThresholds T => RuleThresholds.Default;

    public static string SeedsPath => Path.Combine(AppContext.BaseDirectory, "seeds");

    public static OfficeHolderCandidate PassingCandidate(OfficePosition position) => new()
    {
        LicensedPhysician = true,
        PracticeYears = 5,
        ClinicAreaSqm = 300,
        LeaseYears = 5,
        InspectionPassedYears = position == OfficePosition.Member ? 3 : 5,
        AvgRevenue2019To2021 = position == OfficePosition.Member ? 3_000_000m : 5_000_000m,
        BadCreditRecord = false,
        SignedIntegrityPledge = true,
        Title = position == OfficePosition.Chair ? ProfessionalTitle.Senior : ProfessionalTitle.Intermediate,
        RichManagementExperience = false,
        PartyMember = true,
        DivisionLevelHealthAdminExperience = false,
    };

    public static RuleCheckResult CheckOfficeHolder(OfficePosition position, Func<OfficeHolderCandidate, OfficeHolderCandidate>? change = null)
    {
        var candidate = PassingCandidate(position);
        return OfficeHolderRules.Check(new OfficeHolderCheckInput(position, change is null ? candidate : change(candidate)), T);
    }

    public static BranchFoundingInput ClinicBranch(ClinicCategory category = ClinicCategory.Western, int committeeSize = 130) => new()
    {
        Kind = BranchKind.Clinic,
        ClinicCategory = category,
        FundingCommitment = true,
        Committee = new CommitteeInfo { Size = committeeSize, DistrictsCovered = 38, StandingMembersPerDistrict = 1 },
    };

    public static BranchFoundingInput AcademicBranch() => new()
    {
        Kind = BranchKind.Academic,
        SecondLevelDiscipline = false,
        ChairUnit = new ChairUnitInfo { Grade = HospitalGrade.Tertiary },
        ChairPerson = new ChairPersonInfo { Title = ProfessionalTitle.Senior },
        FundingCommitment = true,
    };

    public static BranchFoundingContext Context(int existing = 30, params ClinicCategory[] categories) =>
        new() { ExistingBranchCount = existing, ExistingClinicCategories = categories };

    public static RuleResult Rule(this RuleCheckResult result, string name) =>
        result.Find(name) ?? throw new Xunit.Sdk.XunitException($"rule {name} missing; have: {string.Join(", ", result.Rules.Select(r => r.Rule))}");
}
