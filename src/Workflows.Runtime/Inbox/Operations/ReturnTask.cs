using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workflows.Engine.Activities.Builtin;
using Workflows.Engine.Execution;
using Workflows.Runtime.Mail;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Inbox;

/// <summary>An earlier human step the task can be sent back to.</summary>
public sealed record ReturnTarget(string ActivityId, string StepName, string? CompletedBy, string? CompletedByName, bool IsApplicant);

/// <summary>
/// 退回: sends the instance back to an earlier human step of the same flowchart (the applicant's, or any approver's
/// that has run); the workflow resumes there (HumanTask's returnTo) and that step's task is created again.
/// </summary>
public sealed class ReturnTask(InboxKit kit)
{
    /// <summary>
    /// The earlier HumanTask activities of the task's flowchart that have completed in this instance (from the
    /// journal), in the order they first ran. The one completed by the initiator is the applicant's step.
    /// </summary>
    public static async Task<IReadOnlyList<ReturnTarget>> TargetsAsync(WorkflowsDbContext db, TaskRecord task, CancellationToken cancellationToken)
    {
        var flowchart = ParentNodeId(task.ActivityNodeId);
        var ran = await db.Journal.AsNoTracking()
            .Where(j => j.InstanceId == task.InstanceId && j.ActivityType == HumanTaskActivity.TypeName && j.EventName == JournalEvents.Completed && j.ActivityId != task.ActivityId)
            .OrderBy(j => j.Sequence).Select(j => new { j.ActivityId, j.ActivityNodeId }).ToListAsync(cancellationToken);
        var activityIds = ran.Where(j => ParentNodeId(j.ActivityNodeId) == flowchart).Select(j => j.ActivityId).Distinct(StringComparer.Ordinal).ToList();
        if (activityIds.Count == 0) return [];

        var tasks = await db.Tasks.AsNoTracking()
            .Where(t => t.InstanceId == task.InstanceId && activityIds.Contains(t.ActivityId) && t.Status == TaskStatuses.Completed)
            .OrderByDescending(t => t.CompletedAt).ToListAsync(cancellationToken);
        var names = await InboxUsers.DisplayNamesAsync(db, tasks.Select(t => t.CompletedBy), cancellationToken);
        return activityIds.Select(id =>
        {
            var last = tasks.FirstOrDefault(t => t.ActivityId == id);
            var by = last?.CompletedBy;
            return new ReturnTarget(id, last?.StepName ?? last?.Title ?? id, by, by is null ? null : names.GetValueOrDefault(by, by), by is not null && by == task.InitiatedBy);
        }).ToList();
    }

    private static string ParentNodeId(string nodeId) => nodeId.LastIndexOf(':') is var i and > 0 ? nodeId[..i] : "";

    public async Task<InboxResult> ExecuteAsync(string taskId, string? target, string? comment, Actor actor, CancellationToken cancellationToken)
    {
        var context = await TaskContext.LoadAsync(kit.Db, taskId, actor, tracking: false, cancellationToken);
        if (context is null || !TaskAccess.Rights(context, actor).Can(TaskRights.View)) return InboxResult.NotFound();
        try
        {
            await CheckAsync(kit.Db, context, actor, target, comment, cancellationToken);
        }
        catch (InboxRefusedException ex)
        {
            return ex.Result;
        }

        var payload = new JsonObject();
        return await kit.ResumeAsync(context.Task, payload, async (uow, ct) =>
        {
            var current = await TaskContext.LoadAsync(uow.Db, taskId, actor, tracking: true, ct) ?? throw new InboxRefusedException(InboxResult.NotFound());
            var step = await CheckAsync(uow.Db, current, actor, target, comment, ct);
            var task = current.Task;
            task.Status = TaskStatuses.Completed;
            task.CompletedBy = actor.UserName;
            task.CompletedAt = uow.Now;
            task.Outcome = "Return";
            task.Comment = comment!.Trim();
            task.Revision++;
            foreach (var signer in current.Signers.Where(s => s.Status is SignerStatuses.Pending or SignerStatuses.Waiting))
                signer.Status = SignerStatuses.Skipped;
            await kit.Audit.AddAsync(uow.Db, task.InstanceId, task, AuditActions.Return, actor.UserName, "Return", comment,
                new JsonObject { ["returnTo"] = step.ActivityId, ["step"] = step.StepName, ["toApplicant"] = step.IsApplicant }, ct);

            if (task.InitiatedBy is { } initiator && initiator != actor.UserName)
            {
                var names = await InboxUsers.DisplayNamesAsync(uow.Db, [initiator, actor.UserName], ct);
                await kit.Mail.QueueAsync(uow.Db, MailTemplateKind.ApplicationReturned, task.InstanceId, InboxMail.StepResultKey(MailTemplateKind.ApplicationReturned, task.Id), [initiator],
                    InboxMail.Model(task, names.GetValueOrDefault(initiator), TaskJson.OutcomeLabel(task, "Return").Zh, comment, names.GetValueOrDefault(actor.UserName), Links.Inbox), ct);
            }

            payload["outcome"] = "Return";
            payload["comment"] = task.Comment;
            payload["actor"] = actor.UserName;
            payload["taskId"] = task.Id;
            payload["returnTo"] = step.ActivityId;
        }, cancellationToken);
    }

    private static async Task<ReturnTarget> CheckAsync(WorkflowsDbContext db, TaskContext context, Actor actor, string? target, string? comment, CancellationToken cancellationToken)
    {
        if (InboxKit.ClosedProblem(context.Task) is { } closed) throw new InboxRefusedException(closed);
        if (!TaskAccess.Rights(context, actor).Can(TaskRights.Return)) throw InboxKit.Forbidden(context, actor, "退回");
        if (string.IsNullOrWhiteSpace(comment)) throw InboxKit.Invalid("退回时必须填写退回意见。 / A comment is required to return a task.");
        var targets = await TargetsAsync(db, context.Task, cancellationToken);
        if (targets.Count == 0)
            throw InboxKit.Invalid("此前没有可退回的人工环节。 / There is no earlier human step to return to.");
        return targets.FirstOrDefault(t => t.ActivityId == target?.Trim())
            ?? throw InboxKit.Invalid($"不能退回到 {target}，可退回：{string.Join("、", targets.Select(t => $"{t.StepName}（{t.ActivityId}）"))}。 / Cannot return to {target}; valid steps: {string.Join(", ", targets.Select(t => t.ActivityId))}.");
    }
}
