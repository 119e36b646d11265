using System.Text.Json.Nodes;
using Workflows.Engine.Model;
using Workflows.Runtime.Mail;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Inbox;

public sealed record CompleteTaskRequest(string TaskId, string Outcome, string? Comment, JsonObject? FormData);

/// <summary>
/// 办理: decides a task with one of its outcomes. The task is marked done and the workflow resumed in one
/// transaction. On a countersign task this signs the actor's item instead (<see cref="CountersignProcessor"/>).
/// </summary>
public sealed class CompleteTask(InboxKit kit, CountersignProcessor countersign)
{
    public async Task<InboxResult> ExecuteAsync(CompleteTaskRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var context = await TaskContext.LoadAsync(kit.Db, request.TaskId, actor, tracking: false, cancellationToken);
        if (context is null || !TaskAccess.Rights(context, actor).Can(TaskRights.View)) return InboxResult.NotFound();
        if (context.Task.CountersignJson is not null) return await countersign.SignAsync(request, actor, cancellationToken);

        try
        {
            Check(context, actor);
            await DecisionCheck.ValidateAsync(kit.Db, context.Task, request.Outcome, request.Comment, request.FormData, cancellationToken);
        }
        catch (InboxRefusedException ex)
        {
            return ex.Result;
        }

        var payload = new JsonObject();
        return await kit.ResumeAsync(context.Task, payload, async (uow, ct) =>
        {
            // Everything again on the rows this burst will commit: someone may have acted in the meantime.
            var current = await TaskContext.LoadAsync(uow.Db, request.TaskId, actor, tracking: true, ct) ?? throw new InboxRefusedException(InboxResult.NotFound());
            Check(current, actor);
            var formData = await DecisionCheck.ValidateAsync(uow.Db, current.Task, request.Outcome, request.Comment, request.FormData, ct);

            var task = current.Task;
            task.Status = TaskStatuses.Completed;
            task.CompletedBy = actor.UserName;
            task.CompletedAt = uow.Now;
            task.Outcome = request.Outcome;
            task.Comment = string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment.Trim();
            task.FormDataJson = EngineJson.Write(formData);
            task.Revision++;
            await kit.Audit.AddAsync(uow.Db, task.InstanceId, task, AuditActions.Complete, actor.UserName, request.Outcome, request.Comment,
                new JsonObject { ["formData"] = formData.DeepClone(), ["delegation"] = TaskJson.Delegation(task)?.DeepClone() }, ct);
            await QueueDecisionMailAsync(kit, uow.Db, task, actor.UserName, request.Outcome, request.Comment, ct);

            payload["outcome"] = request.Outcome;
            payload["comment"] = task.Comment;
            payload["formData"] = formData.DeepClone();
            payload["actor"] = actor.UserName;
            payload["taskId"] = task.Id;
        }, cancellationToken);
    }

    private static void Check(TaskContext context, Actor actor)
    {
        if (InboxKit.ClosedProblem(context.Task) is { } closed) throw new InboxRefusedException(closed);
        if (!TaskAccess.Rights(context, actor).Can(TaskRights.Complete)) throw InboxKit.Forbidden(context, actor, "办理");
    }

    /// <summary>
    /// 审批结果: the initiator hears of a decision taken on their request by someone else. Only tasks that offer a
    /// choice count as decisions; a one-outcome step ("Submit") is not news to the applicant.
    /// </summary>
    public static async Task QueueDecisionMailAsync(InboxKit kit, WorkflowsDbContext db, TaskRecord task, string actor, string outcome, string? comment, CancellationToken cancellationToken)
    {
        if (task.InitiatedBy is not { } initiator || initiator == actor || TaskJson.Outcomes(task).Count < 2) return;
        var names = await InboxUsers.DisplayNamesAsync(db, [initiator, actor], cancellationToken);
        // The applicant follows the application, not the approver's task page (issue 14).
        var model = InboxMail.Model(task, names.GetValueOrDefault(initiator), TaskJson.OutcomeLabel(task, outcome).Zh, comment, names.GetValueOrDefault(actor),
            Links.Instance(task.InstanceId));
        model["outcomeKey"] = outcome;
        await kit.Mail.QueueAsync(db, MailTemplateKind.Decision, task.InstanceId, InboxMail.StepResultKey(MailTemplateKind.Decision, task.Id), [initiator], model, cancellationToken);
    }
}
