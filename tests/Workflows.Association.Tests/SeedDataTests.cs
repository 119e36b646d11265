using System.Text.RegularExpressions;
using Workflows.Association.Domain;
using Workflows.Association.Rules;
using Workflows.Association.Seeding;
using static Workflows.Association.Tests.TestData;

namespace Workflows.Association.Tests;

public partial class SeedDataTests
{
    private static string Demo(string file) => Path.Combine(SeedsPath, SeedFiles.DemoFolder, file);

    private static IReadOnlyList<T> ReadDemo<T>(string file) => SeedFiles.Read<T>(Demo(file));

    [Fact]
    public void Districts_SeedFile_ThirtyEightWithKindsAndCodes()
    {
        var districts = SeedFiles.ReadDistricts(SeedsPath);

        Assert.Equal(38, districts.Count);
        Assert.Equal(26, districts.Count(d => d.Kind == DistrictKind.District));
        Assert.Equal(8, districts.Count(d => d.Kind == DistrictKind.County));
        Assert.Equal(4, districts.Count(d => d.Kind == DistrictKind.AutonomousCounty));
        Assert.All(districts, d => Assert.Matches("^500[12][0-9]{2}$", d.Id));
        Assert.Equal(38, districts.Select(d => d.Id).Distinct().Count());
        Assert.Equal(38, districts.Select(d => d.Name).Distinct().Count());
        Assert.Contains(districts, d => d.Id == "500103" && d.Name == "渝中区");
        Assert.Contains(districts, d => d.Id == "500243" && d.Name == "彭水苗族土家族自治县");
        Assert.All(districts.Where(d => d.Kind == DistrictKind.District), d => Assert.EndsWith("区", d.Name, StringComparison.Ordinal));
        Assert.All(districts.Where(d => d.Kind == DistrictKind.AutonomousCounty), d => Assert.EndsWith("自治县", d.Name, StringComparison.Ordinal));
    }

    [Fact]
    public void Districts_SeedFile_CountMatchesThreshold()
    {
        Assert.Equal(RuleThresholds.Default.DistrictCount, SeedFiles.ReadDistricts(SeedsPath).Count);
    }

    [Fact]
    public void Roles_SeedFile_ExactlyTheRoleKeysWithBothLanguages()
    {
        var roles = SeedFiles.ReadRoles(SeedsPath);

        Assert.Equal(AssociationRoles.All, roles.Select(r => r.Id).ToArray());
        Assert.All(roles, r =>
        {
            Assert.Matches(Cjk(), r.Name);
            Assert.False(string.IsNullOrWhiteSpace(r.NameEn));
            Assert.Matches(Cjk(), r.Description);
            Assert.False(string.IsNullOrWhiteSpace(r.DescriptionEn));
        });
    }

    [Fact]
    public void DemoUsers_SeedFile_EveryRoleHeldAndShapesValid()
    {
        var users = SeedFiles.ReadDemoUsers(SeedsPath);

        Assert.All(AssociationRoles.All, role => Assert.Contains(users, u => u.Roles.Contains(role)));
        Assert.All(users, u =>
        {
            Assert.Matches("^[a-z][a-z0-9]*$", u.UserName);
            Assert.EndsWith("@example.org", u.Email, StringComparison.Ordinal);
            Assert.Matches(Cjk(), u.DisplayName);
            Assert.False(string.IsNullOrEmpty(u.Password));
            Assert.All(u.Roles, r => Assert.Contains(r, AssociationRoles.All));
        });
        Assert.Equal(users.Count, users.Select(u => u.UserName).Distinct().Count());
        Assert.True(users.Count(u => u.Roles.SequenceEqual([AssociationRoles.LeadershipGroupMember])) >= 3);
        Assert.True(users.Count(u => u.Roles.Contains(AssociationRoles.Expert)) >= 3);
        Assert.True(users.Count(u => u.Roles.Contains(AssociationRoles.StandingCouncil)) >= 3);

        // Countersign "all group members" means every holder of leadershipGroupMember, leader and deputy included.
        Assert.All(users.Where(u => u.Roles.Contains(AssociationRoles.LeadershipGroupLeader) || u.Roles.Contains(AssociationRoles.LeadershipGroupDeputy)),
            u => Assert.Contains(AssociationRoles.LeadershipGroupMember, u.Roles));
    }

    [Fact]
    public void DemoPeople_LinkedToUsers_UsersExistAndNamesMatch()
    {
        var users = SeedFiles.ReadDemoUsers(SeedsPath).ToDictionary(u => u.UserName);
        var people = ReadDemo<Person>("people.json");

        var linked = people.Where(p => p.UserName is not null).ToList();
        Assert.True(linked.Count >= 8);
        Assert.All(linked, p =>
        {
            Assert.True(users.ContainsKey(p.UserName!), p.UserName);
            Assert.Equal(users[p.UserName!].DisplayName, p.Name);
            Assert.Equal(users[p.UserName!].Email, p.Email);
            Assert.Equal(users[p.UserName!].PersonId, p.Id); // the link the seeder keeps (UserOrganisationTests)
        });
        Assert.Equal(linked.Count, users.Values.Count(u => u.PersonId is not null));
    }

    [Fact]
    public void DemoUnits_SeedFile_HundredWithDistrictsFromReferenceData()
    {
        var districts = SeedFiles.ReadDistricts(SeedsPath).Select(d => d.Id).ToHashSet();
        var units = ReadDemo<MemberUnit>("member-units.json");

        Assert.Equal(100, units.Count);
        Assert.All(units, u => Assert.Contains(u.DistrictId, districts));
        Assert.Equal(38, units.Where(u => u.Kind == MemberUnitKind.Clinic).Select(u => u.DistrictId).Distinct().Count());
        Assert.All(units.Where(u => u.Kind == MemberUnitKind.Hospital), u => Assert.NotNull(u.HospitalGrade));
        Assert.All(units.Where(u => u.Kind == MemberUnitKind.Clinic), u => Assert.NotNull(u.ClinicCategory));
    }

    [Fact]
    public void DemoClinics_CheckedForEachPosition_SomePassSomeFail()
    {
        var units = ReadDemo<MemberUnit>("member-units.json").Where(u => u.Kind == MemberUnitKind.Clinic).ToList();
        var owners = ReadDemo<Person>("people.json").Where(p => p.MemberUnitId is not null).ToLookup(p => p.MemberUnitId!);
        var pledged = ReadDemo<IntegrityPledge>("integrity-pledges.json").Select(p => p.MemberUnitId).ToHashSet();

        foreach (var position in Enum.GetValues<OfficePosition>())
        {
            var outcomes = units
                .Select(u => OfficeHolderRules.Check(new OfficeHolderCheckInput(position, OfficeHolderCandidate.FromRecords(owners[u.Id].First(), u, pledged.Contains(u.Id), 2024, T)), T))
                .ToList();
            Assert.Contains(outcomes, r => r.Eligible);
            Assert.Contains(outcomes, r => !r.Eligible);
        }
    }

    [Theory]
    [InlineData(RuleNames.ClinicArea)]
    [InlineData(RuleNames.LeaseYears)]
    [InlineData(RuleNames.AverageRevenue)]
    [InlineData(RuleNames.Inspections)]
    [InlineData(RuleNames.BankCredit)]
    [InlineData(RuleNames.IntegrityPledge)]
    [InlineData(RuleNames.PracticeYears)]
    public void DemoClinics_CheckedAsMember_EachRuleIsTheOnlyFailureSomewhere(string rule)
    {
        var units = ReadDemo<MemberUnit>("member-units.json").Where(u => u.Kind == MemberUnitKind.Clinic).ToList();
        var owners = ReadDemo<Person>("people.json").Where(p => p.MemberUnitId is not null).ToLookup(p => p.MemberUnitId!);
        var pledged = ReadDemo<IntegrityPledge>("integrity-pledges.json").Select(p => p.MemberUnitId).ToHashSet();

        var onlyThatFails = units
            .Select(u => OfficeHolderRules.Check(new OfficeHolderCheckInput(OfficePosition.Member, OfficeHolderCandidate.FromRecords(owners[u.Id].First(), u, pledged.Contains(u.Id), 2024, T)), T))
            .Where(r => r.Failures.Count == 1 && r.Failures[0].Rule == rule);

        Assert.NotEmpty(onlyThatFails);
    }

    [Fact]
    public void DemoClinics_SeedFile_BoundaryValuesPresent()
    {
        var units = ReadDemo<MemberUnit>("member-units.json");

        Assert.Contains(units, u => u.FloorAreaSqm == 300m);
        Assert.Contains(units, u => u.FloorAreaSqm == 299m);
        Assert.Contains(units, u => u.LeaseYears == 4m);
        Assert.Contains(units, u => u.Revenues.Count > 0 && u.AverageRevenue(2019, 2021) == 3_000_000m);
        Assert.Contains(units, u => u.Revenues.Count > 0 && u.AverageRevenue(2019, 2021) == 2_999_999m);
        Assert.Contains(units, u => u.Revenues.Count > 0 && u.AverageRevenue(2019, 2021) == 5_000_000m);
        Assert.Contains(units, u => u.Revenues.Count > 0 && u.AverageRevenue(2019, 2021) == 4_999_999m);
        Assert.Contains(units, u => u.InsuranceAgreementEndedForFraudOn is not null);
    }

    [Fact]
    public void DemoBranches_AsFoundingContext_CapRespectedAndTcmTaken()
    {
        var branches = ReadDemo<Branch>("branches.json");
        var context = BranchFoundingContext.From(branches);

        Assert.InRange(context.ExistingBranchCount, 25, T.MaxBranches - 1);
        Assert.Equal(new[] { ClinicCategory.Tcm }, context.ExistingClinicCategories);
        Assert.Contains(branches, b => b.Status == BranchStatus.UnderRectification);
        Assert.Contains(branches, b => b.Status == BranchStatus.Suspended);
        Assert.True(branches.Count(b => b.Status == BranchStatus.Active) > branches.Count / 2);
        Assert.Equal(branches.Count, branches.Select(b => b.Code).Distinct().Count());

        // A new Western clinic branch passes; a second TCM one is refused.
        Assert.True(BranchFoundingRules.Check(ClinicBranch(ClinicCategory.Western), context, T).Eligible);
        Assert.False(BranchFoundingRules.Check(ClinicBranch(ClinicCategory.Tcm), context, T).Eligible);
    }

    [Fact]
    public void DemoBranches_Existing_EachHasOneChair()
    {
        var holders = ReadDemo<BranchOfficeHolder>("office-holders.json");

        foreach (var branch in ReadDemo<Branch>("branches.json").Where(b => Branch.CountsAgainstCap(b.Status)))
        {
            Assert.Single(holders, h => h.BranchId == branch.Id && h.Position == OfficePosition.Chair);
        }
    }

    [Fact]
    public void DemoAssessments_RegradedByRules_GradesAndFeeReductionsAgree()
    {
        var assessments = ReadDemo<Assessment>("assessments.json");

        Assert.All(assessments, a =>
        {
            var graded = AssessmentRules.Grade(new AssessmentScores(a.ReviewScoreTarget!.Value, a.ReviewScoreIdeology!.Value, a.ReviewScoreIntegrity!.Value), T);
            Assert.Equal(graded.Grade, a.Grade);
        });
        Assert.Contains(assessments, a => a.Grade == AssessmentGrade.Excellent);
        Assert.Contains(assessments, a => a.Grade == AssessmentGrade.Fail && a.RectificationDeadline is not null);

        foreach (var branch in ReadDemo<Branch>("branches.json"))
        {
            var points = 0m;
            foreach (var a in assessments.Where(a => a.BranchId == branch.Id).OrderBy(a => a.Year))
            {
                points = AssessmentRules.NextYearSponsorFeeReduction(points, a.Grade!.Value, T).NextYearPoints;
            }

            Assert.Equal(points, branch.SponsorFeeReductionPoints);
        }
    }

    [Fact]
    public void DemoExperts_CheckedByRules_SomeQualifiedSomeNot()
    {
        var experts = ReadDemo<Expert>("experts.json");
        var people = ReadDemo<Person>("people.json").ToDictionary(p => p.Id);
        var qualified = experts
            .Where(e => ExpertRules.CheckQualification(new ExpertQualificationInput { Title = e.Title, TitleYear = e.TitleYear, Consultant = e.IsConsultant }, 2024, T).Eligible)
            .ToList();

        Assert.True(qualified.Count >= 20);
        Assert.True(experts.Count - qualified.Count >= 3);
        Assert.All(experts.Where(e => e.Status == ExpertStatus.Active), e => Assert.Contains(e, qualified));
        Assert.Contains(experts, e => e.IsConsultant && e.IsExternal);
        Assert.All(experts.Where(e => people[e.PersonId].UserName is not null), e => Assert.Contains(e, qualified));

        // Several active experts work at the same hospital, so a review of it must exclude them.
        Assert.Contains(experts.Where(e => e.Status == ExpertStatus.Active).GroupBy(e => people[e.PersonId].MemberUnitId), g => g.Key is not null && g.Count() >= 2);
    }

    [Fact]
    public void DemoPartyBranches_CheckedByRules_AllEligible()
    {
        var people = ReadDemo<Person>("people.json").ToDictionary(p => p.Id);
        var holders = ReadDemo<BranchOfficeHolder>("office-holders.json");

        var partyBranches = ReadDemo<PartyBranch>("party-branches.json");

        Assert.Contains(partyBranches, p => !p.SecretaryIsBranchChair);
        Assert.All(partyBranches, pb =>
        {
            var chair = holders.Single(h => h.BranchId == pb.BranchId && h.Position == OfficePosition.Chair).PersonId;
            var input = new PartyBranchCommitteeInput
            {
                Members = pb.Members.Select(m => new PartyBranchNominee(m.PersonId, m.AssessmentPassed)).ToArray(),
                ChairPersonId = chair,
                ChairIsPartyMember = people[chair].PartyMember,
                SecretaryPersonId = pb.SecretaryPersonId,
                SecretaryReason = pb.SecretaryReason,
            };
            var result = GovernanceRules.CheckPartyBranchCommittee(input, T);
            Assert.True(result.Eligible, string.Join("; ", result.Failures.Select(f => f.Message)));
        });
    }

    [Fact]
    public void DemoBadPractice_PointsPerClinic_OneReachesTheWarning()
    {
        var records = ReadDemo<BadPracticeRecord>("bad-practice-records.json");

        Assert.Contains(records.GroupBy(r => r.MemberUnitId), g => SupervisionRules.CheckBadPractice(SupervisionRules.TotalPoints(g), T).Warning);
        Assert.Contains(records.GroupBy(r => r.MemberUnitId), g => !SupervisionRules.CheckBadPractice(SupervisionRules.TotalPoints(g), T).Warning);
    }

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Cjk();
}
