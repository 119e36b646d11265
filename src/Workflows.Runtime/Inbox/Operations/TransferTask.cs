using System.Text.Json.Nodes;

namespace Workflows.Runtime.Inbox;

/// <summary>
/// 转办: the task becomes another person's, entirely (they decide; the transferrer keeps a read-only view and it
/// shows in their "done" list). On a countersign task the transferrer's own item passes to that person.
/// </summary>
public sealed class TransferTask(InboxKit kit)
{
    public async Task<InboxResult> ExecuteAsync(string taskId, string? to, string? comment, Actor actor, CancellationToken cancellationToken) =>
        await kit.OnTaskAsync(taskId, actor, async (context, rights) =>
        {
            if (!rights.Can(TaskRights.Transfer)) throw InboxKit.Forbidden(context, actor, "转办");
            var target = await kit.RequireOtherUserAsync(to, actor, cancellationToken);
            var task = context.Task;
            if (task.CountersignJson is not null)
            {
                if (context.Signers.Any(s => s.UserName == target && s.Status != SignerStatuses.Removed))
                    throw InboxKit.Invalid($"{target} 已是会签人，不能转办给他。 / {target} is already a signer.");
                var mine = context.MySigner(actor.UserName)!;
                if (context.Signers.FirstOrDefault(s => s.UserName == target) is { } earlier)
                {
                    // The target was removed from this countersign before: their row comes back in the transferrer's place.
                    (earlier.Status, earlier.Sequence, earlier.AddedBy, earlier.Decision, earlier.DecidedAt) = (mine.Status, mine.Sequence, actor.UserName, null, null);
                    mine.Status = SignerStatuses.Removed;
                }
                else
                {
                    mine.UserName = target;
                }
                await TaskJson.SetAssigneesAsync(kit.Db, task, context.Signers.Where(s => s.Status != SignerStatuses.Removed).OrderBy(s => s.Sequence).Select(s => s.UserName).ToList(), cancellationToken);
                task.Assignee = null;
            }
            else
            {
                await TaskJson.SetAssigneesAsync(kit.Db, task, [target], cancellationToken);
                task.Owner = null;
                task.DelegationState = null;
                task.DelegationJson = null;
            }
            await kit.Audit.AddAsync(kit.Db, task.InstanceId, task, AuditActions.Transfer, actor.UserName, null, comment,
                new JsonObject { ["from"] = actor.UserName, ["to"] = target }, cancellationToken);
            return InboxResult.Ok(new JsonObject { ["taskId"] = task.Id, ["assignee"] = target });
        }, cancellationToken);
}
