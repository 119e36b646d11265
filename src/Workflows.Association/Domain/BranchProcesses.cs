namespace Workflows.Association.Domain;

/// <summary>
/// One branch's annual three-responsibility assessment (三个责任制综合考核, 001 §7, 000 §6.2); one per
/// branch and year. Each part is scored 0–100 (see RuleThresholds for the pass and "fully completed" marks).
/// </summary>
public class Assessment
{
    public string Id { get; set; } = string.Empty;

    public string BranchId { get; set; } = string.Empty;

    /// <summary>The year assessed (not the year the assessment runs).</summary>
    public int Year { get; set; }

    public AssessmentStatus Status { get; set; }

    /// <summary>年度目标责任制, self-assessment.</summary>
    public decimal? SelfScoreTarget { get; set; }

    /// <summary>意识形态责任制, self-assessment.</summary>
    public decimal? SelfScoreIdeology { get; set; }

    /// <summary>党风廉政建设责任制, self-assessment.</summary>
    public decimal? SelfScoreIntegrity { get; set; }

    public string? SelfEvidence { get; set; }

    public decimal? ReviewScoreTarget { get; set; }

    public decimal? ReviewScoreIdeology { get; set; }

    public decimal? ReviewScoreIntegrity { get; set; }

    public string? ReviewComment { get; set; }

    public AssessmentGrade? Grade { get; set; }

    public DateOnly? RectificationDeadline { get; set; }

    /// <summary>Result of the re-check after rectification; null until re-checked.</summary>
    public bool? RecheckPassed { get; set; }

    public AdjustmentDecision? AdjustmentDecision { get; set; }

    public DateTime? ConfirmedAtUtc { get; set; }

    public string? WorkflowInstanceId { get; set; }
}

/// <summary>A request for the leadership group's prior approval of a branch activity (000 §6.3).</summary>
public class ActivityApplication
{
    public string Id { get; set; } = string.Empty;

    public string BranchId { get; set; } = string.Empty;

    public ActivityType Type { get; set; }

    public string Title { get; set; } = string.Empty;

    public DateTime StartsAtUtc { get; set; }

    public DateTime EndsAtUtc { get; set; }

    public string? Venue { get; set; }

    /// <summary>Budget in CNY; required when money is involved (see ActivityRules).</summary>
    public decimal? Budget { get; set; }

    /// <summary>Whether the activity involves income or spending (fees, sponsors, purchases).</summary>
    public bool InvolvesFunds { get; set; }

    public string? Sponsors { get; set; }

    public string? Partners { get; set; }

    public string? Agenda { get; set; }

    public ActivityStatus Status { get; set; }

    public DateTime? SubmittedAtUtc { get; set; }

    public DateTime? DecidedAtUtc { get; set; }

    public string? DecisionComment { get; set; }

    /// <summary>Who submitted it (a user name); decisions are mailed to them.</summary>
    public string? ApplicantUserName { get; set; }

    public DateTime? SummaryFiledAtUtc { get; set; }

    public DateTime? SettlementFiledAtUtc { get; set; }

    public string? WorkflowInstanceId { get; set; }
}

/// <summary>A clinic's signed integrity pledge (诚信自律倡议书), listed publicly (000 §4.2.3).</summary>
public class IntegrityPledge
{
    public string Id { get; set; } = string.Empty;

    public string MemberUnitId { get; set; } = string.Empty;

    public DateOnly SignedOn { get; set; }

    public string SignatoryName { get; set; } = string.Empty;

    public bool PublishedOnWebsite { get; set; }

    public DateOnly? RevokedOn { get; set; }
}

/// <summary>Bad-practice points recorded against an institution; a warning at 6 points (003).</summary>
public class BadPracticeRecord
{
    public string Id { get; set; } = string.Empty;

    public string MemberUnitId { get; set; } = string.Empty;

    public DateOnly OccurredOn { get; set; }

    public int Points { get; set; }

    public string Description { get; set; } = string.Empty;
}

/// <summary>A branch founding application (筹建申请, P1) and what the reviews and the vote decided.</summary>
public class FoundingApplication
{
    public string Id { get; set; } = string.Empty;

    public BranchKind Kind { get; set; }

    public string ProposedName { get; set; } = string.Empty;

    public ClinicCategory? ClinicCategory { get; set; }

    public string? Discipline { get; set; }

    public bool SecondLevelDiscipline { get; set; }

    /// <summary>Units with the second-level clinical department (001 §9(2)).</summary>
    public int? UnitsWithDepartment { get; set; }

    public string? ProposedChairUnitId { get; set; }

    public string? ProposedChairPersonId { get; set; }

    /// <summary>Written commitment to fund the branch every year (001 §9(2)).</summary>
    public bool FundingCommitment { get; set; }

    public int? CommitteeSize { get; set; }

    public int? DistrictsCovered { get; set; }

    public int? StandingMembersPerDistrict { get; set; }

    /// <summary>Supporting evidence: a description and links to uploaded files.</summary>
    public string? Evidence { get; set; }

    public FoundingStatus Status { get; set; }

    public DateTime? SubmittedAtUtc { get; set; }

    public DateTime? DecidedAtUtc { get; set; }

    public string? DecisionReason { get; set; }

    /// <summary>Reviewer's reason for accepting the soft-rule warnings (原则上 rules).</summary>
    public string? WarningsAcknowledgement { get; set; }

    /// <summary>Standing-council members present at the vote; the vote passes with more than half of them.</summary>
    public int? CouncilMembersPresent { get; set; }

    /// <summary>Who submitted it (a user name); decisions are mailed to them.</summary>
    public string? ApplicantUserName { get; set; }

    /// <summary>The branch created on approval.</summary>
    public string? ResultingBranchId { get; set; }

    public string? WorkflowInstanceId { get; set; }

    public List<FoundingOfficeHolder> ProposedOfficeHolders { get; set; } = [];

    public List<FoundingVote> Votes { get; set; } = [];
}

/// <summary>A proposed office holder in a founding application.</summary>
public class FoundingOfficeHolder
{
    public string Id { get; set; } = string.Empty;

    public string FoundingApplicationId { get; set; } = string.Empty;

    public string PersonId { get; set; } = string.Empty;

    public OfficePosition Position { get; set; }

    public string? MemberUnitId { get; set; }

    public string? DistrictId { get; set; }
}

/// <summary>One standing-council member's vote on a founding application (审议、表决).</summary>
public class FoundingVote
{
    public string Id { get; set; } = string.Empty;

    public string FoundingApplicationId { get; set; } = string.Empty;

    /// <summary>The voter's user name (a holder of the standingCouncil role).</summary>
    public string VoterUserName { get; set; } = string.Empty;

    public VoteChoice Choice { get; set; }

    public DateTime CastAtUtc { get; set; }
}
