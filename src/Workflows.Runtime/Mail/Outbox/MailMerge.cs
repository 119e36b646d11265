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
/// <item>the process's own decision, return or result mail replaces the inbox's step-result mail
/// (<see cref="InboxMail.StepResultKey"/>) to the same people: it says the same with the process's reasons;</item>
/// <item>a task given to someone who is being sent such a mail in the same event is not mailed again: the mail they
/// get links to the new task instead, the page they act on (a return and the resubmit task are one mail).</item>
/// </list>
/// The two can come in either order. When a task was folded into a step-result mail that a process mail then
/// replaces, the process mail takes the task's link and title over, so the new task is never left unannounced.
/// A process mail without a link links to the application's page. Retried bursts write the same rows again and
/// merge the same way; the idempotency keys are unchanged, so nothing is sent twice.
/// </summary>
public static class MailMerge
{
    private static readonly string[] ProcessTemplates =
    [
        InboxMail.TemplateName(MailTemplateKind.Decision),
        InboxMail.TemplateName(MailTemplateKind.ApplicationReturned),
        InboxMail.TemplateName(MailTemplateKind.ResultPublished),
    ];

    private static readonly string TaskAssigned = InboxMail.TemplateName(MailTemplateKind.TaskAssigned);

    // Marks a mail that a new task was folded into; its link and taskTitle are then the task's, not the mail's own.
    private const string FoldedTask = "foldedTask";

    /// <summary>Adjusts the rows of this transaction for <paramref name="incoming"/>; false when it needs no row of its own.</summary>
    public static bool Apply(WorkflowsDbContext db, OutboxRecord incoming)
    {
        if (incoming.InstanceId is not { } instanceId || incoming.Template is not { } template) return true;
        var pending = db.ChangeTracker.Entries<OutboxRecord>()
            .Where(e => e.State == EntityState.Added && e.Entity.InstanceId == instanceId && !ReferenceEquals(e.Entity, incoming))
            .Select(e => e.Entity).ToList();
        var to = Recipients(incoming.ToJson);
        var model = Model(incoming);

        if (IsProcessMail(template) && !InboxMail.IsStepResultKey(incoming.IdempotencyKey))
        {
            if (model.GetString("link") is null) model["link"] = Links.Instance(instanceId);
            foreach (var step in pending.Where(p => InboxMail.IsStepResultKey(p.IdempotencyKey) && Recipients(p.ToJson).All(to.Contains)))
            {
                var stepModel = Model(step);
                if (stepModel[FoldedTask] is not null)
                {
                    // A task link is one person's; a mail to several keeps the step mail that announces it.
                    if (to.Count != 1) continue;
                    CarryTask(stepModel, model);
                }
                db.Outbox.Remove(step);
            }
            incoming.ModelJson = EngineJson.Write(model);
            return true;
        }

        if (template == TaskAssigned && model.GetString("link") is not null)
        {
            var remaining = new List<string>();
            foreach (var person in to)
            {
                var told = pending.FirstOrDefault(p => p.Template is { } t && IsProcessMail(t) && Recipients(p.ToJson).Contains(person));
                if (told is null || person.StartsWith(RecipientResolver.RolePrefix, StringComparison.Ordinal) || Recipients(told.ToJson).Count != 1)
                {
                    remaining.Add(person);
                    continue;
                }
                var toldModel = Model(told);
                CarryTask(model, toldModel);
                toldModel[FoldedTask] = true;
                told.ModelJson = EngineJson.Write(toldModel);
            }
            if (remaining.Count == 0) return false;
            if (remaining.Count < to.Count) incoming.ToJson = EngineJson.Write(new JsonArray(remaining.Select(r => (JsonNode?)JsonValue.Create(r)).ToArray()));
        }
        return true;
    }

    private static bool IsProcessMail(string template) => ProcessTemplates.Contains(template, StringComparer.Ordinal);

    private static void CarryTask(JsonObject from, JsonObject to)
    {
        if (from.GetString("link") is { } link) to["link"] = link;
        if (from.GetString("taskTitle") is { } title) to["taskTitle"] = title;
    }

    private static List<string> Recipients(string? json) =>
        json is null ? [] : ValueConversion.ToStringList(ValueConversion.TryParse(json)).ToList();

    private static JsonObject Model(OutboxRecord row) =>
        row.ModelJson is not null && ValueConversion.TryParse(row.ModelJson) is JsonObject model ? model : [];
}
