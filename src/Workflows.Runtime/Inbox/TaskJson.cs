using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workflows.Engine.Activities;
using Workflows.Engine.Activities.Builtin;
using Workflows.Engine.Expressions;
using Workflows.Engine.Model;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Inbox;

/// <summary>Reading (and, for assignees, writing) the JSON columns of a task.</summary>
public static class TaskJson
{
    public static IReadOnlyList<string> Assignees(TaskRecord task) => ValueConversion.ToStringList(ValueConversion.TryParse(task.AssigneesJson));

    public static IReadOnlyList<string> Outcomes(TaskRecord task) => ValueConversion.ToStringList(ValueConversion.TryParse(task.OutcomesJson));

    public static IReadOnlyList<string> CommentRequiredFor(TaskRecord task) =>
        task.CommentRequiredForJson is null ? [] : ValueConversion.ToStringList(ValueConversion.TryParse(task.CommentRequiredForJson));

    public static JsonObject? Context(TaskRecord task) => task.ContextJson is null ? null : ValueConversion.TryParse(task.ContextJson) as JsonObject;

    public static JsonObject? Delegation(TaskRecord task) => task.DelegationJson is null ? null : ValueConversion.TryParse(task.DelegationJson) as JsonObject;

    public static IReadOnlyList<TimeSpan> RemindBefore(TaskRecord task) =>
        task.RemindBeforeJson is null
            ? []
            : ValueConversion.ToStringList(ValueConversion.TryParse(task.RemindBeforeJson))
                .Select(s => ValueConversion.ToTimeSpan(JsonValue.Create(s))).Where(t => t is { } v && v > TimeSpan.Zero).Select(t => t!.Value).ToList();

    /// <summary>
    /// The label of an outcome: the definition's OutcomeLabels ({"Approve":"同意"} or {"Approve":{"zh":..,"en":..}}),
    /// else the built-in labels of common outcomes, else the outcome itself.
    /// </summary>
    public static LocalizedText OutcomeLabel(TaskRecord task, string outcome)
    {
        HumanTaskActivity.KnownOutcomeLabels.TryGetValue(outcome, out var known);
        var fallbackEn = known.En ?? outcome;
        if (task.OutcomeLabelsJson is not null && ValueConversion.TryParse(task.OutcomeLabelsJson) is JsonObject labels
            && labels.FirstOrDefault(p => string.Equals(p.Key, outcome, StringComparison.OrdinalIgnoreCase)).Value is { } label)
        {
            if (label is JsonObject both)
                return new(both.GetString("zh") ?? both.GetString("zh-CN") ?? known.Zh ?? outcome, both.GetString("en") ?? fallbackEn);
            if (ValueConversion.ToText(label) is { Length: > 0 } text) return new(text, fallbackEn);
        }
        return known.Zh is null ? new(outcome, outcome) : known;
    }

    public static bool IsPoolTask(TaskRecord task, IReadOnlyList<string> assignees) =>
        assignees.Count > 1 || (assignees.Count == 0 && task.CandidateRole is not null);

    /// <summary>
    /// Gives the task to exactly these people (one: theirs; several: any one of them may act), keeping the
    /// candidates table in step with AssigneesJson so the to-do query finds the task.
    /// </summary>
    public static async Task SetAssigneesAsync(WorkflowsDbContext db, TaskRecord task, IReadOnlyList<string> userNames, CancellationToken cancellationToken)
    {
        var names = userNames.Distinct(StringComparer.Ordinal).ToList();
        task.AssigneesJson = EngineJson.Write(new JsonArray(names.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray()));
        task.Assignee = names.Count == 1 ? names[0] : null;
        // Tracked changes, not bulk statements: they must commit with the rest of the action or not at all.
        var wanted = names.Count > 1 && task.CountersignJson is null ? names : [];
        var existing = await db.Candidates().Where(c => c.TaskId == task.Id).ToListAsync(cancellationToken);
        db.Candidates().RemoveRange(existing.Where(c => !wanted.Contains(c.UserName, StringComparer.Ordinal)));
        db.Candidates().AddRange(wanted.Where(n => existing.All(c => c.UserName != n)).Select(n => new CandidateRecord { TaskId = task.Id, UserName = n }));
    }
}
