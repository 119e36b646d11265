using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workflows.Engine.Execution;
using Workflows.Runtime.Persistence;

namespace Workflows.Server.Elsa.Resilience;

/// <summary>
/// Elsa's resilience API as Studio calls it (elsa-studio-api.md §4.1: <c>GET /resilience/strategies?category=</c>,
/// <c>GET /resilience/retries/{activityInstanceId}</c>; elsa-core src/modules/Elsa.Resilience/Endpoints/). The
/// strategies hold no personal data (any signed-in user, as the other designer catalogues); the retries come from an
/// instance's journal, so they are the secretariat's, as the journal is.
/// </summary>
public static class ResilienceEndpoints
{
    public static void MapResilienceStrategies(this RouteGroupBuilder api) =>
        api.MapGet("/resilience/strategies", (string? category, IResilienceStrategyCatalog catalog) =>
            ElsaJson.Ok(ElsaJson.List(catalog.All
                .Where(s => string.IsNullOrEmpty(category) || string.Equals(s.Category, category, StringComparison.OrdinalIgnoreCase))
                .Select(s => (JsonNode?)new JsonObject
                {
                    ["id"] = s.Id,
                    ["displayName"] = s.DisplayName,
                    ["maxRetryAttempts"] = s.MaxRetryAttempts,
                    ["useJitter"] = false,
                    ["delay"] = s.Delay.ToString("c"),
                    ["backoffType"] = s.BackoffType.ToString(),
                    ["category"] = s.Category,
                }))))
            .WithSummary("The resilience (retry) strategies activities may name.");

    public static void MapResilienceRetries(this RouteGroupBuilder api) =>
        api.MapGet("/resilience/retries/{activityInstanceId}", async (string activityInstanceId, int? skip, int? take, WorkflowsDbContext db, CancellationToken ct) =>
        {
            var query = db.Journal.AsNoTracking().Where(j => j.ActivityExecutionId == activityInstanceId && j.EventName == ResilientCalls.RetryAttemptEvent);
            var total = await query.CountAsync(ct);
            var rows = await query.OrderBy(j => j.Sequence).Skip(Math.Max(skip ?? 0, 0)).Take(Math.Clamp(take ?? 50, 1, 500)).ToListAsync(ct);
            return ElsaJson.Ok(ElsaJson.Paged(rows.Select(r =>
            {
                var payload = r.PayloadJson is null ? null : JsonNode.Parse(r.PayloadJson) as JsonObject;
                return (JsonNode?)new JsonObject
                {
                    ["id"] = $"{r.InstanceId}:{r.Sequence}",
                    ["activityInstanceId"] = r.ActivityExecutionId,
                    ["activityId"] = r.ActivityId,
                    ["workflowInstanceId"] = r.InstanceId,
                    ["attemptNumber"] = payload?["attempt"]?.DeepClone(),
                    ["retryDelay"] = payload?["retryDelay"]?.DeepClone(),
                    ["result"] = payload?["reason"]?.DeepClone(),
                    ["message"] = r.Message,
                    ["timestamp"] = new DateTimeOffset(r.Timestamp, TimeSpan.Zero).ToString("O"),
                };
            }), total));
        }).WithSummary("The retried attempts of one activity execution.");
}
