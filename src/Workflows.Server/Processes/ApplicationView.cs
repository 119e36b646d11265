using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workflows.Association.Activities;
using Workflows.Association.Domain;
using Workflows.Association.Rules;
using Workflows.Engine.Expressions;
using Workflows.Runtime.Inbox;
using Workflows.Runtime.Persistence;
using Workflows.Server.Hosting;

namespace Workflows.Server.Processes;

/// <summary>One field of an application as the approver reads it: a stable key (what a step may hide), a label and the text.</summary>
public sealed record ApplicationField(string Key, string Label, string Value, bool Long = false);

public sealed record ApplicationOfficeHolder(string Name, string Position, string? Unit, string? District);

/// <summary>An earlier step's decision: who, when, what and why.</summary>
public sealed record ApplicationOpinion(DateTime At, string Step, string? Who, string? Decision, string? Comment);

/// <summary>
/// What every task page shows above the step's own form (issue 14): the application as it stands, its rule results
/// with their clauses, the earlier opinions, and the link to the application's page. Read-only.
/// </summary>
public sealed record ApplicationView(
    string InstanceId,
    string Heading,
    string? Status,
    IReadOnlyList<ApplicationField> Fields,
    IReadOnlyList<ApplicationOfficeHolder> OfficeHolders,
    RuleCheckResult? Rules,
    IReadOnlyList<ApplicationOpinion> Opinions,
    string? ReturnedReason)
{
    /// <summary>What was sent, by form field name, in the form an input takes (a resubmit form starts from it).</summary>
    public IReadOnlyDictionary<string, string> Submitted { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// Builds <see cref="ApplicationView"/> for an instance from the Association's register (the application row that
/// names the instance), so the approver sees what is on record now, after any resubmission; the rules are evaluated
/// as the workflow's check activity does. A step hides fields with <c>hiddenApplicationFields: ["budget", …]</c> in the
/// HumanTask's Context input (the per-step field permission; the step's own Form says what is editable).
/// </summary>
public sealed class ApplicationViews(WorkflowsDbContext db, RuleThresholds thresholds, TimeProvider clock)
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    public async Task<ApplicationView> ForInstanceAsync(string instanceId, string? currentTaskId, IReadOnlyCollection<string> hidden, CancellationToken ct)
    {
        var opinions = await OpinionsAsync(instanceId, currentTaskId, ct);
        var view = await FoundingAsync(instanceId, opinions, ct)
            ?? await ActivityAsync(instanceId, opinions, ct)
            ?? await QualityReviewAsync(instanceId, opinions, ct)
            ?? new ApplicationView(instanceId, Ui.T("申请", "Application"), null, [], [], null, opinions, null);
        return hidden.Count == 0 ? view : view with { Fields = view.Fields.Where(f => !hidden.Contains(f.Key)).ToList() };
    }

    /// <summary>The keys a task hides: its context's <c>hiddenApplicationFields</c> (a list of field keys).</summary>
    public static IReadOnlyCollection<string> HiddenFields(JsonObject? taskContext) =>
        taskContext?["hiddenApplicationFields"] is { } node ? ValueConversion.ToStringList(node).ToHashSet(StringComparer.Ordinal) : [];

    private async Task<ApplicationView?> FoundingAsync(string instanceId, IReadOnlyList<ApplicationOpinion> opinions, CancellationToken ct)
    {
        var a = await db.Set<FoundingApplication>().AsNoTracking().FirstOrDefaultAsync(x => x.WorkflowInstanceId == instanceId, ct);
        if (a is null) return null;
        var holders = await db.Set<FoundingOfficeHolder>().AsNoTracking().Where(h => h.FoundingApplicationId == a.Id).ToListAsync(ct);
        var personIds = holders.Select(h => h.PersonId).Append(a.ProposedChairPersonId).OfType<string>().ToList();
        var people = await db.Set<Person>().AsNoTracking().Where(p => personIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var unitIds = holders.Select(h => h.MemberUnitId).Append(a.ProposedChairUnitId).OfType<string>().ToList();
        var units = await db.Set<MemberUnit>().AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var districtIds = holders.Select(h => h.DistrictId).OfType<string>().ToList();
        var districts = await db.Set<District>().AsNoTracking().Where(d => districtIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Name, ct);

        var fields = new List<ApplicationField>();
        Add(fields, "kind", Ui.T("分会类别", "Kind"), a.Kind == BranchKind.Clinic ? Ui.T("连锁（个体）诊所分会", "Clinic branch") : Ui.T("学术分会", "Academic branch"));
        Add(fields, "name", Ui.T("拟成立分会名称", "Proposed name"), a.ProposedName);
        if (a.Kind == BranchKind.Clinic) Add(fields, "clinicCategory", Ui.T("诊所类别", "Clinic category"), a.ClinicCategory?.Zh());
        else
        {
            Add(fields, "discipline", Ui.T("学科", "Discipline"), a.Discipline);
            Add(fields, "secondLevelDiscipline", Ui.T("二级学科", "Second-level discipline"), YesNo(a.SecondLevelDiscipline));
            Add(fields, "unitsWithDepartment", Ui.T("设有该二级临床科室的会员单位", "Units with the department"), Number(a.UnitsWithDepartment, "家"));
        }
        Add(fields, "chairUnitId", Ui.T("拟任主任委员单位", "Proposed chair unit"), a.ProposedChairUnitId is { } u ? units.GetValueOrDefault(u, u) : null);
        Add(fields, "chairPersonId", Ui.T("拟任主任委员", "Proposed chair"), a.ProposedChairPersonId is { } p ? people.GetValueOrDefault(p, p) : null);
        Add(fields, "fundingCommitment", Ui.T("经费承诺书", "Funding commitment"), a.FundingCommitment ? Ui.T("已承诺每年提供工作经费", "committed") : Ui.T("未提供", "none"));
        Add(fields, "committeeSize", Ui.T("委员会人数", "Committee size"), Number(a.CommitteeSize, "人"));
        Add(fields, "districtsCovered", Ui.T("覆盖区县", "Districts covered"), Number(a.DistrictsCovered, "个"));
        Add(fields, "standingMembersPerDistrict", Ui.T("每区县常务委员", "Standing members per district"), Number(a.StandingMembersPerDistrict, "人"));
        Add(fields, "evidence", Ui.T("佐证材料", "Evidence"), a.Evidence, true);
        if (a.WarningsAcknowledgement is { Length: > 0 } ack) Add(fields, "warningsAcknowledgement", Ui.T("“原则上”条款确认理由", "Warnings acknowledged because"), ack, true);

        var office = holders.OrderByDescending(h => h.Position).Select(h => new ApplicationOfficeHolder(
            people.GetValueOrDefault(h.PersonId, h.PersonId), h.Position.Zh(),
            h.MemberUnitId is { } mu ? units.GetValueOrDefault(mu, mu) : null,
            h.DistrictId is { } d ? districts.GetValueOrDefault(d, d) : null)).ToList();

        var today = DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(Beijing).DateTime);
        var rules = await RuleInputs.CheckFoundingAsync(db, a, holders, await RuleInputs.FoundingContextAsync(db, ct), today, thresholds, ct);
        return new ApplicationView(instanceId, Ui.T("筹建申请", "Founding application"), FoundingStatusText(a.Status), fields, office, rules, opinions,
            a.Status == FoundingStatus.Returned ? a.DecisionReason : null);
    }

    private async Task<ApplicationView?> ActivityAsync(string instanceId, IReadOnlyList<ApplicationOpinion> opinions, CancellationToken ct)
    {
        var a = await db.Set<ActivityApplication>().AsNoTracking().FirstOrDefaultAsync(x => x.WorkflowInstanceId == instanceId, ct);
        if (a is null) return null;
        var branch = await db.Set<Branch>().AsNoTracking().FirstOrDefaultAsync(b => b.Id == a.BranchId, ct);
        var fields = new List<ApplicationField>();
        Add(fields, "branchId", Ui.T("分会", "Branch"), branch?.Name);
        Add(fields, "type", Ui.T("类型", "Type"), a.Type.Zh());
        Add(fields, "title", Ui.T("活动名称", "Title"), a.Title);
        Add(fields, "startsAt", Ui.T("开始时间", "Starts"), Time(a.StartsAtUtc));
        Add(fields, "endsAt", Ui.T("结束时间", "Ends"), Time(a.EndsAtUtc));
        Add(fields, "venue", Ui.T("地点", "Venue"), a.Venue);
        Add(fields, "budget", Ui.T("预算（元）", "Budget (yuan)"), a.Budget?.ToString("#,0.##", CultureInfo.InvariantCulture));
        Add(fields, "involvesFunds", Ui.T("涉及资金", "Involves funds"), YesNo(a.InvolvesFunds));
        Add(fields, "sponsors", Ui.T("赞助商", "Sponsors"), a.Sponsors, true);
        Add(fields, "partners", Ui.T("合作方", "Partners"), a.Partners, true);
        Add(fields, "agenda", Ui.T("议程", "Agenda"), a.Agenda, true);

        RuleCheckResult? rules = null;
        if (branch is not null)
        {
            // As the check activity saw it: the start date against the time of (re)submission.
            var at = a.SubmittedAtUtc is { } s ? new DateTimeOffset(s, TimeSpan.Zero) : clock.GetUtcNow();
            rules = ActivityRules.CheckPreApproval(RuleInputs.ActivityInput(a, branch.Status), at);
        }
        var submitted = new Dictionary<string, string>
        {
            ["title"] = a.Title,
            ["startsAt"] = LocalInput(a.StartsAtUtc),
            ["endsAt"] = LocalInput(a.EndsAtUtc),
        };
        foreach (var (key, value) in new[] { ("venue", a.Venue), ("budget", a.Budget?.ToString("0.##", CultureInfo.InvariantCulture)), ("sponsors", a.Sponsors), ("partners", a.Partners), ("agenda", a.Agenda) })
        {
            if (!string.IsNullOrWhiteSpace(value)) submitted[key] = value;
        }
        return new ApplicationView(instanceId, Ui.T("活动申请", "Activity request"), ActivityStatusText(a.Status), fields, [], rules, opinions,
            a.Status == ActivityStatus.Returned ? a.DecisionComment : null) { Submitted = submitted };
    }

    private async Task<ApplicationView?> QualityReviewAsync(string instanceId, IReadOnlyList<ApplicationOpinion> opinions, CancellationToken ct)
    {
        var a = await db.Set<QualityReviewApplication>().AsNoTracking().FirstOrDefaultAsync(x => x.WorkflowInstanceId == instanceId, ct);
        if (a is null) return null;
        var unit = await db.Set<MemberUnit>().AsNoTracking().Where(u => u.Id == a.InstitutionId).Select(u => u.Name).FirstOrDefaultAsync(ct);
        var fields = new List<ApplicationField>();
        Add(fields, "institutionId", Ui.T("申报机构", "Institution"), unit ?? a.InstitutionId);
        Add(fields, "kind", Ui.T("评价类型", "Kind"), a.Kind switch
        {
            QualityReviewKind.Quality => Ui.T("医疗质量评审评价", "Quality review"),
            QualityReviewKind.Credit => Ui.T("信用等级评价", "Credit rating"),
            _ => Ui.T("服务能力星级评价", "Star rating"),
        });
        Add(fields, "submittedAt", Ui.T("申报时间", "Submitted"), Time(a.SubmittedAtUtc));
        Add(fields, "description", Ui.T("申报说明", "Description"), a.Description, true);
        if (a.Result is { Length: > 0 } result) Add(fields, "result", Ui.T("评审结论", "Result"), result, true);
        return new ApplicationView(instanceId, Ui.T("评审申报", "Review application"), null, fields, [], null, opinions, null);
    }

    /// <summary>Completed steps of the instance (not the one being looked at), oldest first.</summary>
    private async Task<IReadOnlyList<ApplicationOpinion>> OpinionsAsync(string instanceId, string? currentTaskId, CancellationToken ct)
    {
        var tasks = await db.Tasks.AsNoTracking()
            .Where(t => t.InstanceId == instanceId && t.Status == TaskStatuses.Completed && t.Id != currentTaskId)
            .OrderBy(t => t.CompletedAt).ToListAsync(ct);
        var names = await InboxUsers.DisplayNamesAsync(db, tasks.Select(t => t.CompletedBy), ct);
        return tasks.Select(t => new ApplicationOpinion(
            t.CompletedAt ?? t.CreatedAt,
            t.Title,
            t.CompletedBy is null ? null : names.GetValueOrDefault(t.CompletedBy, t.CompletedBy),
            t.Outcome is null ? null : TaskJson.OutcomeLabel(t, t.Outcome) is var label ? Ui.T(label.Zh, label.En) : null,
            t.Comment)).ToList();
    }

    private static void Add(List<ApplicationField> fields, string key, string label, string? value, bool isLong = false)
    {
        if (!string.IsNullOrWhiteSpace(value)) fields.Add(new ApplicationField(key, label, value.Trim(), isLong));
    }

    private static string YesNo(bool value) => value ? Ui.T("是", "yes") : Ui.T("否", "no");

    private static string? Number(int? value, string unitZh) => value?.ToString(CultureInfo.InvariantCulture) + Ui.T(" " + unitZh, "");

    /// <summary>Beijing time, the one format of the pages (yyyy-MM-dd HH:mm).</summary>
    public static string Time(DateTime utc) =>
        new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToOffset(Beijing).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A datetime-local input's value in Beijing time (a value without an offset is read as Beijing time).</summary>
    private static string LocalInput(DateTime utc) =>
        new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToOffset(Beijing).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    private static string FoundingStatusText(FoundingStatus status) => status switch
    {
        FoundingStatus.Draft => Ui.T("草稿", "Draft"),
        FoundingStatus.Submitted => Ui.T("已提交", "Submitted"),
        FoundingStatus.Returned => Ui.T("已退回", "Returned"),
        FoundingStatus.UnderReview => Ui.T("审查中", "Under review"),
        FoundingStatus.Approved => Ui.T("已批准", "Approved"),
        FoundingStatus.Rejected => Ui.T("不予成立", "Rejected"),
        _ => Ui.T("已撤回", "Withdrawn"),
    };

    private static string ActivityStatusText(ActivityStatus status) => status switch
    {
        ActivityStatus.Draft => Ui.T("草稿", "Draft"),
        ActivityStatus.Submitted => Ui.T("审批中", "Submitted"),
        ActivityStatus.Returned => Ui.T("已退回修改", "Returned"),
        ActivityStatus.Approved => Ui.T("已同意", "Approved"),
        ActivityStatus.Rejected => Ui.T("已驳回", "Rejected"),
        ActivityStatus.Completed => Ui.T("已办结", "Completed"),
        _ => Ui.T("已撤回", "Withdrawn"),
    };
}
