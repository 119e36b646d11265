using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workflows.Engine.Model;
using Workflows.Engine.Services;
using Workflows.Runtime.Mail;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Inbox;

/// <summary>
/// The inbox never sends mail: it writes outbox rows in the caller's context (the same transaction as the action),
/// in the shape <see cref="Execution.BurstUnitOfWork.EnqueueAsync"/> writes. The background sender renders the
/// template named in <see cref="OutboxRecord.Template"/> and resolves the recipients (user names, role:key,
/// addresses). Each row's idempotency key names one logical notification, so a retried action writes no second row.
/// </summary>
public sealed class InboxMail(IIdGenerator ids, TimeProvider clock)
{
    /// <summary>The template names the sender knows: the camelCase names of <see cref="MailTemplateKind"/>.</summary>
    public static string TemplateName(MailTemplateKind kind) => JsonNamingPolicy.CamelCase.ConvertName(kind.ToString());

    /// <summary>
    /// The key of the inbox's own step-result mail for a task (a decision, or a return to the applicant): one per task
    /// and kind. <see cref="Mail.Outbox.MailMerge"/> recognises these by <see cref="IsStepResultKey"/>.
    /// </summary>
    public static string StepResultKey(MailTemplateKind kind, string taskId) => $"{TemplateName(kind)}:{taskId}";

    /// <summary>Whether an outbox key is one of <see cref="StepResultKey"/>'s.</summary>
    public static bool IsStepResultKey(string idempotencyKey) =>
        StepResultKinds.Any(kind => idempotencyKey.StartsWith(TemplateName(kind) + ":", StringComparison.Ordinal));

    private static readonly MailTemplateKind[] StepResultKinds = [MailTemplateKind.Decision, MailTemplateKind.ApplicationReturned];

    /// <summary>Queues one mail; false when a row with the key exists already (nothing is added).</summary>
    public async Task<bool> QueueAsync(WorkflowsDbContext db, MailTemplateKind template, string? instanceId, string idempotencyKey,
        IReadOnlyCollection<string> to, JsonObject model, CancellationToken cancellationToken)
    {
        if (to.Count == 0) return false;
        if (db.Outbox.Local.Any(m => m.IdempotencyKey == idempotencyKey)
            || await db.Outbox.AsNoTracking().AnyAsync(m => m.IdempotencyKey == idempotencyKey, cancellationToken))
            return false;
        var id = ids.NewId();
        var now = clock.GetUtcNow().UtcDateTime;
        db.Outbox.Add(new OutboxRecord
        {
            Id = id,
            MessageId = $"<{id}.{instanceId}@workflows.local>",
            InstanceId = instanceId,
            IdempotencyKey = idempotencyKey,
            ToJson = EngineJson.Write(new JsonArray(to.Distinct(StringComparer.Ordinal).Select(t => (JsonNode?)JsonValue.Create(t)).ToArray())),
            Template = TemplateName(template),
            ModelJson = EngineJson.Write(model),
            Status = OutboxStatuses.Pending,
            NextAttemptAt = now,
            CreatedAt = now,
        });
        return true;
    }

    /// <summary>
    /// The model every inbox mail carries: {recipientName?, processName, taskTitle, instanceTitle?, dueDate, outcome?,
    /// comment?, actorName?, link}. Empty values are left out so templates drop their lines.
    /// </summary>
    public static JsonObject Model(TaskRecord task, string? recipientName = null, string? outcome = null, string? comment = null, string? actorName = null, string? link = null)
    {
        var model = new JsonObject();
        Put(model, "recipientName", recipientName);
        Put(model, "processName", task.ProcessName ?? task.DefinitionId ?? "");
        Put(model, "taskTitle", task.Title);
        Put(model, "instanceTitle", InstanceTitle(task));
        Put(model, "dueDate", task.DueAt is { } due ? new DateTimeOffset(due, TimeSpan.Zero).ToString("O", CultureInfo.InvariantCulture) : null);
        Put(model, "outcome", outcome);
        Put(model, "comment", string.IsNullOrWhiteSpace(comment) ? null : comment.Trim());
        Put(model, "actorName", actorName);
        Put(model, "link", link ?? Links.Task(task.Id));
        return model;
    }

    /// <summary>What the application is called, from the task's business context when it says so.</summary>
    public static string? InstanceTitle(TaskRecord task)
    {
        var context = TaskJson.Context(task);
        if (context is null) return null;
        foreach (var key in new[] { "instanceTitle", "applicationTitle", "title", "branchName" })
        {
            if (context.GetString(key) is { Length: > 0 } text) return text;
        }
        return null;
    }

    private static void Put(JsonObject model, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value)) model[name] = value;
    }
}
