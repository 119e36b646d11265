using System.Globalization;
using System.Text.Json.Nodes;
using Workflows.Runtime.Mail;

namespace Workflows.Runtime.Inbox;

/// <summary>催办: the initiator (or a delegator) reminds whoever holds the task now; at most once per interval per task.</summary>
public sealed class UrgeTask(InboxKit kit)
{
    public async Task<InboxResult> ExecuteAsync(string taskId, string? comment, Actor actor, CancellationToken cancellationToken) =>
        await kit.OnTaskAsync(taskId, actor, async (context, rights) =>
        {
            if (!rights.Can(TaskRights.Urge))
                throw InboxRefusedException.Of(InboxStatus.Forbidden, "只有发起人或委派人可以催办。 / Only the initiator or the delegator can urge.");
            var task = context.Task;
            var now = kit.Now;
            if (task.LastUrgedAt is { } last && now - last < kit.Options.UrgeInterval)
            {
                var next = last + kit.Options.UrgeInterval;
                var minutes = (int)Math.Ceiling((next - now).TotalMinutes);
                return InboxResult.Fail(InboxStatus.TooManyRequests,
                    $"催办过于频繁：每 {kit.Options.UrgeInterval.TotalMinutes:0} 分钟最多一次，请 {minutes} 分钟后再试。 / Urged too recently; try again in {minutes} minutes.");
            }
            var recipients = InboxKit.CurrentRecipients(context);
            if (recipients.Count == 0) throw InboxKit.Invalid("此待办当前没有办理人。 / Nobody holds the task now.");
            task.LastUrgedAt = now;
            var names = await InboxUsers.DisplayNamesAsync(kit.Db, [.. recipients, actor.UserName], cancellationToken);
            var model = InboxMail.Model(task, recipients.Count == 1 ? names.GetValueOrDefault(recipients[0]) : null, comment: comment, actorName: names.GetValueOrDefault(actor.UserName, actor.UserName));
            await kit.Mail.QueueAsync(kit.Db, MailTemplateKind.Urge, task.InstanceId, $"urge:{task.Id}:{now.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}", recipients, model, cancellationToken);
            await kit.Audit.AddAsync(kit.Db, task.InstanceId, task, AuditActions.Urge, actor.UserName, null, comment,
                new JsonObject { ["to"] = new JsonArray(recipients.Select(r => (JsonNode?)JsonValue.Create(r)).ToArray()) }, cancellationToken);
            return InboxResult.Ok(new JsonObject { ["taskId"] = task.Id, ["to"] = new JsonArray(recipients.Select(r => (JsonNode?)JsonValue.Create(r)).ToArray()) });
        }, cancellationToken);
}
