using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workflows.Runtime.Execution;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Inbox;

/// <summary>
/// 撤回: the initiator takes back a request nobody has acted on yet. The instance is cancelled and its open tasks
/// become Withdrawn, in one transaction. "Acted" means a decision by someone other than the initiator: a completion,
/// a signature, a return or a delegate's proposal (claiming or copying is not a decision).
/// </summary>
public sealed class WithdrawInstance(InboxKit kit)
{
    public async Task<InboxResult> ExecuteAsync(string taskId, string? comment, Actor actor, CancellationToken cancellationToken)
    {
        var context = await TaskContext.LoadAsync(kit.Db, taskId, actor, tracking: false, cancellationToken);
        if (context is null || !TaskAccess.Rights(context, actor).Can(TaskRights.View)) return InboxResult.NotFound();
        var task = context.Task;
        try
        {
            await CheckAsync(kit.Db, context, actor, cancellationToken);
        }
        catch (InboxRefusedException ex)
        {
            return ex.Result;
        }

        kit.Db.ChangeTracker.Clear();
        RunOutcome outcome;
        try
        {
            outcome = await kit.Runtime.CancelAsync(task.InstanceId, $"撤回 / withdrawn by {actor.UserName}", async (uow, ct) =>
            {
                var current = await TaskContext.LoadAsync(uow.Db, taskId, actor, tracking: true, ct) ?? throw new InboxRefusedException(InboxResult.NotFound());
                await CheckAsync(uow.Db, current, actor, ct);
                var open = await uow.Db.Tasks.Where(t => t.InstanceId == task.InstanceId && t.Status == TaskStatuses.Open).ToListAsync(ct);
                var openIds = open.Select(t => t.Id).ToList();
                foreach (var t in open)
                {
                    t.Status = TaskStatuses.Withdrawn;
                    t.CompletedAt = uow.Now;
                    t.Revision++;
                }
                foreach (var signer in await uow.Db.Signers().Where(s => openIds.Contains(s.TaskId) && (s.Status == SignerStatuses.Pending || s.Status == SignerStatuses.Waiting)).ToListAsync(ct))
                    signer.Status = SignerStatuses.Skipped;
                await kit.Audit.AddAsync(uow.Db, task.InstanceId, current.Task, AuditActions.Withdraw, actor.UserName, null, comment,
                    new JsonObject { ["withdrawnTasks"] = new JsonArray(openIds.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray()) }, ct);
            }, cancellationToken);
        }
        catch (InboxRefusedException ex)
        {
            return ex.Result;
        }
        return outcome.Succeeded
            ? InboxResult.Ok(new JsonObject { ["instanceId"] = task.InstanceId, ["subStatus"] = outcome.State?.SubStatus.ToString() })
            : InboxResult.Fail(InboxStatus.Conflict, outcome.Message ?? "流程已结束，不能撤回。 / The process has ended.");
    }

    private static async Task CheckAsync(WorkflowsDbContext db, TaskContext context, Actor actor, CancellationToken cancellationToken)
    {
        if (!TaskAccess.Rights(context, actor).Can(TaskRights.Withdraw))
            throw InboxRefusedException.Of(InboxStatus.Forbidden, "只有发起人可以撤回。 / Only the initiator can withdraw.");
        var instanceId = context.Task.InstanceId;
        var instance = await db.Instances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken);
        if (instance is null || instance.Status != "Running")
            throw InboxRefusedException.Of(InboxStatus.Conflict, "流程已结束，不能撤回。 / The process has ended and cannot be withdrawn.");
        var decisions = AuditActions.Decisions.ToList();
        var actedBy = await db.Audit().AsNoTracking()
            .Where(a => a.InstanceId == instanceId && decisions.Contains(a.Action) && a.Actor != actor.UserName)
            .OrderBy(a => a.Id).Select(a => a.ActorName ?? a.Actor).FirstOrDefaultAsync(cancellationToken);
        if (actedBy is not null)
            throw InboxRefusedException.Of(InboxStatus.Conflict, $"{actedBy} 已经办理，不能撤回。 / {actedBy} has already acted; the request can no longer be withdrawn.");
    }
}
