using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workflows.Engine.Activities;
using Workflows.Engine.Expressions;
using Workflows.Runtime.Identity;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Inbox;

/// <summary>One entry of an instance's timeline, as people read it.</summary>
public sealed record TimelineEntry(long Id, DateTime At, string Action, string ActionLabelZh, string ActionLabelEn, string Actor, string? ActorName,
    string? Outcome, string? OutcomeLabelZh, string? OutcomeLabelEn, string? Comment, string? TaskId, string? TaskTitle, JsonObject? Details);

/// <summary>Reading an instance's audit trail: the timeline on the task page and the export (CSV or JSON).</summary>
public sealed class InstanceAudit(WorkflowsDbContext db)
{
    /// <summary>
    /// Who may read an instance's trail: the secretariat and administrators, the initiator, and anyone who may see
    /// one of its tasks.
    /// </summary>
    public async Task<bool> CanReadAsync(string instanceId, Actor actor, CancellationToken cancellationToken)
    {
        var instance = await db.Instances.AsNoTracking().Where(i => i.Id == instanceId).Select(i => new { i.InitiatedBy }).FirstOrDefaultAsync(cancellationToken);
        if (instance is null) return false;
        if (actor.HasRole(RoleKeys.Secretariat) || actor.HasRole(RoleKeys.Admin) || instance.InitiatedBy == actor.UserName) return true;
        var taskIds = await db.Tasks.AsNoTracking().Where(t => t.InstanceId == instanceId).Select(t => t.Id).ToListAsync(cancellationToken);
        foreach (var id in taskIds)
        {
            var context = await TaskContext.LoadAsync(db, id, actor, tracking: false, cancellationToken);
            if (context is not null && TaskAccess.Rights(context, actor).Can(TaskRights.View)) return true;
        }
        return false;
    }

    public async Task<IReadOnlyList<TimelineEntry>> TimelineAsync(string instanceId, CancellationToken cancellationToken)
    {
        var records = await db.Audit().AsNoTracking().Where(a => a.InstanceId == instanceId).OrderBy(a => a.Id).ToListAsync(cancellationToken);
        var taskIds = records.Where(r => r.TaskId is not null).Select(r => r.TaskId!).Distinct().ToList();
        var tasks = await db.Tasks.AsNoTracking().Where(t => taskIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, cancellationToken);
        return records.Select(r =>
        {
            var action = AuditActions.Label(r.Action);
            var outcome = r.Outcome is null ? (LocalizedText?)null
                : r.TaskId is not null && tasks.TryGetValue(r.TaskId, out var task) ? TaskJson.OutcomeLabel(task, r.Outcome) : new(r.Outcome, r.Outcome);
            return new TimelineEntry(r.Id, r.At, r.Action, action.Zh, action.En, r.Actor, r.ActorName, r.Outcome, outcome?.Zh, outcome?.En, r.Comment,
                r.TaskId, r.TaskTitle, r.DetailsJson is null ? null : ValueConversion.TryParse(r.DetailsJson) as JsonObject);
        }).ToList();
    }

    /// <summary>CSV for Excel: UTF-8 with a byte-order mark (without it Excel reads Chinese as mojibake), CRLF lines, quoted fields.</summary>
    public static byte[] ToCsv(IReadOnlyList<TimelineEntry> entries)
    {
        var text = new StringBuilder();
        text.Append("序号 No.,时间 Time (UTC+8),操作 Action,操作人 Actor,用户名 User,结果 Outcome,意见 Comment,环节 Step,待办 Task,详情 Details\r\n");
        var china = TimeSpan.FromHours(8);
        foreach (var e in entries)
        {
            string?[] fields =
            [
                e.Id.ToString(CultureInfo.InvariantCulture),
                new DateTimeOffset(e.At, TimeSpan.Zero).ToOffset(china).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                e.ActionLabelZh,
                e.ActorName ?? e.Actor,
                e.Actor,
                e.OutcomeLabelZh,
                e.Comment,
                e.TaskTitle,
                e.TaskId,
                e.Details?.ToJsonString(Engine.Model.EngineJson.Options),
            ];
            text.Append(string.Join(",", fields.Select(Field))).Append("\r\n");
        }
        var preamble = Encoding.UTF8.GetPreamble();
        var body = Encoding.UTF8.GetBytes(text.ToString());
        return [.. preamble, .. body];
    }

    /// <summary>Quotes every field; a leading =, +, - or @ is neutralised so a spreadsheet never runs it as a formula.</summary>
    private static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "\"\"";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
