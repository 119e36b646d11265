namespace Workflows.Association.Domain;

/// <summary>
/// One of Chongqing's 38 districts and counties (26 区, 8 县, 4 自治县). The committee of a clinic branch
/// must cover all of them (000 §4.2.2), so this is reference data, upserted on every start.
/// </summary>
public class District
{
    /// <summary>The six-digit administrative division code (行政区划代码), e.g. "500103" for 渝中区.</summary>
    public string Id { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string NameEn { get; set; } = string.Empty;

    public DistrictKind Kind { get; set; }

    public int SortOrder { get; set; }
}

/// <summary>
/// A role of processes.md as data (the key is what the inbox and auth use as a candidate group),
/// so other modules can list roles with their Chinese and English names without hard-coding them.
/// </summary>
public class AssociationRole
{
    /// <summary>Stable key, e.g. "leadershipGroupMember"; see <see cref="AssociationRoles"/>.</summary>
    public string Id { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string NameEn { get; set; } = string.Empty;

    public string Description { get; set; } = string.Empty;

    public string DescriptionEn { get; set; } = string.Empty;

    public int SortOrder { get; set; }
}
