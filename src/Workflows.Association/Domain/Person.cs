namespace Workflows.Association.Domain;

/// <summary>A physician, manager or expert; office holders, experts and party-branch members are people.</summary>
public class Person
{
    public string Id { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    /// <summary>The unit the person works at, if any (external consultants may have none here).</summary>
    public string? MemberUnitId { get; set; }

    /// <summary>Free-text employer for people outside the membership (e.g. a medical university).</summary>
    public string? Affiliation { get; set; }

    public ProfessionalTitle Title { get; set; }

    /// <summary>The title as printed, e.g. 主任医师, 副教授.</summary>
    public string? TitleName { get; set; }

    /// <summary>Year the current title was obtained; experts need it held ≥ 5 years (002 §3.2).</summary>
    public int? TitleYear { get; set; }

    /// <summary>
    /// Year the person began practising in the specialty. Stored instead of a count of years, which
    /// would go stale; see <see cref="PracticeYears"/>.
    /// </summary>
    public int? PracticeStartYear { get; set; }

    public bool LicensedPhysician { get; set; }

    public string? Specialty { get; set; }

    public bool PartyMember { get; set; }

    /// <summary>教授.</summary>
    public bool Professor { get; set; }

    /// <summary>硕士或博士研究生导师.</summary>
    public bool Supervisor { get; set; }

    /// <summary>丰富医疗机构运营管理经验 (000 §4.3.2(2)).</summary>
    public bool RichManagementExperience { get; set; }

    /// <summary>市级卫生健康行业管理机关处级以上管理经历 (000 §4.3.3).</summary>
    public bool DivisionLevelHealthAdminExperience { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    /// <summary>The login name of the user this person is, if they use the system (see seeds/demo-users.json).</summary>
    public string? UserName { get; set; }

    /// <summary>Whole years of practice in <paramref name="year"/>, or 0 when unknown.</summary>
    public int PracticeYears(int year) =>
        PracticeStartYear is { } start && year > start ? year - start : 0;
}
