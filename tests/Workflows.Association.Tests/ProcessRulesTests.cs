using Workflows.Association.Domain;
using Workflows.Association.Rules;
using static Workflows.Association.Tests.TestData;

namespace Workflows.Association.Tests;

public class ProcessRulesTests
{
    [Theory]
    [InlineData(ProfessionalTitle.Intermediate, 2010, false)]
    [InlineData(ProfessionalTitle.AssociateSenior, 2020, false)]
    [InlineData(ProfessionalTitle.AssociateSenior, 2019, true)]
    [InlineData(ProfessionalTitle.Senior, 2019, true)]
    [InlineData(ProfessionalTitle.Senior, 2021, false)]
    public void ExpertQualification_TitleAndYearHeld_EligibleFromAssociateSeniorFiveYears(ProfessionalTitle title, int titleYear, bool expected)
    {
        var result = ExpertRules.CheckQualification(new ExpertQualificationInput { Title = title, TitleYear = titleYear }, 2024, T);

        Assert.Equal(expected, result.Eligible);
    }

    [Fact]
    public void ExpertQualification_FourYearsHeld_MessageStatesYears()
    {
        var result = ExpertRules.CheckQualification(new ExpertQualificationInput { Title = ProfessionalTitle.AssociateSenior, TitleYear = 2020 }, 2024, T);

        Assert.Equal("2020 年取得现职称，至 2024 年已满 4 年，须满 5 年", result.Rule(RuleNames.ExpertTitleYears).Message);
    }

    [Fact]
    public void ExpertQualification_MissingTitleYear_Fails()
    {
        var result = ExpertRules.CheckQualification(new ExpertQualificationInput { Title = ProfessionalTitle.Senior }, 2024, T);

        Assert.False(result.Eligible);
    }

    [Fact]
    public void ExpertQualification_Consultant_OnlyToConfirm()
    {
        var result = ExpertRules.CheckQualification(new ExpertQualificationInput { Title = ProfessionalTitle.None, Consultant = true }, 2024, T);

        Assert.True(result.Eligible);
        Assert.Equal(RuleNames.ExpertRenown, Assert.Single(result.ToConfirm).Rule);
    }

    [Fact]
    public void Panel_ExpertFromApplicant_Blocked()
    {
        var members = new[]
        {
            new PanelCandidate { ExpertId = "e1", Name = "甲", MemberUnitId = "u1", Title = ProfessionalTitle.Senior, TitleYear = 2010, IsLeader = true },
            new PanelCandidate { ExpertId = "e2", Name = "乙", MemberUnitId = "applicant", Title = ProfessionalTitle.Senior, TitleYear = 2010 },
        };

        var result = ExpertRules.CheckPanel(members, "applicant", 2024, T);

        Assert.False(result.Eligible);
        Assert.Equal(RuleNames.PanelConflictOfInterest, Assert.Single(result.Failures).Rule);
        Assert.Contains("乙", result.Failures[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(2, false)]
    public void Panel_LeaderCount_EligibleOnlyWithExactlyOne(int leaders, bool expected)
    {
        var members = Enumerable.Range(0, 3)
            .Select(i => new PanelCandidate { ExpertId = $"e{i}", MemberUnitId = "u", Title = ProfessionalTitle.AssociateSenior, TitleYear = 2015, IsLeader = i < leaders })
            .ToArray();

        Assert.Equal(expected, ExpertRules.CheckPanel(members, "applicant", 2024, T).Eligible);
    }

    [Fact]
    public void Panel_UnqualifiedExpert_Blocked()
    {
        var members = new[]
        {
            new PanelCandidate { ExpertId = "e1", MemberUnitId = "u", Title = ProfessionalTitle.Senior, TitleYear = 2010, IsLeader = true },
            new PanelCandidate { ExpertId = "e2", MemberUnitId = "u", Title = ProfessionalTitle.AssociateSenior, TitleYear = 2022 },
        };

        var result = ExpertRules.CheckPanel(members, "applicant", 2024, T);

        Assert.Equal(RuleNames.PanelExpertQualified, Assert.Single(result.Failures).Rule);
    }

    [Theory]
    [InlineData(95, 92, 90, AssessmentGrade.Excellent)]
    [InlineData(100, 100, 89.5, AssessmentGrade.Pass)]
    [InlineData(60, 60, 60, AssessmentGrade.Pass)]
    [InlineData(100, 100, 59.9, AssessmentGrade.Fail)]
    [InlineData(0, 95, 95, AssessmentGrade.Fail)]
    public void AssessmentGrade_ThreePartScores_GivesExpectedGrade(double target, double ideology, double conduct, AssessmentGrade expected)
    {
        var result = AssessmentRules.Grade(new AssessmentScores((decimal)target, (decimal)ideology, (decimal)conduct), T);

        Assert.Equal(expected, result.Grade);
        Assert.Equal(expected != AssessmentGrade.Fail, result.Eligible);
        Assert.Single(result.ToConfirm);
    }

    [Fact]
    public void AssessmentGrade_ExcellentNeedsEveryPartFullyCompleted_MessageNamesTheGap()
    {
        var result = AssessmentRules.Grade(new AssessmentScores(98, 99, 85), T);

        Assert.Equal(AssessmentGrade.Pass, result.Grade);
        Assert.Contains("合格，未全面完成", result.Rule(RuleNames.AssessmentIntegrity).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(100.5)]
    public void AssessmentGrade_ScoreOutsideScale_Throws(double score)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AssessmentRules.Grade(new AssessmentScores(80, (decimal)score, 80), T));
    }

    [Theory]
    [InlineData(0, AssessmentGrade.Excellent, 2)]
    [InlineData(2, AssessmentGrade.Excellent, 4)]
    [InlineData(4, AssessmentGrade.Excellent, 5)]
    [InlineData(5, AssessmentGrade.Excellent, 5)]
    [InlineData(4, AssessmentGrade.Pass, 4)]
    [InlineData(2, AssessmentGrade.Fail, 2)]
    public void SponsorFeeReduction_AfterGrade_TwoPointsPerExcellentYearCappedAtFive(int current, AssessmentGrade grade, int expected)
    {
        var result = AssessmentRules.NextYearSponsorFeeReduction(current, grade, T);

        Assert.Equal(expected, result.NextYearPoints);
        Assert.Equal(grade == AssessmentGrade.Excellent, result.Eligible);
    }

    [Fact]
    public void SponsorFeeReduction_Capped_MessageSaysSo()
    {
        var result = AssessmentRules.NextYearSponsorFeeReduction(4, AssessmentGrade.Excellent, T);

        Assert.Equal("累计降幅 6 个百分点超过上限 5 个百分点，次年按 5 个百分点执行", result.Rule(RuleNames.SponsorFeeCap).Message);
    }

    [Theory]
    [InlineData(5, false)]
    [InlineData(6, true)]
    [InlineData(9, true)]
    public void BadPractice_Points_WarningFromSix(int points, bool warning)
    {
        var result = SupervisionRules.CheckBadPractice(points, T);

        Assert.Equal(warning, result.Warning);
        Assert.Equal(!warning, result.Rule(RuleNames.BadPracticeWarning).Passed);
        Assert.Equal(RuleKind.Soft, result.Rule(RuleNames.BadPracticeWarning).Kind);
        Assert.True(result.Eligible);
    }

    [Fact]
    public void BadPractice_TotalPoints_SumsRecords()
    {
        var records = new[] { new BadPracticeRecord { Points = 2 }, new BadPracticeRecord { Points = 4 } };

        Assert.True(SupervisionRules.CheckBadPractice(SupervisionRules.TotalPoints(records), T).Warning);
    }

    [Theory]
    [InlineData("2025-02-28", false)]
    [InlineData("2025-03-01", true)]
    [InlineData("2023-01-01", false)]
    public void InsuranceFraud_ApplicationDate_BlockedWithinThreeYears(string applicationDate, bool expected)
    {
        var result = SupervisionRules.CheckInsuranceApplication(new DateOnly(2022, 3, 1), DateOnly.Parse(applicationDate, System.Globalization.CultureInfo.InvariantCulture), T);

        Assert.Equal(expected, result.Eligible);
    }

    [Fact]
    public void InsuranceFraud_NoRecord_Allowed()
    {
        Assert.True(SupervisionRules.CheckInsuranceApplication(null, new DateOnly(2024, 1, 1), T).Eligible);
    }

    [Fact]
    public void AnnualReport_AnyYear_DueFifteenthDecember()
    {
        Assert.Equal(new DateOnly(2024, 12, 15), SupervisionRules.AnnualReportDueDate(2024, T));
        Assert.Equal(new DateOnly(2024, 12, 15), SupervisionRules.NextAnnualReportDueDate(new DateOnly(2024, 12, 15), T));
        Assert.Equal(new DateOnly(2025, 12, 15), SupervisionRules.NextAnnualReportDueDate(new DateOnly(2024, 12, 16), T));
    }

    [Fact]
    public void LeaderUnitTerm_StartDate_EndsAfterThreeYears()
    {
        Assert.Equal(new DateOnly(2025, 10, 6), SupervisionRules.LeaderUnitTermEnd(new DateOnly(2022, 10, 7), T));
    }

    private static readonly DateTimeOffset Now = new(2024, 5, 10, 9, 0, 0, TimeSpan.Zero);

    private static ActivityPreApprovalInput Activity(ActivityType type = ActivityType.Meeting) => new()
    {
        Type = type,
        BranchStatus = BranchStatus.Active,
        StartsAt = Now.AddDays(20),
        EndsAt = Now.AddDays(21),
        Budget = 80_000,
        InvolvesFunds = true,
    };

    [Fact]
    public void Activity_ValidRequest_Eligible()
    {
        Assert.True(ActivityRules.CheckPreApproval(Activity(), Now).Eligible);
    }

    [Theory]
    [InlineData(BranchStatus.Suspended)]
    [InlineData(BranchStatus.UnderRectification)]
    [InlineData(BranchStatus.Proposed)]
    public void Activity_BranchNotActive_Blocked(BranchStatus status)
    {
        var result = ActivityRules.CheckPreApproval(Activity() with { BranchStatus = status }, Now);

        Assert.Equal(RuleNames.ActivityBranchActive, Assert.Single(result.Failures).Rule);
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, false)]
    [InlineData(1, true)]
    public void Activity_StartRelativeToNow_PassesOnlyWhenAfter(int secondsFromNow, bool expected)
    {
        var start = Now.AddSeconds(secondsFromNow);

        var result = ActivityRules.CheckPreApproval(Activity() with { StartsAt = start, EndsAt = start.AddHours(3) }, Now);

        Assert.Equal(expected, result.Rule(RuleNames.ActivityStartsInFuture).Passed);
    }

    [Fact]
    public void Activity_EndBeforeStart_Blocked()
    {
        var result = ActivityRules.CheckPreApproval(Activity() with { EndsAt = Now.AddDays(19) }, Now);

        Assert.Equal(RuleNames.ActivityDates, Assert.Single(result.Failures).Rule);
    }

    [Theory]
    [InlineData(ActivityType.Sponsorship, false, null, false)]
    [InlineData(ActivityType.Procurement, false, 0, false)]
    [InlineData(ActivityType.Procurement, false, 120000, true)]
    [InlineData(ActivityType.Meeting, true, null, false)]
    [InlineData(ActivityType.Meeting, false, null, true)]
    [InlineData(ActivityType.Cooperation, false, null, true)]
    public void Activity_BudgetMissing_BlocksPaidTypesOnly(ActivityType type, bool involvesFunds, int? budget, bool expected)
    {
        var result = ActivityRules.CheckPreApproval(Activity(type) with { InvolvesFunds = involvesFunds, Budget = budget }, Now);

        Assert.Equal(expected, result.Eligible);
        Assert.Equal(ActivityRules.RequiresBudget(type, involvesFunds), result.Find(RuleNames.ActivityBudget) is not null);
    }

    [Theory]
    [InlineData(ActivityType.Meeting, CountersignMode.Any)]
    [InlineData(ActivityType.Cooperation, CountersignMode.Any)]
    [InlineData(ActivityType.Sponsorship, CountersignMode.All)]
    [InlineData(ActivityType.Procurement, CountersignMode.All)]
    public void Activity_ApprovalMode_CountersignForSponsorshipAndProcurement(ActivityType type, CountersignMode expected)
    {
        Assert.Equal(expected, ActivityRules.ApprovalMode(type));
    }

    [Theory]
    [InlineData(30, 15, false)]
    [InlineData(30, 16, true)]
    [InlineData(31, 15, false)]
    [InlineData(31, 16, true)]
    [InlineData(1, 1, true)]
    [InlineData(0, 0, false)]
    public void CouncilVote_InFavourCount_PassesOnlyAboveHalfOfPresent(int present, int inFavour, bool expected)
    {
        var result = GovernanceRules.CouncilVote(present, inFavour);

        Assert.Equal(expected, result.Eligible);
    }

    [Fact]
    public void CouncilVote_CountsVotes_AbstentionsAreNotInFavour()
    {
        var votes = new[] { VoteChoice.InFavour, VoteChoice.InFavour, VoteChoice.Abstain, VoteChoice.Against };

        // 2 of 4 is exactly half: not passed. A fifth member present voting in favour makes 3 of 5.
        Assert.False(GovernanceRules.CouncilVote(4, votes).Eligible);
        Assert.True(GovernanceRules.CouncilVote(5, votes.Append(VoteChoice.InFavour)).Eligible);

        // Present but not voting counts against: 3 of 7.
        Assert.False(GovernanceRules.CouncilVote(7, votes.Append(VoteChoice.InFavour)).Eligible);
    }

    [Fact]
    public void CouncilVote_MoreInFavourThanPresent_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GovernanceRules.CouncilVote(10, 11));
    }

    private static PartyBranchCommitteeInput Committee(int size = 5, bool chairIsMember = true) => new()
    {
        Members = Enumerable.Range(1, size).Select(i => new PartyBranchNominee($"p{i}", true)).ToArray(),
        ChairPersonId = "p1",
        ChairIsPartyMember = chairIsMember,
        SecretaryPersonId = "p1",
    };

    [Theory]
    [InlineData(4, false)]
    [InlineData(5, true)]
    [InlineData(6, false)]
    public void PartyBranch_CommitteeSize_EligibleOnlyWithFive(int size, bool expected)
    {
        Assert.Equal(expected, GovernanceRules.CheckPartyBranchCommittee(Committee(size), T).Eligible);
    }

    [Fact]
    public void PartyBranch_FailedNominee_MustBeReplacedFirst()
    {
        var input = Committee() with { Members = [.. Committee().Members.Take(4), new PartyBranchNominee("p5", false)] };

        var result = GovernanceRules.CheckPartyBranchCommittee(input, T);

        Assert.Equal(RuleNames.PartyBranchAssessed, Assert.Single(result.Failures).Rule);
    }

    [Fact]
    public void PartyBranch_PartyMemberChairNotSecretary_Blocked()
    {
        var result = GovernanceRules.CheckPartyBranchCommittee(Committee() with { SecretaryPersonId = "p2" }, T);

        Assert.Equal(RuleNames.PartyBranchSecretary, Assert.Single(result.Failures).Rule);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("主任委员非党员，由党龄最长的支部委员担任书记", true)]
    public void PartyBranch_ChairNotPartyMember_SecretaryNeedsReason(string? reason, bool expected)
    {
        var input = Committee(chairIsMember: false) with { ChairPersonId = "outsider", SecretaryPersonId = "p3", SecretaryReason = reason };

        Assert.Equal(expected, GovernanceRules.CheckPartyBranchCommittee(input, T).Eligible);
    }
}
