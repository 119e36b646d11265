using System.Globalization;
using System.Net;
using Workflows.Association.Domain;
using Workflows.Association.Rules;
using Workflows.Server.Hosting;
using Workflows.Server.Processes;

namespace Workflows.Server.Pages;

/// <summary>How pages show times, states and the Association's enums, in the reader's language.</summary>
public static class Display
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    /// <summary>A UTC time as Beijing time, which is how the Association reads dates.</summary>
    public static string Time(DateTime? utc) =>
        utc is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)).ToOffset(Beijing).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "";

    public static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    public static string StateBadge(InstanceSummary instance)
    {
        var (cls, text) = instance.SubStatus switch
        {
            "Finished" => ("ok", Ui.T("已办结", "Finished") + (instance.Result is { } r ? $"（{Result(r)}）" : "")),
            "Faulted" => ("bad", Ui.T("出错", "Faulted")),
            "Cancelled" => ("warn", Ui.T("已取消", "Cancelled")),
            _ => (instance.Overdue ? "bad" : "warn", instance.Overdue ? Ui.T("办理中（超期）", "Running (overdue)") : Ui.T("办理中", "Running")),
        };
        return $"<span class=\"badge {cls}\">{WebUtility.HtmlEncode(text)}</span>";
    }

    public static string Result(string result) => result switch
    {
        "approved" => Ui.T("批准", "approved"),
        "rejected" => Ui.T("不予批准", "rejected"),
        "returned" => Ui.T("已退回", "returned"),
        "withdrawn" => Ui.T("已撤回", "withdrawn"),
        "completed" => Ui.T("已办结", "completed"),
        "passed" => Ui.T("通过", "passed"),
        "failed" => Ui.T("不通过", "failed"),
        "escalated" => Ui.T("逾期上报", "escalated"),
        "excellent" => Ui.T("优秀", "excellent"),
        "pass" => Ui.T("合格", "pass"),
        "fail" => Ui.T("不合格", "fail"),
        _ => result,
    };

    public static string Status(BranchStatus status) => Ui.IsEnglish ? status.ToString() : status.Zh();

    public static string StatusClass(BranchStatus status) => status switch
    {
        BranchStatus.Active => "ok",
        BranchStatus.UnderRectification or BranchStatus.Suspended or BranchStatus.Proposed => "warn",
        _ => "bad",
    };

    public static string Grade(AssessmentGrade? grade) => grade is { } g ? (Ui.IsEnglish ? g.ToString() : g.Zh()) : "";

    public static string Title(ProfessionalTitle title) => Ui.IsEnglish ? title.En() : title.Zh();

    public static string Position(OfficePosition position) => Ui.IsEnglish ? position.En() : position.Zh();

    public static string Kind(BranchKind kind) => kind == BranchKind.Academic ? Ui.T("学术分会", "Academic") : Ui.T("诊所分会", "Clinic");

    public static string Category(ClinicCategory? category) => category is { } c ? (Ui.IsEnglish ? c.En() : c.Zh()) : "";

    public static string ActivityTypeText(ActivityType type) => Ui.IsEnglish ? type.ToString() : type.Zh();

    public static string KindOfRule(RuleKind kind) => kind switch
    {
        Workflows.Association.Rules.RuleKind.Hard => Ui.T("硬性", "hard"),
        Workflows.Association.Rules.RuleKind.Soft => Ui.T("原则上", "in principle"),
        _ => Ui.T("待确认", "to confirm"),
    };

    public static string Message(RuleResult rule) => Ui.IsEnglish ? rule.MessageEn : rule.Message;
}
