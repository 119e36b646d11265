using System.Globalization;
using System.Text.RegularExpressions;
using Workflows.Server.Hosting;

namespace Workflows.Server.Pages.Processes;

/// <summary>
/// The start forms' field names for people: a field error names the field as the form labels it
/// ("拟任人员第 2 人"), not by its JSON path (<c>officeHolders[1].personId</c>).
/// </summary>
public static partial class FieldLabels
{
    private static readonly Dictionary<string, (string Zh, string En)> Known = new(StringComparer.Ordinal)
    {
        [""] = ("申请", "Application"),
        ["kind"] = ("类别", "Kind"),
        ["name"] = ("分会名称", "Name"),
        ["discipline"] = ("学科", "Discipline"),
        ["clinicCategory"] = ("诊所类别", "Clinic category"),
        ["secondLevelDiscipline"] = ("二级学科分会", "Second-level discipline"),
        ["unitsWithDepartment"] = ("设有该科室的会员单位数", "Units with the department"),
        ["chairUnitId"] = ("拟任主任委员单位", "Proposed chair unit"),
        ["chairPersonId"] = ("拟任主任委员", "Proposed chair"),
        ["fundingCommitment"] = ("工作经费承诺书", "Funding commitment"),
        ["committee"] = ("委员会", "Committee"),
        ["committee.size"] = ("委员人数", "Committee size"),
        ["committee.districtsCovered"] = ("覆盖区县数", "Districts covered"),
        ["committee.standingMembersPerDistrict"] = ("每区县常务委员数", "Standing members per district"),
        ["evidence"] = ("佐证材料", "Supporting evidence"),
        ["officeHolders"] = ("拟任人员", "Proposed office holders"),
        ["branchId"] = ("分会", "Branch"),
        ["type"] = ("类型", "Type"),
        ["title"] = ("活动名称", "Title"),
        ["startsAt"] = ("开始时间", "Starts"),
        ["endsAt"] = ("结束时间", "Ends"),
        ["venue"] = ("地点", "Venue"),
        ["budget"] = ("预算", "Budget"),
        ["involvesFunds"] = ("涉及资金收支", "Involves funds"),
        ["sponsors"] = ("赞助商", "Sponsors"),
        ["partners"] = ("合作方", "Partners"),
        ["agenda"] = ("议程", "Agenda"),
        ["institutionId"] = ("申报机构", "Institution"),
        ["description"] = ("申报说明与材料", "Description"),
    };

    private static readonly Dictionary<string, (string Zh, string En)> HolderParts = new(StringComparer.Ordinal)
    {
        [""] = ("", ""),
        ["personId"] = ("", ""),
        ["position"] = ("的职务", "'s post"),
        ["memberUnitId"] = ("的单位", "'s unit"),
        ["districtId"] = ("的区县", "'s district"),
    };

    [GeneratedRegex(@"^officeHolders\[(\d+)\](?:\.(\w+))?$")]
    private static partial Regex HolderPath();

    public static string Of(string path)
    {
        if (Known.TryGetValue(path, out var known)) return Ui.T(known.Zh, known.En);
        var holder = HolderPath().Match(path);
        if (holder.Success && HolderParts.TryGetValue(holder.Groups[2].Value, out var part))
        {
            var n = (int.Parse(holder.Groups[1].Value, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
            return Ui.T($"拟任人员第 {n} 人{part.Zh}", $"Office holder {n}{part.En}");
        }
        return Ui.T("其他字段", path);
    }
}
