using System.Text.Json.Nodes;
using Workflows.Engine.Model;
using Workflows.Runtime.Persistence;

namespace Workflows.Server.Elsa.ActivityExecutions;

/// <summary>What the instance viewer asks about executed activities: node badges, lists per node, one record, its call stack.</summary>
public static class ActivityExecutionEndpoints
{
    public static void MapActivityExecutionEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/activity-executions/report", async (HttpRequest request, WorkflowsDbContext db, CancellationToken ct) =>
        {
            var (body, error) = await ElsaJson.ReadObjectAsync(request, ct);
            if (error is not null) return error;
            var instanceId = body!.GetString("workflowInstanceId") ?? "";
            var nodeIds = ElsaJson.Strings(body!, "activityNodeIds").ToHashSet(StringComparer.Ordinal);
            var executions = await ActivityExecutionRecords.LoadAsync(db, instanceId, ct);
            var state = await ActivityExecutionRecords.StateAsync(db, instanceId, ct);
            var stats = executions.Where(e => nodeIds.Count == 0 || nodeIds.Contains(e.NodeId))
                .GroupBy(e => e.NodeId)
                .Select(g => (JsonNode?)ActivityExecutionRecords.Stats(g.Key, g.ToList(), state));
            return ElsaJson.Ok(new JsonObject { ["stats"] = new JsonArray(stats.ToArray()) });
        });

        api.MapGet("/activity-executions/list", async (HttpRequest request, WorkflowsDbContext db, CancellationToken ct) =>
        {
            var (instanceId, nodeId) = (request.Query["WorkflowInstanceId"].ToString(), request.Query["ActivityNodeId"].ToString());
            var executions = await ActivityExecutionRecords.LoadAsync(db, instanceId, ct);
            var state = await ActivityExecutionRecords.StateAsync(db, instanceId, ct);
            var byId = executions.ToDictionary(e => e.ExecutionId, StringComparer.Ordinal);
            return ElsaJson.Ok(ElsaJson.List(executions.Where(e => nodeId.Length == 0 || e.NodeId == nodeId)
                .Select(e => (JsonNode?)ActivityExecutionRecords.Record(e, byId, state))));
        });

        api.MapGet("/activity-execution-summaries/list", async (HttpRequest request, WorkflowsDbContext db, CancellationToken ct) =>
        {
            var (instanceId, nodeId) = (request.Query["WorkflowInstanceId"].ToString(), request.Query["ActivityNodeId"].ToString());
            var executions = await ActivityExecutionRecords.LoadAsync(db, instanceId, ct);
            return ElsaJson.Ok(ElsaJson.List(executions.Where(e => nodeId.Length == 0 || e.NodeId == nodeId)
                .Select(e => (JsonNode?)ActivityExecutionRecords.Summary(e))));
        });

        api.MapGet("/activity-executions/by-id", async (string? id, WorkflowsDbContext db, CancellationToken ct) =>
        {
            var (found, all, state) = await FindAsync(db, id ?? "", ct);
            return found is null
                ? ElsaJson.NotFound($"活动执行记录 {id} 不存在", $"Activity execution {id} does not exist")
                : ElsaJson.Ok(ActivityExecutionRecords.Record(found, all.ToDictionary(e => e.ExecutionId, StringComparer.Ordinal), state));
        });

        api.MapGet("/activity-executions/{id}/call-stack", async (string id, int? skip, int? take, WorkflowsDbContext db, CancellationToken ct) =>
        {
            var (found, all, state) = await FindAsync(db, id, ct);
            if (found is null) return ElsaJson.NotFound($"活动执行记录 {id} 不存在", $"Activity execution {id} does not exist");
            var byId = all.ToDictionary(e => e.ExecutionId, StringComparer.Ordinal);
            var chain = new List<ActivityExecution>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var current = found; current is not null && seen.Add(current.ExecutionId);
                 current = current.ParentExecutionId is { } parent && byId.TryGetValue(parent, out var next) ? next : null)
                chain.Add(current);
            chain.Reverse(); // from the outermost container down to the activity, as Elsa answers
            var page = chain.Skip(Math.Max(0, skip ?? 0)).Take(Math.Clamp(take ?? 100, 1, 1000));
            return ElsaJson.Ok(new JsonObject
            {
                ["activityExecutionId"] = id,
                ["items"] = new JsonArray(page.Select(e => (JsonNode?)ActivityExecutionRecords.Record(e, byId, state)).ToArray()),
                ["totalCount"] = chain.Count,
            });
        });
    }

    private static async Task<(ActivityExecution? Found, IReadOnlyList<ActivityExecution> All, Engine.Execution.WorkflowState? State)> FindAsync(WorkflowsDbContext db, string id, CancellationToken ct)
    {
        if (!ActivityExecution.TrySplit(id, out var instanceId, out var executionId)) return (null, [], null);
        var all = await ActivityExecutionRecords.LoadAsync(db, instanceId, ct);
        var state = await ActivityExecutionRecords.StateAsync(db, instanceId, ct);
        return (all.FirstOrDefault(e => e.ExecutionId == executionId), all, state);
    }
}
