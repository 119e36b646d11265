using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workflows.Engine.Execution;
using Workflows.Engine.Model;
using Workflows.Runtime.Execution;
using Workflows.Runtime.Persistence;

namespace Workflows.Server.Elsa.ActivityExecutions;

/// <summary>
/// Elsa's activity execution records (elsa-studio-api.md §4.3), derived from the journal: every activity execution
/// writes Started, then Suspended/Resumed, then Completed, Faulted or Cancelled, with its evaluated inputs and its
/// outputs in the payload. No second table to keep in step, and nothing a burst has to write twice.
/// Record ids are <c>{instanceId}.{activityExecutionId}</c>, so a record is found through the journal's key.
/// </summary>
public sealed record ActivityExecution(
    string InstanceId,
    string ExecutionId,
    string? ParentExecutionId,
    string ActivityId,
    string NodeId,
    string ActivityType,
    int ActivityTypeVersion,
    string? ActivityName,
    DateTimeOffset StartedAt,
    DateTimeOffset? CompletedAt,
    string Status,
    bool HasBookmarks,
    bool Faulted,
    int StartedCount,
    JsonObject? Inputs,
    JsonObject? Outputs,
    JsonObject? LastPayload)
{
    public string Id => RecordId(InstanceId, ExecutionId);

    public static string RecordId(string instanceId, string executionId) => $"{instanceId}.{executionId}";

    public static bool TrySplit(string id, out string instanceId, out string executionId)
    {
        var dot = id.IndexOf('.', StringComparison.Ordinal);
        instanceId = dot > 0 ? id[..dot] : "";
        executionId = dot > 0 ? id[(dot + 1)..] : "";
        return dot > 0 && executionId.Length > 0;
    }
}

public static class ActivityExecutionRecords
{
    /// <summary>Every execution of one instance, in the order they started.</summary>
    public static async Task<IReadOnlyList<ActivityExecution>> LoadAsync(WorkflowsDbContext db, string instanceId, CancellationToken ct)
    {
        var rows = await db.Journal.AsNoTracking().Where(j => j.InstanceId == instanceId).OrderBy(j => j.Sequence).ToListAsync(ct);
        return Build(instanceId, rows);
    }

    public static IReadOnlyList<ActivityExecution> Build(string instanceId, IReadOnlyList<JournalRecord> rows)
    {
        var result = new List<ActivityExecution>();
        foreach (var group in rows.GroupBy(r => r.ActivityExecutionId))
        {
            var events = group.OrderBy(r => r.Sequence).ToList();
            var first = events[0];
            var last = events[^1];
            var payloads = events.Select(e => e.PayloadJson is null ? null : JsonNode.Parse(e.PayloadJson) as JsonObject).ToList();
            var status = last.EventName switch
            {
                JournalEvents.Completed => "Completed",
                JournalEvents.Faulted => "Faulted",
                JournalEvents.Cancelled => "Canceled",
                _ => "Running",
            };
            var ended = status != "Running";
            result.Add(new ActivityExecution(
                instanceId, group.Key, first.ParentActivityExecutionId, first.ActivityId, first.ActivityNodeId, first.ActivityType,
                first.ActivityTypeVersion, first.ActivityName,
                Utc(events.FirstOrDefault(e => e.EventName == JournalEvents.Started)?.Timestamp ?? first.Timestamp),
                ended ? Utc(last.Timestamp) : null,
                status,
                HasBookmarks: !ended && last.EventName == JournalEvents.Suspended,
                Faulted: status == "Faulted",
                StartedCount: events.Count(e => e.EventName == JournalEvents.Started),
                Inputs: payloads.LastOrDefault(p => p?["inputs"] is JsonObject)?["inputs"]?.DeepClone() as JsonObject,
                Outputs: payloads.LastOrDefault(p => p?["outputs"] is JsonObject)?["outputs"]?.DeepClone() as JsonObject,
                LastPayload: payloads.LastOrDefault(p => p is not null)?.DeepClone() as JsonObject));
        }
        return result.OrderBy(r => r.StartedAt).ToList();
    }

    /// <summary>ActivityExecutionRecord: the summary fields plus state, payload, outputs, exception and the call-stack links.</summary>
    public static JsonObject Record(ActivityExecution e, IReadOnlyDictionary<string, ActivityExecution> byExecutionId, WorkflowState? state)
    {
        var record = Summary(e);
        var parent = e.ParentExecutionId is { } p && byExecutionId.TryGetValue(p, out var found) ? found : null;
        var incident = state?.Incidents.LastOrDefault(i => i.ActivityExecutionId == e.ExecutionId);
        record["activityState"] = e.Inputs?.DeepClone() ?? new JsonObject();
        record["payload"] = e.LastPayload?.DeepClone() ?? new JsonObject();
        record["outputs"] = e.Outputs?.DeepClone() ?? new JsonObject();
        record["properties"] = new JsonObject();
        record["exception"] = incident?.Exception is { } ex ? Exception(ex) : null;
        record["aggregateFaultCount"] = e.Faulted ? 1 : 0;
        record["schedulingActivityExecutionId"] = parent is null ? null : parent.Id;
        record["schedulingActivityId"] = parent?.ActivityId;
        record["schedulingWorkflowInstanceId"] = null;
        record["callStackDepth"] = Depth(e, byExecutionId);
        return record;
    }

    public static JsonObject Summary(ActivityExecution e) => new()
    {
        ["id"] = e.Id,
        ["workflowInstanceId"] = e.InstanceId,
        ["activityId"] = e.ActivityId,
        ["activityNodeId"] = e.NodeId,
        ["activityType"] = e.ActivityType,
        ["activityTypeVersion"] = e.ActivityTypeVersion,
        ["activityName"] = e.ActivityName,
        ["startedAt"] = e.StartedAt,
        ["hasBookmarks"] = e.HasBookmarks,
        ["status"] = e.Status,
        ["completedAt"] = e.CompletedAt,
        ["metadata"] = new JsonObject(),
    };

    /// <summary>The node badges of the instance viewer: how often each node started, finished, waits or faulted.</summary>
    public static JsonObject Stats(string nodeId, IReadOnlyList<ActivityExecution> executions, WorkflowState? state)
    {
        var started = executions.Sum(e => e.StartedCount);
        var completed = executions.Count(e => e.Status == "Completed");
        return new JsonObject
        {
            ["activityId"] = executions[0].ActivityId,
            ["activityNodeId"] = nodeId,
            ["startedCount"] = started,
            ["completedCount"] = completed,
            ["uncompletedCount"] = executions.Count(e => e.Status == "Running"),
            ["isBlocked"] = state?.Bookmarks.Any(b => b.NodeId == nodeId) ?? executions.Any(e => e.HasBookmarks),
            ["isFaulted"] = executions.Any(e => e.Faulted),
            ["metadata"] = new JsonObject(),
        };
    }

    private static JsonObject Exception(ExceptionState ex) => new()
    {
        ["type"] = ex.Type,
        ["message"] = ex.Message,
        ["stackTrace"] = ex.StackTrace,
        ["innerException"] = ex.InnerException is null ? null : Exception(ex.InnerException),
    };

    private static int Depth(ActivityExecution e, IReadOnlyDictionary<string, ActivityExecution> byExecutionId)
    {
        var depth = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var current = e; current.ParentExecutionId is { } p && seen.Add(p) && byExecutionId.TryGetValue(p, out var parent); current = parent)
            depth++;
        return depth;
    }

    public static async Task<WorkflowState?> StateAsync(WorkflowsDbContext db, string instanceId, CancellationToken ct) =>
        await db.Instances.AsNoTracking().Where(i => i.Id == instanceId).Select(i => i.StateJson).FirstOrDefaultAsync(ct) is { } json
            ? StateSerializer.Deserialize(json)
            : null;

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
