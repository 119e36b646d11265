using Workflows.Association.Domain;

namespace Workflows.Association.Rules;

/// <summary>Chinese and English labels of enum values used in messages.</summary>
public static class Labels
{
    public static string Zh(this ProfessionalTitle title) => title switch
    {
        ProfessionalTitle.None => "无职称",
        ProfessionalTitle.Junior => "初级职称",
        ProfessionalTitle.Intermediate => "中级职称",
        ProfessionalTitle.AssociateSenior => "副高级职称",
        ProfessionalTitle.Senior => "正高级职称",
        _ => title.ToString(),
    };

    public static string En(this ProfessionalTitle title) => title switch
    {
        ProfessionalTitle.None => "no title",
        ProfessionalTitle.Junior => "junior title",
        ProfessionalTitle.Intermediate => "intermediate title",
        ProfessionalTitle.AssociateSenior => "associate senior title",
        ProfessionalTitle.Senior => "full senior title",
        _ => title.ToString(),
    };

    public static string Zh(this OfficePosition position) => position switch
    {
        OfficePosition.Member => "委员",
        OfficePosition.Standing => "常务委员",
        OfficePosition.ViceChair => "副主任委员",
        OfficePosition.Chair => "主任委员",
        _ => position.ToString(),
    };

    public static string En(this OfficePosition position) => position switch
    {
        OfficePosition.Member => "member",
        OfficePosition.Standing => "standing member",
        OfficePosition.ViceChair => "vice-chair",
        OfficePosition.Chair => "chair",
        _ => position.ToString(),
    };

    public static string Zh(this ClinicCategory category) => category switch
    {
        ClinicCategory.Western => "西医诊所",
        ClinicCategory.Tcm => "中医诊所",
        ClinicCategory.Integrated => "中西医结合诊所",
        ClinicCategory.Cosmetic => "美容诊所",
        ClinicCategory.Dental => "口腔诊所",
        _ => category.ToString(),
    };

    public static string En(this ClinicCategory category) => category switch
    {
        ClinicCategory.Western => "Western-medicine clinics",
        ClinicCategory.Tcm => "TCM clinics",
        ClinicCategory.Integrated => "integrated TCM-Western clinics",
        ClinicCategory.Cosmetic => "cosmetic clinics",
        ClinicCategory.Dental => "dental clinics",
        _ => category.ToString(),
    };

    public static string Zh(this ActivityType type) => type switch
    {
        ActivityType.Meeting => "会议（活动）",
        ActivityType.Cooperation => "对外合作",
        ActivityType.Sponsorship => "招商招展",
        ActivityType.Procurement => "集中采购服务",
        _ => type.ToString(),
    };

    public static string Zh(this AssessmentGrade grade) => grade switch
    {
        AssessmentGrade.Excellent => "优秀",
        AssessmentGrade.Pass => "合格",
        AssessmentGrade.Fail => "不合格",
        _ => grade.ToString(),
    };

    public static string Zh(this BranchStatus status) => status switch
    {
        BranchStatus.Proposed => "筹建中",
        BranchStatus.Active => "正常",
        BranchStatus.UnderRectification => "整改中",
        BranchStatus.Suspended => "暂停活动",
        BranchStatus.Merged => "已合并",
        BranchStatus.Dissolved => "已撤销",
        _ => status.ToString(),
    };
}
