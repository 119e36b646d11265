namespace Workflows.Association.Domain;

/// <summary>
/// An entry in the expert pool (专家资源库, 002 §3.2) or the consultant pool (专家咨询库, 002 §3.3).
/// Title and title year are copied from the person at intake, as the nomination was judged on them.
/// </summary>
public class Expert
{
    public string Id { get; set; } = string.Empty;

    public string PersonId { get; set; } = string.Empty;

    public string Specialty { get; set; } = string.Empty;

    public ProfessionalTitle Title { get; set; }

    public int? TitleYear { get; set; }

    /// <summary>A consultant or core-group member (顾问、核心专家, 002 §3.3) rather than a review expert.</summary>
    public bool IsConsultant { get; set; }

    /// <summary>From outside the membership (e.g. a public hospital or a medical university).</summary>
    public bool IsExternal { get; set; }

    public ExpertNominationSource NominationSource { get; set; }

    public string? NominatedByUnitId { get; set; }

    public string? NominatedByBranchId { get; set; }

    public ExpertStatus Status { get; set; }

    public DateOnly? AdmittedOn { get; set; }
}

/// <summary>A credit, star or quality review an institution applies for (002, 003).</summary>
public class QualityReviewApplication
{
    public string Id { get; set; } = string.Empty;

    /// <summary>The applicant institution; no panel expert may come from it.</summary>
    public string InstitutionId { get; set; } = string.Empty;

    public QualityReviewKind Kind { get; set; }

    public QualityReviewStatus Status { get; set; }

    public DateTime SubmittedAtUtc { get; set; }

    public DateTime? OnSiteAtUtc { get; set; }

    /// <summary>Outcome as published: a grade (e.g. AAA 信用等级), a star count or pass/fail.</summary>
    public string? Result { get; set; }

    public int? Stars { get; set; }

    public bool? Passed { get; set; }

    /// <summary>限期整改 deadline (004 §2.3.3).</summary>
    public DateOnly? RectificationDeadline { get; set; }

    public DateTime? ArchivedAtUtc { get; set; }

    public bool PublishedOnWebsite { get; set; }

    /// <summary>What the institution asks to be reviewed on, and supplementary material when asked for more.</summary>
    public string? Description { get; set; }

    /// <summary>Who submitted it (a user name); decisions are mailed to them.</summary>
    public string? ApplicantUserName { get; set; }

    public string? WorkflowInstanceId { get; set; }
}

/// <summary>The on-site expert panel of one review.</summary>
public class ReviewPanel
{
    public string Id { get; set; } = string.Empty;

    public string QualityReviewApplicationId { get; set; } = string.Empty;

    public DateTime FormedAtUtc { get; set; }

    public List<PanelMember> Members { get; set; } = [];
}

public class PanelMember
{
    public string Id { get; set; } = string.Empty;

    public string ReviewPanelId { get; set; } = string.Empty;

    public string ExpertId { get; set; } = string.Empty;

    public bool IsLeader { get; set; }
}

/// <summary>One expert's score for one item of the review standard.</summary>
public class ExpertScore
{
    public string Id { get; set; } = string.Empty;

    public string ReviewPanelId { get; set; } = string.Empty;

    public string ExpertId { get; set; } = string.Empty;

    /// <summary>The item of the standard scored, e.g. "医疗质量安全核心制度".</summary>
    public string Criterion { get; set; } = string.Empty;

    public decimal Score { get; set; }

    public decimal MaxScore { get; set; }

    public string? Comment { get; set; }

    public DateTime ScoredAtUtc { get; set; }
}
