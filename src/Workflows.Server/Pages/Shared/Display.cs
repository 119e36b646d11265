using System.Globalization;
using System.Net;
using Workflows.Association.Domain;
using Workflows.Association.Rules;
using Workflows.Server.Hosting;
using Workflows.Runtime.Scheduling;
using Workflows.Server.Processes;

namespace Workflows.Server.Pages;

/// <summary>How pages show times, states and the Association's enums, in the reader's language.</summary>
public static class Display
{
    /// <summary>The one format of a time on every page: Beijing time to the minute, e.g. 2027-03-12 08:30.</summary>
    public const string TimeFormat = "yyyy-MM-dd HH:mm";

    /// <summary>A UTC time (as the database keeps it) in Beijing time, which is how the Association reads dates.
    /// The zone is the scheduler's (<see cref="CronText.China"/>), so a page and a yearly run never disagree.</summary>
    public static string Time(DateTime? utc, string empty = "") =>
        utc is { } t ? Time(new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)), empty) : empty;

    public static string Time(DateTimeOffset? time, string empty = "") =>
        time is { } t ? TimeZoneInfo.ConvertTime(t, CronText.China).ToString(TimeFormat, CultureInfo.InvariantCulture) : empty;

    /// <summary>Now, from the service's clock, in Beijing time.</summary>
    public static DateTimeOffset Now(TimeProvider clock) => TimeZoneInfo.ConvertTime(clock.GetUtcNow(), CronText.China);

    /// <summary>
    /// A value of a process's data as a reader wants it: an ISO date-time (2027-03-12T00:30:00+00:00, as the
    /// workflow stores it) becomes Beijing time, an ISO date stays a date, true/false become 是/否; anything else is its text.
    /// </summary>
    public static string Value(System.Text.Json.Nodes.JsonNode? value)
    {
        var text = Workflows.Engine.Expressions.ValueConversion.ToText(value) ?? "";
        if (value is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<bool>(out var flag)) return flag ? Ui.T("是", "yes") : Ui.T("否", "no");
        return TimeText(text);
    }

    /// <summary>An ISO date-time text in Beijing time; any other text unchanged.</summary>
    public static string TimeText(string text)
    {
        if (text.Length >= 16 && text[4] == '-' && text[10] == 'T'
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            return Time(at);
        if (text.Length == 10 && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)) return text;
        return text;
    }

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

    /// <summary>Chinese and English names of every state the pages show: the runtime's (instance sub-status) and the
    /// Association's records (applications, assessments, experts, reviews). Keys are the enum names; camelCase
    /// (as JSON carries them) matches too.</summary>
    private static readonly Dictionary<string, (string Zh, string En)> States = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Pending"] = ("待执行", "Pending"),
        ["Running"] = ("办理中", "Running"),
        ["Suspended"] = ("等待中", "Waiting"),
        ["Executing"] = ("执行中", "Executing"),
        ["Finished"] = ("已办结", "Finished"),
        ["Faulted"] = ("出错", "Faulted"),
        ["Cancelled"] = ("已取消", "Cancelled"),
        ["Draft"] = ("草稿", "Draft"),
        ["Submitted"] = ("已提交", "Submitted"),
        ["UnderReview"] = ("审核中", "Under review"),
        ["Returned"] = ("已退回", "Returned"),
        ["Approved"] = ("已批准", "Approved"),
        ["Rejected"] = ("不予批准", "Rejected"),
        ["Withdrawn"] = ("已撤回", "Withdrawn"),
        ["Completed"] = ("已完成", "Completed"),
        ["Nominated"] = ("已推荐", "Nominated"),
        ["Active"] = ("在库", "Active"),
        ["Retired"] = ("已退出", "Retired"),
        ["Opened"] = ("已启动", "Opened"),
        ["SelfAssessed"] = ("已自评", "Self-assessed"),
        ["Reviewed"] = ("已审核", "Reviewed"),
        ["Confirmed"] = ("已确认", "Confirmed"),
        ["Rectifying"] = ("整改中", "Rectifying"),
        ["Closed"] = ("已结束", "Closed"),
        ["Accepted"] = ("已受理", "Accepted"),
        ["PanelFormed"] = ("已组建专家组", "Panel formed"),
        ["OnSiteScheduled"] = ("已安排现场评审", "On-site review scheduled"),
        ["Scored"] = ("已评分", "Scored"),
        ["Passed"] = ("通过", "Passed"),
        ["Failed"] = ("不通过", "Failed"),
        ["Archived"] = ("已归档", "Archived"),
        ["Escalated"] = ("逾期上报", "Escalated"),
        ["ReplaceChair"] = ("调整主任委员", "Replace the chair"),
        ["ReplaceChairUnit"] = ("调整主任委员单位", "Replace the chair unit"),
        ["Merge"] = ("合并", "Merge"),
        ["Reorganise"] = ("调整重组", "Reorganise"),
        ["Dissolve"] = ("撤销", "Dissolve"),
        ["National"] = ("国家临床重点专科", "National"),
        ["Municipal"] = ("重庆市临床重点专科", "Municipal"),
        ["Regional"] = ("区域性重点学科", "Regional"),
        ["Hospital"] = ("院级重点学科", "Hospital"),
    };

    /// <summary>A state (enum name) in the reader's language; an unknown one as it is.</summary>
    public static string State(string? state) =>
        state is null ? "" : States.TryGetValue(state, out var names) ? Ui.T(names.Zh, names.En) : state;

    public static string State<TEnum>(TEnum state) where TEnum : struct, Enum => State(state.ToString());

    /// <summary>Who did something: a user name as it is, the service itself as 系统.</summary>
    public static string Who(string? userName) => userName is null or "system" ? Ui.T("系统", "system") : userName;

    /// <summary>The label of a task's context value; null for internal ids, which a reader has no use for.</summary>
    public static string? ContextLabel(string key) => key switch
    {
        "title" => Ui.T("标题", "Title"),
        "type" => Ui.T("类型", "Type"),
        "year" => Ui.T("年度", "Year"),
        _ when key.EndsWith("Id", StringComparison.Ordinal) || key.EndsWith("Ids", StringComparison.Ordinal) => null,
        _ => key,
    };

    public static string ContextValue(string key, System.Text.Json.Nodes.JsonNode? value) =>
        key == "type" && Enum.TryParse<ActivityType>(Workflows.Engine.Expressions.ValueConversion.ToText(value), true, out var type)
            ? ActivityTypeText(type)
            : Value(value);
}
