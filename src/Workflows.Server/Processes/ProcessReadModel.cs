using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workflows.Engine.Activities.Builtin;
using Workflows.Engine.Model;
using Workflows.Runtime.Inbox;
using Workflows.Runtime.Persistence;
using Workflows.Server.Hosting;

namespace Workflows.Server.Processes;

/// <summary>The Association's processes as people name them, and which page starts each.</summary>
public static class ProcessCatalog
{
    public sealed record Entry(string DefinitionId, string Zh, string En, string? StartPage);

    public static IReadOnlyList<Entry> All { get; } =
    [
        new("p1-branch-founding", "分会成立", "Branch founding", "/processes/founding"),
        new("p2-party-branch-setup", "特设党支部成立", "Party-branch setup", null),
        new("p3-annual-assessment", "年度三个责任制考核", "Annual assessment", null),
        new("p4-activity-approval", "活动事前审批", "Activity pre-approval", "/processes/activity"),
        new("p5-quality-review", "医疗质量评审评价", "Quality review", "/processes/quality-review"),
        new("p5-leader-unit-term", "评审中心组长单位任期", "Review center leader unit", null),
        new("integrity-pledge", "诚信自律倡议书", "Integrity pledge", null),
        new("expert-pool-intake", "专家入库", "Expert-pool intake", null),
        new("annual-report-deadline", "年度评价报告", "Annual evaluation report", null),
        new("bad-practice-warning", "不良执业积分警示", "Bad-practice warning", null),
    ];

    public static string Name(string definitionId, string? fallback = null) =>
        All.FirstOrDefault(e => e.DefinitionId == definitionId) is { } e ? Ui.T(e.Zh, e.En) : fallback ?? definitionId;
}

public sealed record WaitingItem(string Kind, string Text, string? Who, DateTime? DueAt, bool Overdue, string? TaskId);

public sealed record TimelineStep(DateTime At, string Title, string? Who, string? Decision, string? Comment, string Kind);

public sealed record InstanceSummary(
    string Id, string DefinitionId, string ProcessName, string? Title, string Status, string SubStatus, string? InitiatedBy,
    DateTime CreatedAt, DateTime UpdatedAt, string? Result, IReadOnlyList<WaitingItem> Waiting)
{
    public bool Overdue => Waiting.Any(w => w.Overdue);
}

public sealed record InstanceTimeline(InstanceSummary Instance, IReadOnlyList<TimelineStep> Steps, IReadOnlyList<InstanceSummary> Children, string? ParentId, string? FaultMessage);

/// <summary>
/// What the process pages show, read from the runtime's tables: an application's timeline (who did what, when,
/// with which decision and comment), what an instance waits for now (open tasks, timers, child processes) and who
/// is overdue.
/// </summary>
public sealed class ProcessReadModel(WorkflowsDbContext db, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Instances visible to the actor: the inbox's rule for reading an instance's trail (secretariat and
    /// administrators, the initiator, anyone who may see one of its tasks), so the two pages never disagree.</summary>
    public Task<bool> CanSeeAsync(string instanceId, Actor actor, CancellationToken ct) =>
        new InstanceAudit(db).CanReadAsync(instanceId, actor, ct);

    public async Task<InstanceTimeline?> TimelineAsync(string instanceId, CancellationToken ct)
    {
        var instance = await db.Instances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == instanceId, ct);
        if (instance is null) return null;
        var names = await NamesAsync(ct);
        var summary = (await SummariesAsync([instance], names, ct)).Single();

        var steps = new List<TimelineStep>
        {
            new(instance.CreatedAt, Ui.T("提交申请 / 启动流程", "Started"), names.User(instance.InitiatedBy), null, null, "start"),
        };
        var tasks = await db.Tasks.AsNoTracking().Where(t => t.InstanceId == instanceId && t.Status == TaskStatuses.Completed).ToListAsync(ct);
        steps.AddRange(tasks.Select(t => new TimelineStep(t.CompletedAt ?? t.CreatedAt, t.Title, names.User(t.CompletedBy), OutcomeLabel(t, t.Outcome), t.Comment, "task")));

        // Domain steps and notifications, from the journal (the activities' own messages).
        var journal = await db.Journal.AsNoTracking()
            .Where(j => j.InstanceId == instanceId && j.EventName == "Completed" && (j.ActivityType.StartsWith("Association.") || j.ActivityType == "Elsa.SendEmail" || j.ActivityType == "Elsa.DispatchWorkflow"))
            .OrderBy(j => j.Sequence).ToListAsync(ct);
        foreach (var entry in journal)
        {
            var label = entry.ActivityName ?? entry.ActivityId;
            var title = entry.ActivityType switch
            {
                "Elsa.SendEmail" => Ui.T("发送通知", "Notification sent"),
                "Elsa.DispatchWorkflow" => Ui.T("启动关联流程", "Related process started"),
                _ => Ui.T("系统处理", "Processed"),
            };
            steps.Add(new TimelineStep(entry.Timestamp, $"{title} · {DisplayText(instance, entry.ActivityId) ?? label}", null, null, entry.Message, entry.ActivityType == "Elsa.SendEmail" ? "mail" : "system"));
        }

        var childRecords = await db.Instances.AsNoTracking().Where(i => i.ParentInstanceId == instanceId).ToListAsync(ct);
        var children = await SummariesAsync(childRecords, names, ct);
        var state = JsonNode.Parse(instance.StateJson) as JsonObject;
        return new InstanceTimeline(summary, steps.OrderBy(s => s.At).ToList(), children, instance.ParentInstanceId, state?.GetString("faultMessage"));
    }

    /// <summary>Instances by filter, newest first, with what each waits for.</summary>
    public async Task<IReadOnlyList<InstanceSummary>> ListAsync(string? definitionId, string? status, string? initiatedBy, int take, CancellationToken ct, int skip = 0)
    {
        var rows = await Query(definitionId, status, initiatedBy).OrderByDescending(i => i.CreatedAt).ThenBy(i => i.Id).Skip(skip).Take(take).ToListAsync(ct);
        return await SummariesAsync(rows, await NamesAsync(ct), ct);
    }

    public Task<int> CountAsync(string? definitionId, string? status, string? initiatedBy, CancellationToken ct) =>
        Query(definitionId, status, initiatedBy).CountAsync(ct);

    private IQueryable<InstanceRecord> Query(string? definitionId, string? status, string? initiatedBy)
    {
        var query = db.Instances.AsNoTracking();
        if (!string.IsNullOrEmpty(definitionId)) query = query.Where(i => i.DefinitionId == definitionId);
        if (status == "running") query = query.Where(i => i.Status == "Running");
        else if (!string.IsNullOrEmpty(status)) query = query.Where(i => i.SubStatus == status);
        if (!string.IsNullOrEmpty(initiatedBy)) query = query.Where(i => i.InitiatedBy == initiatedBy);
        return query;
    }

    /// <summary>Counts per process and state, for the overview.</summary>
    public async Task<IReadOnlyList<(string DefinitionId, string SubStatus, int Count)>> CountsAsync(CancellationToken ct) =>
        (await db.Instances.AsNoTracking().GroupBy(i => new { i.DefinitionId, i.SubStatus }).Select(g => new { g.Key.DefinitionId, g.Key.SubStatus, Count = g.Count() }).ToListAsync(ct))
        .Select(x => (x.DefinitionId, x.SubStatus, x.Count)).OrderBy(x => x.DefinitionId, StringComparer.Ordinal).ToList();

    /// <summary>Open tasks past their due date: who is overdue, on what.</summary>
    public async Task<IReadOnlyList<(TaskRecord Task, string Who, string ProcessName)>> OverdueAsync(CancellationToken ct)
    {
        var now = Now;
        var tasks = await db.Tasks.AsNoTracking().Where(t => t.Status == TaskStatuses.Open && t.DueAt != null && t.DueAt < now).OrderBy(t => t.DueAt).Take(500).ToListAsync(ct);
        var names = await NamesAsync(ct);
        return tasks.Select(t => (t, names.Holder(t), ProcessCatalog.Name(t.DefinitionId ?? "", t.ProcessName))).ToList();
    }

    private async Task<IReadOnlyList<InstanceSummary>> SummariesAsync(IReadOnlyList<InstanceRecord> instances, Names names, CancellationToken ct)
    {
        var ids = instances.Select(i => i.Id).ToList();
        var open = await db.Tasks.AsNoTracking().Where(t => ids.Contains(t.InstanceId) && t.Status == TaskStatuses.Open).ToListAsync(ct);
        var bookmarks = await db.Bookmarks.AsNoTracking().Where(b => ids.Contains(b.InstanceId) && b.Kind != BookmarkKinds.HumanTask).ToListAsync(ct);
        var now = Now;
        return instances.Select(i =>
        {
            var waiting = open.Where(t => t.InstanceId == i.Id)
                .Select(t => new WaitingItem("task", t.Title, names.Holder(t), t.DueAt, t.DueAt < now, t.Id))
                .Concat(bookmarks.Where(b => b.InstanceId == i.Id).Select(b => b.Kind switch
                {
                    BookmarkKinds.Timer => new WaitingItem("timer", Ui.T("等待到期：", "Waiting until: ") + (DisplayText(i, b.ActivityId) ?? b.ActivityId), null, b.DueAt, false, null),
                    BookmarkKinds.ChildWorkflow => new WaitingItem("child", Ui.T("等待关联流程结束", "Waiting for a related process"), null, null, false, null),
                    _ => new WaitingItem(b.Kind, Ui.T("等待事件：", "Waiting for event: ") + b.Name, null, null, false, null),
                }))
                .ToList();
            var state = JsonNode.Parse(i.StateJson) as JsonObject;
            var variables = state?.GetObject("variables");
            var title = variables?.GetString("Title") ?? variables?.GetString("BranchName");
            var result = state?.GetObject("output")?.GetString("Result") ?? state?.GetObject("output")?.GetString("Grade");
            return new InstanceSummary(i.Id, i.DefinitionId, ProcessCatalog.Name(i.DefinitionId, i.Name), title, i.Status, i.SubStatus, i.InitiatedBy,
                i.CreatedAt, i.UpdatedAt, result, waiting);
        }).ToList();
    }

    /// <summary>The designer's display text of an activity of the instance's pinned definition.</summary>
    private string? DisplayText(InstanceRecord instance, string activityId)
    {
        var snapshot = _snapshots.TryGetValue(instance.SnapshotHash, out var cached)
            ? cached
            : _snapshots[instance.SnapshotHash] = db.DefinitionSnapshots.AsNoTracking().Where(s => s.Hash == instance.SnapshotHash).Select(s => s.Json).FirstOrDefault() is { } json
                ? WorkflowDefinition.Parse(json)
                : null;
        if (snapshot?.Root is not { } root) return null;
        return Find(root, activityId) is { } activity ? ActivityJson.Label(activity) : null;

        static JsonObject? Find(JsonObject node, string id)
        {
            if (ActivityJson.Id(node) == id) return node;
            foreach (var child in ActivityJson.Children(node))
                if (Find(child, id) is { } found) return found;
            return null;
        }
    }

    private readonly Dictionary<string, WorkflowDefinition?> _snapshots = new(StringComparer.Ordinal);

    public static string? OutcomeLabel(TaskRecord task, string? outcome)
    {
        if (outcome is null) return null;
        if (task.OutcomeLabelsJson is not null && JsonNode.Parse(task.OutcomeLabelsJson) is JsonObject labels && labels.GetString(outcome) is { } label) return label;
        return HumanTaskActivity.KnownOutcomeLabels.TryGetValue(outcome, out var known) ? known.For(CultureInfo.CurrentUICulture.Name) : outcome;
    }

    private async Task<Names> NamesAsync(CancellationToken ct) => new(
        await db.Users.AsNoTracking().ToDictionaryAsync(u => u.UserName, u => u.DisplayName, ct),
        await db.Roles.AsNoTracking().ToDictionaryAsync(r => r.Key, r => Ui.T(r.NameZh, r.NameEn), ct));

    private sealed record Names(Dictionary<string, string> Users, Dictionary<string, string> Roles)
    {
        public string? User(string? userName) =>
            userName is null ? null : Users.TryGetValue(userName, out var display) ? $"{display}（{userName}）" : userName;

        /// <summary>Who holds an open task: the assignee(s), else the candidate role.</summary>
        public string Holder(TaskRecord task)
        {
            if (task.Assignee is { } one) return User(one) ?? one;
            var many = JsonNode.Parse(task.AssigneesJson) is JsonArray list ? list.Select(n => n?.GetValue<string>()).OfType<string>().ToList() : [];
            if (many.Count > 0) return string.Join("、", many.Select(m => User(m) ?? m));
            return task.CandidateRole is { } role ? Ui.T("角色：", "Role: ") + (Roles.TryGetValue(role, out var name) ? name : role) : "";
        }
    }
}
