using System.Text.Json.Nodes;
using Workflows.Engine.Model;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Inbox;

/// <summary>
/// 委派: the owner asks someone else to deal with the task. The delegate proposes an outcome (<see cref="ResolveDelegation"/>),
/// the task comes back to the owner, and the owner's confirmation (an ordinary completion) decides it.
/// </summary>
public sealed class DelegateTask(InboxKit kit)
{
    public async Task<InboxResult> ExecuteAsync(string taskId, string? to, string? comment, Actor actor, CancellationToken cancellationToken) =>
        await kit.OnTaskAsync(taskId, actor, async (context, rights) =>
        {
            if (context.Task.CountersignJson is not null)
                throw InboxKit.Invalid("会签待办不能委派，请使用转办或加签。 / A countersign task cannot be delegated; transfer or add a signer instead.");
            if (!rights.Can(TaskRights.Delegate)) throw InboxKit.Forbidden(context, actor, "委派");
            var target = await kit.RequireOtherUserAsync(to, actor, cancellationToken);
            var task = context.Task;
            task.Owner = actor.UserName;
            task.Assignee = target;
            task.DelegationState = DelegationStates.Pending;
            task.DelegationJson = EngineJson.Write(new JsonObject
            {
                ["owner"] = actor.UserName,
                ["delegate"] = target,
                ["delegatedAt"] = kit.Now,
                ["note"] = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(),
            });
            await kit.Audit.AddAsync(kit.Db, task.InstanceId, task, AuditActions.Delegate, actor.UserName, null, comment,
                new JsonObject { ["owner"] = actor.UserName, ["delegate"] = target }, cancellationToken);
            return InboxResult.Ok(new JsonObject { ["taskId"] = task.Id, ["delegate"] = target });
        }, cancellationToken);
}

public sealed record ResolveDelegationRequest(string TaskId, string Outcome, string? Comment, JsonObject? FormData);

/// <summary>The delegate hands the task back to the owner with a proposed outcome, comment and form values.</summary>
public sealed class ResolveDelegation(InboxKit kit)
{
    public async Task<InboxResult> ExecuteAsync(ResolveDelegationRequest request, Actor actor, CancellationToken cancellationToken) =>
        await kit.OnTaskAsync(request.TaskId, actor, async (context, rights) =>
        {
            if (!rights.Can(TaskRights.Resolve)) throw InboxKit.Forbidden(context, actor, "提交受托意见");
            var task = context.Task;
            var formData = await DecisionCheck.ValidateAsync(kit.Db, task, request.Outcome, request.Comment, request.FormData, cancellationToken);
            var delegation = TaskJson.Delegation(task) ?? [];
            delegation["delegate"] = actor.UserName;
            delegation["outcome"] = request.Outcome;
            delegation["comment"] = string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment.Trim();
            delegation["formData"] = formData.DeepClone();
            delegation["resolvedAt"] = kit.Now;
            task.DelegationJson = EngineJson.Write(delegation);
            task.DelegationState = DelegationStates.Resolved;
            task.Assignee = task.Owner;
            await kit.Audit.AddAsync(kit.Db, task.InstanceId, task, AuditActions.ResolveDelegation, actor.UserName, request.Outcome, request.Comment,
                new JsonObject { ["owner"] = task.Owner, ["formData"] = formData.DeepClone() }, cancellationToken);
            return InboxResult.Ok(new JsonObject { ["taskId"] = task.Id, ["owner"] = task.Owner });
        }, cancellationToken);
}
