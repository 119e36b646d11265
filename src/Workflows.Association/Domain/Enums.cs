using System.Text.Json.Serialization;
using Workflows.Association.Json;

namespace Workflows.Association.Domain;

// Every enum below travels as its camelCase name (JSON, seed files and database columns alike),
// so the order of members may change without breaking stored data. Exception: ProfessionalTitle
// is compared by rank, so its members must stay in ascending order.

/// <summary>Professional (technical) title, in ascending rank; rules compare titles with &lt; and &gt;=.</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<ProfessionalTitle>))]
public enum ProfessionalTitle
{
    /// <summary>无职称.</summary>
    None = 0,

    /// <summary>初级 (e.g. 医师).</summary>
    Junior = 1,

    /// <summary>中级 (e.g. 主治医师).</summary>
    Intermediate = 2,

    /// <summary>副高 (e.g. 副主任医师, 副教授).</summary>
    AssociateSenior = 3,

    /// <summary>正高 (e.g. 主任医师, 教授).</summary>
    Senior = 4,
}

/// <summary>Position in a branch committee (000 §4.3).</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<OfficePosition>))]
public enum OfficePosition
{
    /// <summary>委员.</summary>
    Member,

    /// <summary>常务委员; shares the vice-chair column of 000 §4.3.2.</summary>
    Standing,

    /// <summary>副主任委员.</summary>
    ViceChair,

    /// <summary>主任委员.</summary>
    Chair,
}

/// <summary>Both kinds are academic branches (学术分支机构) of the Association (000 §5, 001 §8).</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<BranchKind>))]
public enum BranchKind
{
    /// <summary>学术分会 founded around a discipline (001 §9).</summary>
    Academic,

    /// <summary>连锁（个体）诊所分会 founded around a clinic category (000 §4.1).</summary>
    Clinic,
}

/// <summary>The five clinic categories of 000 §4.1.</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<ClinicCategory>))]
public enum ClinicCategory
{
    /// <summary>西医诊所.</summary>
    Western,

    /// <summary>中医诊所.</summary>
    Tcm,

    /// <summary>中西医结合诊所.</summary>
    Integrated,

    /// <summary>美容诊所, managed by the Plastic &amp; Cosmetic branch (整形与美容分会).</summary>
    Cosmetic,

    /// <summary>口腔诊所, managed by the Dental Medicine branch (口腔医学分会).</summary>
    Dental,
}

/// <summary>Hospital grade as the chair-unit rule (001 §9(1)) distinguishes it.</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<HospitalGrade>))]
public enum HospitalGrade
{
    /// <summary>三级 (甲/乙/未定等).</summary>
    Tertiary,

    /// <summary>二级甲等.</summary>
    Grade2A,

    /// <summary>Any other grade (二级乙等, 一级, 未定级) or not a hospital.</summary>
    Other,
}

[JsonConverter(typeof(CamelCaseEnumConverter<BranchStatus>))]
public enum BranchStatus
{
    /// <summary>筹建中: founding application under way, not yet approved.</summary>
    Proposed,

    /// <summary>正常运行.</summary>
    Active,

    /// <summary>整改中 after a failed assessment (001 §5, §7).</summary>
    UnderRectification,

    /// <summary>暂停活动.</summary>
    Suspended,

    /// <summary>已合并 into another branch (001 §5).</summary>
    Merged,

    /// <summary>已撤销 (001 §5).</summary>
    Dissolved,
}

[JsonConverter(typeof(CamelCaseEnumConverter<DistrictKind>))]
public enum DistrictKind
{
    /// <summary>区.</summary>
    District,

    /// <summary>县.</summary>
    County,

    /// <summary>自治县.</summary>
    AutonomousCounty,
}

[JsonConverter(typeof(CamelCaseEnumConverter<MemberUnitKind>))]
public enum MemberUnitKind
{
    /// <summary>医院.</summary>
    Hospital,

    /// <summary>诊所 (连锁或个体).</summary>
    Clinic,

    /// <summary>门诊部 and other institutions.</summary>
    Other,
}

/// <summary>Level of a key specialty or discipline a hospital holds (001 §9(1)).</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<KeySpecialtyLevel>))]
public enum KeySpecialtyLevel
{
    /// <summary>国家临床重点专科.</summary>
    National,

    /// <summary>重庆市临床重点专科.</summary>
    Municipal,

    /// <summary>区域性重点学科.</summary>
    Regional,

    /// <summary>院级重点学科.</summary>
    Hospital,
}

[JsonConverter(typeof(CamelCaseEnumConverter<ExpertNominationSource>))]
public enum ExpertNominationSource
{
    /// <summary>会员单位推荐 (002 §3.2).</summary>
    MemberUnit,

    /// <summary>分会、专委会推荐 (002 §3.2).</summary>
    Branch,

    /// <summary>考核优秀分会的委员优先入库 (001 §20).</summary>
    ExcellentBranch,

    /// <summary>特邀顾问、核心专家 (002 §3.3), may come from outside the membership.</summary>
    Invited,
}

[JsonConverter(typeof(CamelCaseEnumConverter<ExpertStatus>))]
public enum ExpertStatus
{
    Nominated,
    Active,
    Retired,
}

[JsonConverter(typeof(CamelCaseEnumConverter<AssessmentGrade>))]
public enum AssessmentGrade
{
    /// <summary>优秀.</summary>
    Excellent,

    /// <summary>合格.</summary>
    Pass,

    /// <summary>不合格.</summary>
    Fail,
}

[JsonConverter(typeof(CamelCaseEnumConverter<AssessmentStatus>))]
public enum AssessmentStatus
{
    Opened,
    SelfAssessed,
    Reviewed,
    Confirmed,
    Rectifying,
    Closed,
}

/// <summary>Dynamic adjustment after a failed re-check (优胜劣汰, 001 §5, §7).</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<AdjustmentDecision>))]
public enum AdjustmentDecision
{
    None,

    /// <summary>主任委员能上能下.</summary>
    ReplaceChair,

    /// <summary>主任委员单位能进能出.</summary>
    ReplaceChairUnit,

    /// <summary>合并.</summary>
    Merge,

    /// <summary>调整、重组.</summary>
    Reorganise,

    /// <summary>撤销.</summary>
    Dissolve,
}

/// <summary>What a branch asks the leadership group to pre-approve (000 §6.3).</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<ActivityType>))]
public enum ActivityType
{
    /// <summary>会议（活动）.</summary>
    Meeting,

    /// <summary>对外合作.</summary>
    Cooperation,

    /// <summary>招商招展.</summary>
    Sponsorship,

    /// <summary>集中采购服务.</summary>
    Procurement,
}

[JsonConverter(typeof(CamelCaseEnumConverter<ActivityStatus>))]
public enum ActivityStatus
{
    Draft,
    Submitted,
    Returned,
    Approved,
    Rejected,
    Completed,
    Withdrawn,
}

/// <summary>Quality review, or one half of the "double evaluation" (双评, 003).</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<QualityReviewKind>))]
public enum QualityReviewKind
{
    /// <summary>医疗质量评审评价 (002).</summary>
    Quality,

    /// <summary>信用等级评价 (003).</summary>
    Credit,

    /// <summary>服务能力星级评价 (003).</summary>
    Star,
}

[JsonConverter(typeof(CamelCaseEnumConverter<QualityReviewStatus>))]
public enum QualityReviewStatus
{
    Submitted,
    Returned,
    Accepted,
    PanelFormed,
    OnSiteScheduled,
    Scored,
    Rectifying,
    Passed,
    Failed,
    Archived,

    /// <summary>整改逾期未完成，已上报处理 (004 §2.3.3: not rectified by the deadline).</summary>
    Escalated,

    /// <summary>申请人撤回.</summary>
    Withdrawn,
}

[JsonConverter(typeof(CamelCaseEnumConverter<FoundingStatus>))]
public enum FoundingStatus
{
    Draft,
    Submitted,
    Returned,
    UnderReview,
    Approved,
    Rejected,
    Withdrawn,
}

[JsonConverter(typeof(CamelCaseEnumConverter<VoteChoice>))]
public enum VoteChoice
{
    InFavour,
    Against,
    Abstain,
}

[JsonConverter(typeof(CamelCaseEnumConverter<PartyBranchRole>))]
public enum PartyBranchRole
{
    /// <summary>书记.</summary>
    Secretary,

    /// <summary>副书记.</summary>
    DeputySecretary,

    /// <summary>委员.</summary>
    Member,
}
