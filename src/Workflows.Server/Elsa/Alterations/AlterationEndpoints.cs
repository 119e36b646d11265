using System.Text.Json.Nodes;
using Workflows.Engine.Model;
using Workflows.Runtime.Alterations;
using Workflows.Server.Auth;

namespace Workflows.Server.Elsa.Alterations;

/// <summary>
/// Elsa's alterations API (elsa-core src/modules/Elsa.Alterations/Endpoints/): dry run, run now, submit a plan, read
/// a plan with its jobs, retry faulted activities. Mapped in the secretariat's group: only the secretariat and
/// administrators may alter instances (Elsa's permission <c>run:alterations</c>). Each request may carry a
/// <c>reason</c>, which goes into the journal and the audit trail with the caller's name.
/// Our additions: a dry run that is given a Migrate alteration reports per instance what a migration would do, and
/// plans can be paused and resumed.
/// </summary>
public static class AlterationEndpoints
{
    public const int MaxInstancesPerRun = 1000;
    public const int MaxJobsListed = 1000;

    public static void MapAlterationEndpoints(this RouteGroupBuilder api)
    {
        // Body: AlterationWorkflowInstanceFilter (DryRun/Endpoint.cs), plus our optional "alterations".
        api.MapPost("/alterations/dry-run", async (HttpRequest request, AlterationService service, CancellationToken ct) =>
        {
            var (body, error) = await ElsaJson.ReadObjectAsync(request, ct);
            if (error is not null) return error;
            return await Guard(async () =>
            {
                var alterations = body!["alterations"] is JsonArray ? AlterationJson.Parse(body["alterations"]) : null;
                return ElsaJson.Ok(await service.DryRunAsync(body, alterations, ct));
            });
        }).WithSummary("Lists the instances a filter selects; with a Migrate alteration, what migrating each would do.");

        // Body: {alterations, workflowInstanceIds} (Run/Request.cs) → {results} (Run/Response.cs).
        api.MapPost("/alterations/run", async (HttpContext http, AlterationService service, CancellationToken ct) =>
        {
            var (body, error) = await ElsaJson.ReadObjectAsync(http.Request, ct);
            if (error is not null) return error;
            return await Guard(async () =>
            {
                var alterations = AlterationJson.Parse(body!["alterations"]);
                var ids = InstanceIds(body!);
                var results = await service.RunAsync(ids, alterations, http.User.ToActor().UserName, body.GetString("reason"), ct);
                return ElsaJson.Ok(new JsonObject { ["results"] = Results(results) });
            });
        }).WithSummary("Applies alterations to the given instances now, one transaction per instance.");

        // Body: AlterationPlanParams {id?, alterations, filter} → {planId} (Submit/Response.cs).
        api.MapPost("/alterations/submit", async (HttpContext http, AlterationService service, CancellationToken ct) =>
        {
            var (body, error) = await ElsaJson.ReadObjectAsync(http.Request, ct);
            if (error is not null) return error;
            return await Guard(async () =>
            {
                var parsed = AlterationJson.Parse(body!["alterations"]);
                var planId = await service.SubmitAsync(body["alterations"]!.DeepClone(), body.GetObject("filter"), parsed.Migration is null ? null : BulkKinds.Migrate,
                    http.User.ToActor().UserName, body.GetString("reason"), body.GetString("id"), ct);
                return ElsaJson.Ok(new JsonObject { ["planId"] = planId });
            });
        }).WithSummary("Submits an alteration plan; it runs in the background as a durable job.");

        // → {plan, jobs} (Get/Response.cs), plus our "progress".
        api.MapGet("/alterations/{id}", async (string id, AlterationService service, CancellationToken ct) =>
            await service.GetAsync(id, MaxJobsListed, ct) is { } plan
                ? ElsaJson.Ok(plan)
                : ElsaJson.NotFound($"修改计划 {id} 不存在", $"Alteration plan {id} does not exist"))
            .WithSummary("An alteration plan with its progress and its jobs (one per instance).");

        api.MapPost("/alterations/{id}/pause", (string id, AlterationService service, CancellationToken ct) => Pause(service, id, true, ct))
            .WithSummary("Pauses a plan between two instances.");
        api.MapPost("/alterations/{id}/resume", (string id, AlterationService service, CancellationToken ct) => Pause(service, id, false, ct))
            .WithSummary("Resumes a paused plan.");

        // Retry/Endpoint.cs takes GET and POST with {workflowInstanceIds, activityIds?}.
        api.MapMethods("/alterations/workflows/retry", ["GET", "POST"], async (HttpContext http, AlterationService service, CancellationToken ct) =>
        {
            JsonObject body;
            if (HttpMethods.IsGet(http.Request.Method))
                body = new JsonObject
                {
                    ["workflowInstanceIds"] = ElsaJson.StringArray(http.Request.Query["workflowInstanceIds"].OfType<string>()),
                    ["activityIds"] = ElsaJson.StringArray(http.Request.Query["activityIds"].OfType<string>()),
                };
            else
            {
                var (read, error) = await ElsaJson.ReadObjectAsync(http.Request, ct);
                if (error is not null) return error;
                body = read!;
            }
            return await Guard(async () =>
            {
                var activityIds = ElsaJson.Strings(body, "activityIds");
                var results = await service.RetryAsync(InstanceIds(body), activityIds.Count == 0 ? null : activityIds, http.User.ToActor().UserName, body.GetString("reason"), ct);
                return ElsaJson.Ok(new JsonObject { ["results"] = Results(results) });
            });
        }).WithSummary("Retries the faulted activities of the given instances.");
    }

    private static async Task<IResult> Pause(AlterationService service, string id, bool paused, CancellationToken ct) =>
        await service.SetPausedAsync(id, paused, ct)
            ? ElsaJson.Ok(new JsonObject { ["planId"] = id, ["status"] = paused ? AlterationStatuses.Paused : AlterationStatuses.Running })
            : ElsaJson.NotFound($"修改计划 {id} 不存在或已结束", $"Alteration plan {id} does not exist or has ended");

    private static IReadOnlyList<string> InstanceIds(JsonObject body)
    {
        var ids = ElsaJson.Strings(body, "workflowInstanceIds");
        if (ids.Count == 0) throw new AlterationFormatException("须指定 workflowInstanceIds。 / workflowInstanceIds is required.");
        if (ids.Count > MaxInstancesPerRun)
            throw new AlterationFormatException($"一次最多 {MaxInstancesPerRun} 个实例；更多请提交计划。 / At most {MaxInstancesPerRun} instances at once; submit a plan for more.");
        return ids;
    }

    private static async Task<IResult> Guard(Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (AlterationFormatException ex)
        {
            return ElsaJson.Invalid("修改无效 / Invalid alteration", [ex.Message]);
        }
    }

    /// <summary>Elsa's RunAlterationsResult: {workflowInstanceId, log: {logEntries}, workflowHasScheduledWork, isSuccessful}.</summary>
    private static JsonArray Results(IEnumerable<AlterationResult> results) =>
        new(results.Select(r => (JsonNode?)new JsonObject
        {
            ["workflowInstanceId"] = r.InstanceId,
            ["log"] = new JsonObject { ["logEntries"] = r.Log.DeepClone() },
            ["workflowHasScheduledWork"] = r.HasScheduledWork,
            ["isSuccessful"] = r.Succeeded,
        }).ToArray());
}
