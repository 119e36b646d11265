using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workflows.Engine.Model;
using Workflows.Runtime.Inbox;
using Workflows.Runtime.Persistence;

namespace Workflows.Server.Pages.Inbox;

/// <summary>
/// Batch approval from the to-do list, as 飞书 has it: a step allows it when its HumanTask names a BatchOutcome
/// (a literal, in the instance's pinned definition), its form has no required field and that outcome needs no
/// comment. Each task is then completed by the same operation as the task page, as the signed-in user, so every
/// rule of a single completion (rights, countersign, state) still applies and a refused one is reported.
/// </summary>
public sealed class BatchApproval(WorkflowsDbContext db, CompleteTask complete)
{
    /// <summary>The batch outcome of each of <paramref name="tasks"/> that allows one.</summary>
    public async Task<Dictionary<string, string>> OutcomesAsync(IReadOnlyList<(string TaskId, string InstanceId)> tasks, CancellationToken ct)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (tasks.Count == 0) return result;
        var taskIds = tasks.Select(t => t.TaskId).ToList();
        var records = await db.Tasks.AsNoTracking().Where(t => taskIds.Contains(t.Id))
            .Select(t => new { t.Id, t.InstanceId, t.ActivityId, t.FormJson, t.CommentRequiredForJson, t.OutcomesJson }).ToListAsync(ct);
        var instanceIds = records.Select(r => r.InstanceId).Distinct().ToList();
        var hashes = await db.Instances.AsNoTracking().Where(i => instanceIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.SnapshotHash, ct);
        var hashList = hashes.Values.Distinct().ToList();
        var definitions = (await db.DefinitionSnapshots.AsNoTracking().Where(s => hashList.Contains(s.Hash)).Select(s => new { s.Hash, s.Json }).ToListAsync(ct))
            .ToDictionary(s => s.Hash, s => WorkflowDefinition.Parse(s.Json).Root);
        foreach (var r in records)
        {
            if (!hashes.TryGetValue(r.InstanceId, out var hash) || definitions.GetValueOrDefault(hash) is not { } root) continue;
            if (Find(root, r.ActivityId)?.GetObject("batchOutcome")?.GetObject("expression") is not { } expression
                || expression.GetString("type") != "Literal" || expression.GetString("value") is not { Length: > 0 } outcome) continue;
            if (!Strings(r.OutcomesJson).Contains(outcome) || Strings(r.CommentRequiredForJson).Contains(outcome)) continue;
            var requiredField = JsonNode.Parse(r.FormJson ?? "[]") is JsonArray fields
                && fields.OfType<JsonObject>().Any(f => f["required"]?.GetValueKind() == System.Text.Json.JsonValueKind.True);
            if (!requiredField) result[r.Id] = outcome;
        }
        return result;
    }

    /// <summary>Completes each allowed task with its batch outcome; returns how many were done and the refusals.</summary>
    public async Task<(int Done, List<string> Refused)> ApproveAsync(IReadOnlyList<string> taskIds, Actor actor, CancellationToken ct)
    {
        var visible = await TaskAccess.ToDo(db, actor).Where(t => taskIds.Contains(t.Id)).Select(t => new { t.Id, t.InstanceId, t.Title }).ToListAsync(ct);
        var outcomes = await OutcomesAsync(visible.Select(t => (t.Id, t.InstanceId)).ToList(), ct);
        var done = 0;
        var refused = new List<string>();
        foreach (var task in visible)
        {
            if (!outcomes.TryGetValue(task.Id, out var outcome)) { refused.Add(task.Title); continue; }
            var result = await complete.ExecuteAsync(new CompleteTaskRequest(task.Id, outcome, null, null), actor, ct);
            if (result.Status == InboxStatus.Ok) done++;
            else refused.Add(task.Title);
        }
        refused.AddRange(taskIds.Except(visible.Select(v => v.Id)).Select(_ => "?"));
        return (done, refused);
    }

    private static HashSet<string> Strings(string? json) =>
        JsonNode.Parse(json ?? "[]") is JsonArray list ? list.Select(n => n?.ToString()).OfType<string>().ToHashSet(StringComparer.Ordinal) : [];

    private static JsonObject? Find(JsonObject node, string id)
    {
        if (ActivityJson.Id(node) == id) return node;
        foreach (var child in ActivityJson.Children(node))
            if (Find(child, id) is { } found) return found;
        return null;
    }
}
