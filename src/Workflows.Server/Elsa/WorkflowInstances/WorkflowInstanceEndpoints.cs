using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workflows.Engine.Execution;
using Workflows.Engine.Model;
using Workflows.Runtime.Execution;
using Workflows.Runtime.Persistence;
using Workflows.Server.Auth;

namespace Workflows.Server.Elsa.WorkflowInstances;

/// <summary>
/// Instances for Studio's instance list and viewer (elsa-studio-api.md §4.3): list with filters, one instance, its
/// journal, variables and execution state, cancel, export and delete.
/// </summary>
public static class WorkflowInstanceEndpoints
{
    public const int MaxPageSize = 500;

    public static void MapWorkflowInstanceEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/workflow-instances", ListAsync);

        // Studio tolerates 404 here (it shows "not found").
        api.MapGet("/workflow-instances/{id}", async (string id, WorkflowsDbContext db, CancellationToken ct) =>
        {
            var instance = await db.Instances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
            if (instance is null) return Results.NotFound();
            var summary = ElsaModels.InstanceSummary(instance);
            summary["workflowState"] = ElsaModels.WorkflowState(StateSerializer.Deserialize(instance.StateJson));
            return Results.Ok(summary);
        });

        api.MapGet("/workflow-instances/{id}/journal", (string id, int? skip, int? take, WorkflowsDbContext db, CancellationToken ct) =>
            JournalAsync(db, id, null, skip, take, ct));

        api.MapPost("/workflow-instances/{id}/journal", async (string id, int? skip, int? take, HttpRequest request, WorkflowsDbContext db, CancellationToken ct) =>
        {
            var (body, error) = await ElsaJson.ReadObjectAsync(request, ct, required: false);
            if (error is not null) return error;
            return await JournalAsync(db, id, body!.GetObject("filter"), skip, take, ct);
        });

        api.MapGet("/workflow-instances/{id}/variables", async (string id, WorkflowsDbContext db, CancellationToken ct) =>
        {
            var instance = await db.Instances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
            if (instance is null) return NotFound(id);
            var state = StateSerializer.Deserialize(instance.StateJson);
            var snapshot = await db.DefinitionSnapshots.AsNoTracking().Where(s => s.Hash == instance.SnapshotHash).Select(s => s.Json).FirstOrDefaultAsync(ct);
            var declared = snapshot is null ? [] : WorkflowDefinition.Parse(snapshot).Variables;
            var items = declared.Select(v => (JsonNode?)Variable(v.Id, v.Name, state.Variables[v.Name]))
                .Concat(state.Variables.Where(p => declared.All(v => v.Name != p.Key)).Select(p => (JsonNode?)Variable(p.Key, p.Key, p.Value)));
            return ElsaJson.Ok(ElsaJson.List(items));
        });

        api.MapGet("/workflow-instances/{id}/execution-state", async (string id, WorkflowsDbContext db, CancellationToken ct) =>
            await db.Instances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct) is { } instance
                ? ElsaJson.Ok(new JsonObject
                {
                    ["status"] = instance.Status,
                    ["workflowSubStatus"] = instance.SubStatus,
                    ["updatedAt"] = new DateTimeOffset(instance.UpdatedAt, TimeSpan.Zero),
                })
                : NotFound(id));

        api.MapPost("/cancel/workflow-instances/{id}", async (string id, HttpContext http, WorkflowRuntime runtime, CancellationToken ct) =>
        {
            var outcome = await runtime.CancelAsync(id, CancelReason(http), ct);
            return outcome.Status switch
            {
                RunStatus.NotFound => NotFound(id),
                RunStatus.Conflict => ElsaJson.Invalid("无法取消 / Cannot cancel", [$"实例 {id} 已结束，无法取消。 / Instance {id} has already finished."]),
                _ when outcome.Succeeded => ElsaJson.Ok(new JsonObject { ["cancelled"] = 1 }),
                _ => Api.HttpResults.Failure(outcome),
            };
        });

        api.MapPost("/bulk-actions/cancel/workflow-instances", async (HttpContext http, WorkflowsDbContext db, WorkflowRuntime runtime, CancellationToken ct) =>
        {
            var (body, error) = await ElsaJson.ReadObjectAsync(http.Request, ct);
            if (error is not null) return error;
            var ids = ElsaJson.Strings(body!, "ids");
            var definitionId = body!.GetString("definitionId");
            var versionId = body!.GetString("definitionVersionId");
            var query = db.Instances.AsNoTracking().Where(i => i.Status == nameof(WorkflowStatus.Running));
            if (ids.Count > 0) query = query.Where(i => ids.Contains(i.Id));
            else if (versionId is { Length: > 0 }) query = query.Where(i => i.DefinitionVersionId == versionId);
            else if (definitionId is { Length: > 0 }) query = query.Where(i => i.DefinitionId == definitionId);
            else return ElsaJson.Invalid("缺少条件 / Nothing selected", ["请提供 ids、definitionId 或 definitionVersionId。 / Give ids, definitionId or definitionVersionId."]);
            var cancelled = 0;
            foreach (var id in await query.Select(i => i.Id).ToListAsync(ct))
                if ((await runtime.CancelAsync(id, CancelReason(http), ct)).Succeeded) cancelled++;
            return ElsaJson.Ok(new JsonObject { ["cancelled"] = cancelled });
        });

        api.MapDelete("/workflow-instances/{id}", async (string id, WorkflowsDbContext db, CancellationToken ct) =>
        {
            var (deleted, error) = await DeleteAsync(db, [id], ct);
            return error ?? (deleted == 0 ? NotFound(id) : Results.NoContent());
        });

        api.MapPost("/bulk-actions/delete/workflow-instances/by-id", async (HttpRequest request, WorkflowsDbContext db, CancellationToken ct) =>
        {
            var (body, error) = await ElsaJson.ReadObjectAsync(request, ct);
            if (error is not null) return error;
            var (deleted, refused) = await DeleteAsync(db, ElsaJson.Strings(body!, "ids"), ct);
            return refused ?? ElsaJson.Ok(new JsonObject { ["deletedCount"] = deleted });
        });

        api.MapGet("/workflow-instances/{id}/export", async (string id, WorkflowsDbContext db, CancellationToken ct) =>
        {
            var instance = await db.Instances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
            return instance is null
                ? NotFound(id)
                : Results.File(Encoding.UTF8.GetBytes(EngineJson.Write(await ExportAsync(db, instance, ct), indented: true)), "application/json", $"workflow-instance-{id}.json");
        });

        api.MapPost("/bulk-actions/export/workflow-instances", async (HttpRequest request, WorkflowsDbContext db, CancellationToken ct) =>
        {
            var (body, error) = await ElsaJson.ReadObjectAsync(request, ct);
            if (error is not null) return error;
            var ids = ElsaJson.Strings(body!, "ids");
            var instances = await db.Instances.AsNoTracking().Where(i => ids.Contains(i.Id)).ToListAsync(ct);
            if (instances.Count == 0) return ElsaJson.NotFound("没有可导出的流程实例", "Nothing to export");
            using var buffer = new MemoryStream();
            using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var instance in instances)
                {
                    await using var stream = zip.CreateEntry($"workflow-instance-{instance.Id}.json", CompressionLevel.Fastest).Open();
                    await stream.WriteAsync(Encoding.UTF8.GetBytes(EngineJson.Write(await ExportAsync(db, instance, ct), indented: true)), ct);
                }
            }
            return Results.File(buffer.ToArray(), "application/zip", "workflow-instances.zip");
        });

        // Bringing instance state in from elsewhere would bypass the runtime's guarantees (pinned snapshots, bookmarks, tasks).
        api.MapPost("/bulk-actions/import/workflow-instances", (HttpRequest request) => ElsaJson.NotImplemented(request));
    }

    private static async Task<IResult> ListAsync(HttpRequest request, WorkflowsDbContext db, CancellationToken ct)
    {
        var (body, error) = await ElsaJson.ReadObjectAsync(request, ct, required: false);
        if (error is not null) return error;
        var b = body!;
        var page = b.GetInt("page") ?? 0;
        var pageSize = b.GetInt("pageSize") ?? 50;
        if (page < 0 || pageSize is < 1 or > MaxPageSize)
            return ElsaJson.Invalid("分页参数无效 / Invalid paging", [$"page 须 ≥ 0，pageSize 须在 1 到 {MaxPageSize} 之间。 / page must be ≥ 0 and pageSize between 1 and {MaxPageSize}."]);

        var query = db.Instances.AsNoTracking();
        if (b.GetString("searchTerm")?.Trim() is { Length: > 0 } term)
        {
            var lowered = term.ToLowerInvariant();
            query = query.Where(i => i.Id == term || i.CorrelationId == term || i.DefinitionId.ToLower().Contains(lowered) || (i.Name != null && i.Name.ToLower().Contains(lowered)));
        }
        if (b.GetString("definitionId") is { Length: > 0 } definitionId) query = query.Where(i => i.DefinitionId == definitionId);
        var definitionIds = ElsaJson.Strings(b, "definitionIds");
        if (definitionIds.Count > 0) query = query.Where(i => definitionIds.Contains(i.DefinitionId));
        if (b.GetString("correlationId") is { Length: > 0 } correlationId) query = query.Where(i => i.CorrelationId == correlationId);
        if (b.GetInt("version") is { } version) query = query.Where(i => i.DefinitionVersion == version);
        if (b.GetBool("hasIncidents") is { } hasIncidents) query = query.Where(i => hasIncidents ? i.IncidentCount > 0 : i.IncidentCount == 0);
        var statuses = ElsaJson.Strings(b, "statuses").Append(b.GetString("status")).OfType<string>().ToList();
        if (statuses.Count > 0) query = query.Where(i => statuses.Contains(i.Status));
        var subStatuses = ElsaJson.Strings(b, "subStatuses").Append(b.GetString("subStatus")).OfType<string>().ToList();
        if (subStatuses.Count > 0) query = query.Where(i => subStatuses.Contains(i.SubStatus));
        foreach (var filter in (b.GetArray("timestampFilters") ?? []).OfType<JsonObject>())
        {
            if (!DateTimeOffset.TryParse(filter.GetString("timestamp"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                return ElsaJson.Invalid("时间筛选无效 / Invalid time filter", [$"无法识别的时间：{filter.GetString("timestamp")} / Unreadable timestamp."]);
            var (filtered, filterError) = ApplyTimestamp(query, filter.GetString("column") ?? "", filter.GetString("operator") ?? "", at.UtcDateTime);
            if (filterError is not null) return filterError;
            query = filtered;
        }

        var descending = !string.Equals(b.GetString("orderDirection"), "Ascending", StringComparison.OrdinalIgnoreCase);
        query = (b.GetString("orderBy") ?? "Created") switch
        {
            "LastExecuted" => descending ? query.OrderByDescending(i => i.UpdatedAt) : query.OrderBy(i => i.UpdatedAt),
            "Finished" => descending ? query.OrderByDescending(i => i.FinishedAt) : query.OrderBy(i => i.FinishedAt),
            "Name" => descending ? query.OrderByDescending(i => i.Name) : query.OrderBy(i => i.Name),
            _ => descending ? query.OrderByDescending(i => i.CreatedAt) : query.OrderBy(i => i.CreatedAt),
        };

        var total = await query.LongCountAsync(ct);
        // The list needs summaries only: the state column (the bulk of a row) is not read.
        var rows = await query.Skip(page * pageSize).Take(pageSize).Select(i => new InstanceRecord
        {
            Id = i.Id,
            DefinitionId = i.DefinitionId,
            DefinitionVersionId = i.DefinitionVersionId,
            DefinitionVersion = i.DefinitionVersion,
            SnapshotHash = "",
            Name = i.Name,
            CorrelationId = i.CorrelationId,
            Status = i.Status,
            SubStatus = i.SubStatus,
            StateJson = "",
            IncidentCount = i.IncidentCount,
            CreatedAt = i.CreatedAt,
            UpdatedAt = i.UpdatedAt,
            FinishedAt = i.FinishedAt,
        }).ToListAsync(ct);
        return ElsaJson.Ok(ElsaJson.Paged(rows.Select(r => (JsonNode?)ElsaModels.InstanceSummary(r)), total));
    }

    private static (IQueryable<InstanceRecord> Query, IResult? Error) ApplyTimestamp(IQueryable<InstanceRecord> query, string column, string op, DateTime at)
    {
        System.Linq.Expressions.Expression<Func<InstanceRecord, DateTime?>>? selector = column.ToLowerInvariant() switch
        {
            "createdat" or "created" => i => i.CreatedAt,
            "updatedat" or "lastexecuted" => i => i.UpdatedAt,
            "finishedat" or "finished" => i => i.FinishedAt,
            _ => null,
        };
        if (selector is null)
            return (query, ElsaJson.Invalid("时间筛选无效 / Invalid time filter", [$"未知的时间列：{column} / Unknown column {column}."]));
        var value = (DateTime?)at;
        var parameter = selector.Parameters[0];
        var left = selector.Body;
        var right = System.Linq.Expressions.Expression.Constant(value, typeof(DateTime?));
        System.Linq.Expressions.Expression? body = op switch
        {
            "Is" => System.Linq.Expressions.Expression.Equal(left, right),
            "IsNot" => System.Linq.Expressions.Expression.NotEqual(left, right),
            "LessThan" => System.Linq.Expressions.Expression.LessThan(left, right),
            "GreaterThan" => System.Linq.Expressions.Expression.GreaterThan(left, right),
            "LessThanOrEqual" => System.Linq.Expressions.Expression.LessThanOrEqual(left, right),
            "GreaterThanOrEqual" => System.Linq.Expressions.Expression.GreaterThanOrEqual(left, right),
            _ => null,
        };
        if (body is null)
            return (query, ElsaJson.Invalid("时间筛选无效 / Invalid time filter", [$"未知的比较方式：{op} / Unknown operator {op}."]));
        return (query.Where(System.Linq.Expressions.Expression.Lambda<Func<InstanceRecord, bool>>(body, parameter)), null);
    }

    /// <summary>PagedListResponse of WorkflowExecutionLogRecord, in journal order, with Studio's filter.</summary>
    private static async Task<IResult> JournalAsync(WorkflowsDbContext db, string instanceId, JsonObject? filter, int? skip, int? take, CancellationToken ct)
    {
        var query = db.Journal.AsNoTracking().Where(j => j.InstanceId == instanceId);
        if (filter is not null)
        {
            var activityIds = ElsaJson.Strings(filter, "activityIds");
            if (activityIds.Count > 0) query = query.Where(j => activityIds.Contains(j.ActivityId));
            var nodeIds = ElsaJson.Strings(filter, "activityNodeIds");
            if (nodeIds.Count > 0) query = query.Where(j => nodeIds.Contains(j.ActivityNodeId));
            var excluded = ElsaJson.Strings(filter, "excludedActivityTypes");
            if (excluded.Count > 0) query = query.Where(j => !excluded.Contains(j.ActivityType));
            var events = ElsaJson.Strings(filter, "eventNames");
            if (events.Count > 0) query = query.Where(j => events.Contains(j.EventName));
        }
        var total = await query.LongCountAsync(ct);
        var rows = await query.OrderBy(j => j.Sequence).Skip(Math.Max(0, skip ?? 0)).Take(Math.Clamp(take ?? 1000, 1, 5000)).ToListAsync(ct);
        return ElsaJson.Ok(ElsaJson.Paged(rows.Select(r => (JsonNode?)JournalRecord(r)), total));
    }

    public static JsonObject JournalRecord(JournalRecord r)
    {
        var payload = r.PayloadJson is null ? null : JsonNode.Parse(r.PayloadJson) as JsonObject;
        return new JsonObject
        {
            ["id"] = $"{r.InstanceId}:{r.Sequence}",
            ["activityInstanceId"] = ActivityExecutions.ActivityExecution.RecordId(r.InstanceId, r.ActivityExecutionId),
            ["parentActivityInstanceId"] = r.ParentActivityExecutionId is null ? null : ActivityExecutions.ActivityExecution.RecordId(r.InstanceId, r.ParentActivityExecutionId),
            ["activityId"] = r.ActivityId,
            ["activityType"] = r.ActivityType,
            ["activityTypeVersion"] = r.ActivityTypeVersion,
            ["activityName"] = r.ActivityName,
            ["nodeId"] = r.ActivityNodeId,
            ["timestamp"] = new DateTimeOffset(DateTime.SpecifyKind(r.Timestamp, DateTimeKind.Utc)),
            ["sequence"] = r.Sequence,
            ["eventName"] = r.EventName,
            ["message"] = r.Message,
            ["source"] = null,
            ["activityState"] = payload?["inputs"]?.DeepClone() ?? new JsonObject(),
            ["payload"] = payload,
        };
    }

    private static JsonObject Variable(string id, string name, JsonNode? value) => new() { ["id"] = id, ["name"] = name, ["value"] = value?.DeepClone() };

    private static string CancelReason(HttpContext http) => $"由 {http.User.ToActor().UserName} 在设计器中取消 / cancelled by {http.User.ToActor().UserName}";

    private static IResult NotFound(string id) => ElsaJson.NotFound($"流程实例 {id} 不存在", $"Instance {id} does not exist");

    /// <summary>
    /// Deletes finished instances with their journal and bookmarks, all or none. Running instances are refused (cancel
    /// them first); inbox tasks and sent mails stay, because they are the record of who decided what.
    /// </summary>
    private static async Task<(int Deleted, IResult? Error)> DeleteAsync(WorkflowsDbContext db, IReadOnlyList<string> ids, CancellationToken ct)
    {
        var found = await db.Instances.AsNoTracking().Where(i => ids.Contains(i.Id)).Select(i => new { i.Id, i.Status }).ToListAsync(ct);
        var running = found.Where(i => i.Status != nameof(WorkflowStatus.Finished)).Select(i => i.Id).ToList();
        if (running.Count > 0)
            return (0, ElsaJson.Invalid("无法删除运行中的实例 / Running instances cannot be deleted",
                running.Select(id => $"实例 {id} 仍在运行，请先取消。 / Instance {id} is still running; cancel it first.").ToList()));
        var gone = found.Select(i => i.Id).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Journal.Where(j => gone.Contains(j.InstanceId)).ExecuteDeleteAsync(ct);
        await db.Bookmarks.Where(x => gone.Contains(x.InstanceId)).ExecuteDeleteAsync(ct);
        await db.Commands.Where(c => gone.Contains(c.InstanceId)).ExecuteDeleteAsync(ct);
        var deleted = await db.Instances.Where(i => gone.Contains(i.Id)).ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);
        return (deleted, null);
    }

    private static async Task<JsonObject> ExportAsync(WorkflowsDbContext db, InstanceRecord instance, CancellationToken ct)
    {
        var export = ElsaModels.InstanceSummary(instance);
        export["workflowState"] = ElsaModels.WorkflowState(StateSerializer.Deserialize(instance.StateJson));
        var journal = await db.Journal.AsNoTracking().Where(j => j.InstanceId == instance.Id).OrderBy(j => j.Sequence).ToListAsync(ct);
        export["journal"] = new JsonArray(journal.Select(r => (JsonNode?)JournalRecord(r)).ToArray());
        return export;
    }
}
