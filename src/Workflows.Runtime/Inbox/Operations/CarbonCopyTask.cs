using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workflows.Runtime.Mail;

namespace Workflows.Runtime.Inbox;

/// <summary>抄送: copies people on a task for information; they see it in their CC view and opening it marks it read (已阅).</summary>
public sealed class CarbonCopyTask(InboxKit kit)
{
    public const int MaxPeople = 50;

    public async Task<InboxResult> ExecuteAsync(string taskId, IReadOnlyList<string> userNames, string? comment, Actor actor, CancellationToken cancellationToken) =>
        await kit.OnTaskAsync(taskId, actor, async (context, rights) =>
        {
            if (!rights.Can(TaskRights.CarbonCopy)) throw InboxKit.Forbidden(context, actor, "抄送");
            var names = userNames.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
            if (names.Count == 0) throw InboxKit.Invalid("请选择抄送人。 / Choose whom to copy.");
            if (names.Count > MaxPeople) throw InboxKit.Invalid($"一次最多抄送 {MaxPeople} 人。 / At most {MaxPeople} people at once.");
            if (names.Contains(actor.UserName)) throw InboxKit.Invalid("不能抄送给自己。 / You cannot copy yourself.");
            var unknown = await InboxUsers.UnknownAsync(kit.Db, names, cancellationToken);
            if (unknown.Count > 0) throw InboxKit.Invalid($"用户不存在或已停用：{string.Join("、", unknown)}。 / Unknown users: {string.Join(", ", unknown)}.");

            var task = context.Task;
            var already = await kit.Db.CarbonCopies().Where(c => c.TaskId == task.Id && names.Contains(c.UserName)).Select(c => c.UserName).ToListAsync(cancellationToken);
            var added = names.Except(already, StringComparer.Ordinal).ToList();
            var display = await InboxUsers.DisplayNamesAsync(kit.Db, [.. added, actor.UserName], cancellationToken);
            foreach (var name in added)
            {
                kit.Db.CarbonCopies().Add(new CarbonCopyRecord
                {
                    Id = kit.Ids.NewId(),
                    TaskId = task.Id,
                    InstanceId = task.InstanceId,
                    UserName = name,
                    CopiedBy = actor.UserName,
                    CreatedAt = kit.Now,
                });
                var model = InboxMail.Model(task, display.GetValueOrDefault(name), comment: comment, actorName: display.GetValueOrDefault(actor.UserName, actor.UserName));
                model["instanceTitle"] ??= task.Title;
                await kit.Mail.QueueAsync(kit.Db, MailTemplateKind.CarbonCopy, task.InstanceId, $"carbonCopy:{task.Id}:{name}", [name], model, cancellationToken);
            }
            if (added.Count > 0)
            {
                await kit.Audit.AddAsync(kit.Db, task.InstanceId, task, AuditActions.CarbonCopy, actor.UserName, null, comment,
                    new JsonObject { ["to"] = new JsonArray(added.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray()) }, cancellationToken);
            }
            return InboxResult.Ok(new JsonObject
            {
                ["taskId"] = task.Id,
                ["added"] = new JsonArray(added.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray()),
                ["alreadyCopied"] = new JsonArray(already.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray()),
            });
        }, cancellationToken);

    /// <summary>已阅: the first time a CC'd person opens the task. Safe to call on every view; only the first counts.</summary>
    public async Task MarkReadAsync(TaskContext context, Actor actor, CancellationToken cancellationToken)
    {
        if (context.MyCopy is not { ReadAt: null } copy) return;
        var db = kit.Db;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = kit.Now;
        var changed = await db.CarbonCopies().Where(c => c.Id == copy.Id && c.ReadAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.ReadAt, now), cancellationToken);
        if (changed == 1)
        {
            await kit.Audit.AddAsync(db, context.Task.InstanceId, context.Task, AuditActions.Read, actor.UserName, cancellationToken: cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }
}
