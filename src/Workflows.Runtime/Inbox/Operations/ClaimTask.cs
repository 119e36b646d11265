using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Inbox;

/// <summary>认领: a holder of the candidate role (or one of several assignees) takes the task; the others no longer see it.</summary>
public sealed class ClaimTask(InboxKit kit)
{
    public async Task<InboxResult> ExecuteAsync(string taskId, Actor actor, CancellationToken cancellationToken) =>
        await kit.OnTaskAsync(taskId, actor, async (context, rights) =>
        {
            var task = context.Task;
            if (task.Assignee == actor.UserName)
                return InboxResult.Fail(InboxStatus.Conflict, "您已认领此待办。 / You have already claimed the task.");
            // A pool member who lost the race learns who won.
            if (task is { Assignee: { } holder, CountersignJson: null } && WasOffered(task, actor))
                return InboxResult.Fail(InboxStatus.Conflict, $"该待办已被 {holder} 认领。 / The task was claimed by {holder}.");
            if (!rights.Can(TaskRights.Claim)) throw InboxKit.Forbidden(context, actor, "认领");
            task.Assignee = actor.UserName;
            await kit.Audit.AddAsync(kit.Db, task.InstanceId, task, AuditActions.Claim, actor.UserName, cancellationToken: cancellationToken);
            return InboxResult.Ok();
        }, cancellationToken);

    private static bool WasOffered(TaskRecord task, Actor actor)
    {
        var assignees = TaskJson.Assignees(task);
        return assignees.Count > 1 ? assignees.Contains(actor.UserName, StringComparer.Ordinal) : assignees.Count == 0 && actor.HasRole(task.CandidateRole);
    }
}

/// <summary>释放: the claimer gives a pool task back to the role (or to its several assignees).</summary>
public sealed class ReleaseTask(InboxKit kit)
{
    public async Task<InboxResult> ExecuteAsync(string taskId, Actor actor, CancellationToken cancellationToken) =>
        await kit.OnTaskAsync(taskId, actor, async (context, rights) =>
        {
            if (!rights.Can(TaskRights.Release)) throw InboxKit.Forbidden(context, actor, "释放");
            var task = context.Task;
            task.Assignee = null;
            task.Owner = null;
            task.DelegationState = null;
            task.DelegationJson = null;
            await kit.Audit.AddAsync(kit.Db, task.InstanceId, task, AuditActions.Release, actor.UserName, cancellationToken: cancellationToken);
            return InboxResult.Ok();
        }, cancellationToken);
}
