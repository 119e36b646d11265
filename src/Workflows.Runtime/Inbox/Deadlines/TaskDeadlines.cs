using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflows.Runtime.Mail;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Inbox;

public sealed record DeadlineRun(int Reminders, int Escalations);

/// <summary>
/// Reminders before and escalation after a task's due date, for a scheduler to call (every minute, from any number
/// of nodes). Idempotent and safe concurrently: each task is handled in its own transaction guarded by the task's
/// revision, the outbox rows carry unique idempotency keys, and what was done is recorded on the task
/// (NextReminderAt moves on, EscalatedAt is set once), so a second caller finds nothing left to do.
/// <list type="bullet">
/// <item>Reminders: at each RemindBefore offset before the due date (3 days and 1 day by default), once each. A
/// node that was down catches up with one reminder (the most recent one due), not one per missed offset; offsets
/// already past when the task was created are skipped; an overdue task gets no reminder (it is escalated).</item>
/// <item>Escalation: once, after the due date, to the task's EscalateTo (user name or role:key), else
/// <see cref="InboxOptions.DefaultEscalationTarget"/>. An ordinary task is reassigned to the target (a role target
/// offers it to the role); a countersign task keeps its signers (changing them would change the vote) and the
/// target is informed. Both are recorded in the audit trail and mailed.</item>
/// </list>
/// </summary>
public sealed class TaskDeadlines(IServiceScopeFactory scopes, IOptions<InboxOptions> options, ILogger<TaskDeadlines> logger)
{
    private const int MaxRounds = 50;

    /// <summary>The next reminder time after <paramref name="after"/> (and before the due date), or null.</summary>
    public static DateTime? NextReminder(TaskRecord task, IReadOnlyList<TimeSpan> offsets, DateTime after) =>
        task.DueAt is { } due
            ? offsets.Select(o => due - o).Where(t => t > after && t < due).Order().Select(t => (DateTime?)t).FirstOrDefault()
            : null;

    public async Task<DeadlineRun> ProcessAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var at = now.UtcDateTime;
        var batch = Math.Max(1, options.Value.DeadlineBatchSize);
        var reminders = await SweepAsync(
            db => db.Tasks.AsNoTracking().Where(t => t.Status == TaskStatuses.Open && t.NextReminderAt != null && t.NextReminderAt <= at).OrderBy(t => t.NextReminderAt),
            (id, ct) => RemindAsync(id, at, ct), batch, cancellationToken);
        var escalations = await SweepAsync(
            db => db.Tasks.AsNoTracking().Where(t => t.Status == TaskStatuses.Open && t.EscalatedAt == null && t.DueAt != null && t.DueAt <= at).OrderBy(t => t.DueAt),
            (id, ct) => EscalateAsync(id, at, ct), batch, cancellationToken);
        if (reminders + escalations > 0)
            logger.LogInformation("Deadlines at {Now}: {Reminders} reminders, {Escalations} escalations", now, reminders, escalations);
        return new DeadlineRun(reminders, escalations);
    }

    private async Task<int> SweepAsync(Func<WorkflowsDbContext, IQueryable<TaskRecord>> due, Func<string, CancellationToken, Task<bool>> handle, int batch, CancellationToken cancellationToken)
    {
        var done = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var round = 0; round < MaxRounds; round++)
        {
            List<string> ids;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
                ids = await due(db).Select(t => t.Id).Take(batch).ToListAsync(cancellationToken);
            }
            // A handled task no longer matches; one that still does after its turn is not tried again in this pass.
            var fresh = ids.Where(seen.Add).ToList();
            if (fresh.Count == 0) break;
            foreach (var id in fresh)
            {
                if (await handle(id, cancellationToken)) done++;
            }
            if (ids.Count < batch) break;
        }
        return done;
    }

    private async Task<bool> RemindAsync(string taskId, DateTime at, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var context = await TaskContext.LoadAsync(db, taskId, System, tracking: true, cancellationToken);
        var task = context?.Task;
        if (task is not { Status: TaskStatuses.Open, NextReminderAt: { } next } || next > at) return false;
        try
        {
            var offsets = TaskJson.RemindBefore(task);
            var sent = false;
            if (task.DueAt is { } due && due > at)
            {
                // The most recent offset whose time has come; earlier ones missed while nobody ran are not sent late.
                var offset = offsets.Where(o => due - o <= at && due - o >= next).OrderBy(o => o).Cast<TimeSpan?>().FirstOrDefault();
                var recipients = InboxKit.CurrentRecipients(context!);
                if (offset is { } o && recipients.Count > 0)
                {
                    var names = await InboxUsers.DisplayNamesAsync(db, recipients, cancellationToken);
                    var model = InboxMail.Model(task, recipients.Count == 1 ? names.GetValueOrDefault(recipients[0]) : null);
                    var mail = scope.ServiceProvider.GetRequiredService<InboxMail>();
                    sent = await mail.QueueAsync(db, MailTemplateKind.Reminder, task.InstanceId, $"reminder:{task.Id}:{o.ToString("c", CultureInfo.InvariantCulture)}", recipients, model, cancellationToken);
                    if (sent)
                    {
                        await scope.ServiceProvider.GetRequiredService<AuditTrail>().AddAsync(db, task.InstanceId, task, AuditActions.Remind, AuditActions.SystemActor, null, null,
                            new JsonObject { ["before"] = o.ToString("c", CultureInfo.InvariantCulture), ["to"] = Array(recipients) }, cancellationToken);
                    }
                }
            }
            task.NextReminderAt = NextReminder(task, offsets, after: at);
            task.Revision++;
            await db.SaveChangesAsync(cancellationToken);
            return sent;
        }
        catch (DbUpdateException ex)
        {
            // Another caller handled this task first (revision or idempotency key); nothing to add.
            logger.LogInformation(ex, "Reminder for task {TaskId} was handled elsewhere", taskId);
            return false;
        }
    }

    private async Task<bool> EscalateAsync(string taskId, DateTime at, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var context = await TaskContext.LoadAsync(db, taskId, System, tracking: true, cancellationToken);
        var task = context?.Task;
        if (task is not { Status: TaskStatuses.Open, EscalatedAt: null, DueAt: { } due } || due > at) return false;
        try
        {
            var previous = InboxKit.CurrentRecipients(context!);
            var target = await TargetAsync(db, task, cancellationToken);
            if (task.CountersignJson is null)
            {
                if (target.StartsWith("role:", StringComparison.Ordinal))
                {
                    await TaskJson.SetAssigneesAsync(db, task, [], cancellationToken);
                    task.CandidateRole = target["role:".Length..];
                }
                else
                {
                    await TaskJson.SetAssigneesAsync(db, task, [target], cancellationToken);
                }
                task.Owner = null;
                task.DelegationState = null;
                task.DelegationJson = null;
            }
            task.EscalatedAt = at;
            task.NextReminderAt = null;
            task.Revision++;

            var names = await InboxUsers.DisplayNamesAsync(db, [.. previous, target], cancellationToken);
            var overdueWith = string.Join("、", previous.Select(p => names.GetValueOrDefault(p, p.StartsWith("role:", StringComparison.Ordinal) ? p["role:".Length..] : p)));
            var model = InboxMail.Model(task, names.GetValueOrDefault(target), actorName: overdueWith.Length == 0 ? null : overdueWith,
                comment: task.CountersignJson is null ? "待办已转至您处办理。 / The task has been reassigned to you." : "会签待办已超期，请督办。 / The countersign is overdue; please follow up.");
            await scope.ServiceProvider.GetRequiredService<InboxMail>().QueueAsync(db, MailTemplateKind.Escalation, task.InstanceId, $"escalation:{task.Id}", [target], model, cancellationToken);
            await scope.ServiceProvider.GetRequiredService<AuditTrail>().AddAsync(db, task.InstanceId, task, AuditActions.Escalate, AuditActions.SystemActor, null, null,
                new JsonObject { ["to"] = target, ["from"] = Array(previous), ["reassigned"] = task.CountersignJson is null, ["dueAt"] = due }, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException ex)
        {
            logger.LogInformation(ex, "Escalation of task {TaskId} was handled elsewhere", taskId);
            return false;
        }
    }

    /// <summary>EscalateTo when it names an active user or role:key; otherwise the configured default.</summary>
    private async Task<string> TargetAsync(WorkflowsDbContext db, TaskRecord task, CancellationToken cancellationToken)
    {
        var wanted = task.EscalateTo?.Trim();
        if (!string.IsNullOrEmpty(wanted))
        {
            if (wanted.StartsWith("role:", StringComparison.Ordinal) && wanted.Length > 5) return wanted;
            if ((await InboxUsers.UnknownAsync(db, [wanted], cancellationToken)).Count == 0) return wanted;
            logger.LogWarning("Task {TaskId} escalates to unknown user {User}; using {Default}", task.Id, wanted, options.Value.DefaultEscalationTarget);
        }
        return options.Value.DefaultEscalationTarget;
    }

    private static readonly Actor System = new(AuditActions.SystemActor, []);

    private static JsonArray Array(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
