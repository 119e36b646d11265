using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workflows.Engine.Expressions;
using Workflows.Engine.Model;
using Workflows.Runtime.Inbox;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Mail.Outbox;

/// <summary>
/// One mail per event per person (issue 14). An action and the burst it resumes write their outbox rows in one
/// transaction; before a process mail or a task mail is added, the rows of the same instance still being added in
/// that transaction are looked at:
/// <list type="bullet">
/// <item>the process's own decision, return or result mail replaces the inbox's step-result mail (decision:{taskId},
/// applicationReturned:{taskId}) to the same people: it says the same with the process's reasons;</item>
/// <item>a task given to someone who is being sent such a mail in the same event is not mailed again: the mail they
/// get links to the new task instead, the page they act on (a return and the resubmit task are one mail).</item>
/// </list>
/// A process mail without a link links to the application's page. Retried bursts write the same rows again and
/// merge the same way; the idempotency keys are unchanged, so nothing is sent twice.
/// </summary>
public static class MailMerge
{
    private static readonly string[] ProcessTemplates = ["decision", "applicationReturned", "resultPublished"];

    /// <summary>Adjusts the rows of this transaction for <paramref name="incoming"/>; false when it needs no row of its own.</summary>
    public static bool Apply(WorkflowsDbContext db, OutboxRecord incoming)
    {
        if (incoming.InstanceId is not { } instanceId || incoming.Template is not { } template) return true;
        var pending = db.ChangeTracker.Entries<OutboxRecord>()
            .Where(e => e.State == EntityState.Added && e.Entity.InstanceId == instanceId && !ReferenceEquals(e.Entity, incoming))
            .Select(e => e.Entity).ToList();
        var to = Recipients(incoming.ToJson);

        if (ProcessTemplates.Contains(template, StringComparer.Ordinal) && !incoming.IdempotencyKey.StartsWith("decision:", StringComparison.Ordinal)
            && !incoming.IdempotencyKey.StartsWith("applicationReturned:", StringComparison.Ordinal))
        {
            var model = Model(incoming);
            if (model.GetString("link") is null)
            {
                model["link"] = Links.Instance(instanceId);
                incoming.ModelJson = EngineJson.Write(model);
            }
            foreach (var step in pending.Where(p => IsStepResult(p) && Recipients(p.ToJson).All(to.Contains)))
                db.Outbox.Remove(step);
            return true;
        }

        if (template == "taskAssigned" && Model(incoming).GetString("link") is { } taskLink)
        {
            var remaining = new List<string>();
            foreach (var person in to)
            {
                var told = pending.FirstOrDefault(p => p.Template is { } t && ProcessTemplates.Contains(t, StringComparer.Ordinal) && Recipients(p.ToJson).Contains(person));
                if (told is null || person.StartsWith(RecipientResolver.RolePrefix, StringComparison.Ordinal) || Recipients(told.ToJson).Count != 1)
                {
                    remaining.Add(person);
                    continue;
                }
                var model = Model(told);
                model["link"] = taskLink;
                if (Model(incoming).GetString("taskTitle") is { } title) model["taskTitle"] = title;
                told.ModelJson = EngineJson.Write(model);
            }
            if (remaining.Count == 0) return false;
            if (remaining.Count < to.Count) incoming.ToJson = EngineJson.Write(new JsonArray(remaining.Select(r => (JsonNode?)JsonValue.Create(r)).ToArray()));
        }
        return true;
    }

    private static bool IsStepResult(OutboxRecord row) =>
        row.IdempotencyKey.StartsWith("decision:", StringComparison.Ordinal) || row.IdempotencyKey.StartsWith("applicationReturned:", StringComparison.Ordinal);

    private static List<string> Recipients(string? json) =>
        json is null ? [] : ValueConversion.ToStringList(ValueConversion.TryParse(json)).ToList();

    private static JsonObject Model(OutboxRecord row) =>
        row.ModelJson is not null && ValueConversion.TryParse(row.ModelJson) is JsonObject model ? model : [];
}
