namespace Workflows.Association.Domain;

/// <summary>
/// An academic branch (学术分支机构) of the Association, without legal personality (000 §6.3).
/// Clinic branches are academic branches too (000 §5) and count against the cap of 50 (001 §8).
/// </summary>
public class Branch
{
    public string Id { get; set; } = string.Empty;

    /// <summary>Short unique code used in URLs and file names, e.g. "cardiology".</summary>
    public string Code { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string? NameEn { get; set; }

    public BranchKind Kind { get; set; }

    /// <summary>For clinic branches: the category the branch serves (000 §4.1).</summary>
    public ClinicCategory? ClinicCategory { get; set; }

    /// <summary>For academic branches: the discipline, e.g. 心血管内科.</summary>
    public string? Discipline { get; set; }

    /// <summary>A second-level discipline branch (大内科, 大外科) (001 §9(2)).</summary>
    public bool IsSecondLevelDiscipline { get; set; }

    public BranchStatus Status { get; set; }

    /// <summary>主任委员单位.</summary>
    public string? ChairUnitId { get; set; }

    public DateOnly? FoundedOn { get; set; }

    /// <summary>
    /// Percentage points by which the sponsor management fee the Association keeps is reduced,
    /// +2 per excellent year, capped at 5 (001 §21).
    /// </summary>
    public decimal SponsorFeeReductionPoints { get; set; }

    /// <summary>Listed on the Association's website (P1 step 8).</summary>
    public bool PublishedOnWebsite { get; set; }

    /// <summary>The branch this one was merged into, when <see cref="Status"/> is Merged (001 §5).</summary>
    public string? MergedIntoBranchId { get; set; }

    /// <summary>
    /// Whether a branch in this status counts against the cap of 50 (001 §8) and occupies its clinic
    /// category (000 §4.1): a branch that still exists does, whether active, under rectification or
    /// suspended, because it may return to active work. A merged or dissolved branch no longer exists.
    /// A proposed one (founding still under way) does not yet exist; the founding workflow should
    /// re-run the check before the standing-council vote so two parallel foundings cannot both slip in.
    /// </summary>
    public static bool CountsAgainstCap(BranchStatus status) =>
        status is BranchStatus.Active or BranchStatus.UnderRectification or BranchStatus.Suspended;
}

/// <summary>A person holding a position in a branch committee for a term.</summary>
public class BranchOfficeHolder
{
    public string Id { get; set; } = string.Empty;

    public string BranchId { get; set; } = string.Empty;

    public string PersonId { get; set; } = string.Empty;

    public OfficePosition Position { get; set; }

    /// <summary>The unit the holder represents (for clinic branches: their clinic).</summary>
    public string? MemberUnitId { get; set; }

    /// <summary>The district the holder represents, for district coverage (000 §4.2.2).</summary>
    public string? DistrictId { get; set; }

    public DateOnly TermStart { get; set; }

    public DateOnly? TermEnd { get; set; }
}

/// <summary>
/// The special party branch (特设党支部) set up alongside a branch (000 §4.2.1, 001 §4), with exactly
/// five committee members appointed by the party committee.
/// </summary>
public class PartyBranch
{
    public string Id { get; set; } = string.Empty;

    public string BranchId { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string? SecretaryPersonId { get; set; }

    /// <summary>
    /// True when the branch chair is a party member and therefore the secretary (一岗双责, 001 §4).
    /// </summary>
    public bool SecretaryIsBranchChair { get; set; }

    /// <summary>Why someone other than the chair is secretary; required when <see cref="SecretaryIsBranchChair"/> is false.</summary>
    public string? SecretaryReason { get; set; }

    public DateOnly? EstablishedOn { get; set; }

    public List<PartyBranchMember> Members { get; set; } = [];
}

/// <summary>A committee member of a party branch, with the party committee's assessment (考核).</summary>
public class PartyBranchMember
{
    public string Id { get; set; } = string.Empty;

    public string PartyBranchId { get; set; } = string.Empty;

    public string PersonId { get; set; } = string.Empty;

    public PartyBranchRole Role { get; set; }

    /// <summary>Null while not yet assessed.</summary>
    public bool? AssessmentPassed { get; set; }

    public string? AssessmentComment { get; set; }

    public DateOnly? AppointedOn { get; set; }
}
