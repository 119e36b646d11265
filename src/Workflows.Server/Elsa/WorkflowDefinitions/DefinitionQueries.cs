using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workflows.Engine.Activities;
using Workflows.Engine.Model;
using Workflows.Runtime.Definitions;
using Workflows.Runtime.Persistence;

namespace Workflows.Server.Elsa.WorkflowDefinitions;

/// <summary>
/// Reading definitions: the list (with Elsa's paging, search, sorting and version options), one definition by
/// definition id or version id, several by version id, the count, name uniqueness and consumers.
/// </summary>
public static class DefinitionQueries
{
    public const int MaxPageSize = 500;

    public static void MapDefinitionQueries(this RouteGroupBuilder api)
    {
        api.MapGet("/workflow-definitions", ListAsync);

        api.MapGet("/workflow-definitions/by-definition-id/{definitionId}", async (string definitionId, string? versionOptions, DefinitionStore store, ActivityRegistry registry, CancellationToken ct) =>
        {
            if (!TryParse(versionOptions, VersionOptions.Latest, out var options, out var error)) return error;
            var record = await store.FindAsync(definitionId, options, ct);
            return record is null
                ? ElsaJson.NotFound($"流程定义 {definitionId} 没有符合 {options.Kind} 的版本", $"Definition {definitionId} has no {options.Kind} version")
                : ElsaJson.Ok(DefinitionWire.ToWire(record, registry));
        });

        api.MapGet("/workflow-definitions/by-id/{id}", async (string id, DefinitionStore store, ActivityRegistry registry, CancellationToken ct) =>
            await store.FindByVersionIdAsync(id, ct) is { } record
                ? ElsaJson.Ok(DefinitionWire.ToWire(record, registry))
                : ElsaJson.NotFound($"流程定义版本 {id} 不存在", $"Definition version {id} does not exist"));

        api.MapGet("/workflow-definitions/many-by-id", async (string[]? ids, WorkflowsDbContext db, ActivityRegistry registry, CancellationToken ct) =>
        {
            var wanted = ids ?? [];
            var records = await db.Definitions.AsNoTracking().Where(d => wanted.Contains(d.Id)).ToListAsync(ct);
            return ElsaJson.Ok(ElsaJson.List(records.Select(r => (JsonNode?)DefinitionWire.ToWire(r, registry))));
        });

        api.MapGet("/workflow-definitions/query/count", async (WorkflowsDbContext db, CancellationToken ct) =>
            ElsaJson.Ok(new JsonObject { ["count"] = await db.Definitions.CountAsync(d => d.IsLatest, ct) }));

        api.MapGet("/workflow-definitions/validation/is-name-unique", async (string? name, string? definitionId, WorkflowsDbContext db, CancellationToken ct) =>
        {
            var trimmed = name?.Trim() ?? "";
            var taken = trimmed.Length > 0 && await db.Definitions.AnyAsync(d => d.IsLatest && d.Name == trimmed && d.DefinitionId != definitionId, ct);
            return ElsaJson.Ok(new JsonObject { ["isUnique"] = !taken });
        });

        api.MapGet("/workflow-definitions/{definitionId}/consumers", async (string definitionId, WorkflowsDbContext db, CancellationToken ct) =>
            ElsaJson.Ok(new JsonObject { ["consumingWorkflowDefinitionIds"] = ElsaJson.StringArray(await ConsumersAsync(db, definitionId, ct)) }));
    }

    /// <summary>GET /workflow-definitions: PagedListResponse of summaries plus the list links (bulk-publish makes the list editable).</summary>
    private static async Task<IResult> ListAsync(HttpRequest request, WorkflowsDbContext db, CancellationToken ct)
    {
        var q = request.Query;
        VersionOptions? versionOptions = null;
        if (!string.IsNullOrWhiteSpace(q["versionOptions"]))
        {
            if (!TryParse(q["versionOptions"], VersionOptions.Latest, out var parsed, out var error)) return error;
            versionOptions = parsed;
        }
        if (!TryInt(q["Page"], "Page", out var page, out var pageError)) return pageError;
        if (!TryInt(q["PageSize"], "PageSize", out var pageSize, out var sizeError)) return sizeError;
        if (page is < 0 || pageSize is < 0 or > MaxPageSize)
            return ElsaJson.Invalid("分页参数无效 / Invalid paging", [$"Page 须 ≥ 0，PageSize 须在 0 到 {MaxPageSize} 之间。 / Page must be ≥ 0 and PageSize between 0 and {MaxPageSize}."]);

        var query = db.Definitions.AsNoTracking();
        if (versionOptions is { } options) query = options.Apply(query);
        var definitionIds = q["DefinitionIds"].Where(s => !string.IsNullOrEmpty(s)).Select(s => s!).ToList();
        if (definitionIds.Count > 0) query = query.Where(d => definitionIds.Contains(d.DefinitionId));
        var ids = q["Ids"].Where(s => !string.IsNullOrEmpty(s)).Select(s => s!).ToList();
        if (ids.Count > 0) query = query.Where(d => ids.Contains(d.Id));
        if (bool.TryParse(q["IsSystem"], out var isSystem)) query = query.Where(d => d.IsSystem == isSystem);
        // Every definition here is stored as JSON (Elsa's "Json" materializer); asking for another finds nothing.
        if (q["materializer"].ToString() is { Length: > 0 } materializer && materializer != "Json")
            query = query.Where(_ => false);
        if (q["SearchTerm"].ToString().Trim() is { Length: > 0 } term)
        {
            var lowered = term.ToLowerInvariant();
            query = query.Where(d => (d.Name != null && d.Name.ToLower().Contains(lowered))
                || (d.Description != null && d.Description.ToLower().Contains(lowered))
                || d.DefinitionId.ToLower().Contains(lowered) || d.Id == term);
        }

        // Elsa's defaults: by name ascending; by created or version descending unless told otherwise.
        var orderBy = q["OrderBy"].ToString();
        var direction = q["OrderDirection"].ToString();
        var descending = direction.Length > 0
            ? direction.Equals("Descending", StringComparison.OrdinalIgnoreCase)
            : !(orderBy.Length == 0 || orderBy.Equals("Name", StringComparison.OrdinalIgnoreCase));
        query = orderBy.ToLowerInvariant() switch
        {
            "created" => descending ? query.OrderByDescending(d => d.CreatedAt).ThenBy(d => d.Id) : query.OrderBy(d => d.CreatedAt).ThenBy(d => d.Id),
            "version" => descending ? query.OrderByDescending(d => d.Version).ThenBy(d => d.Id) : query.OrderBy(d => d.Version).ThenBy(d => d.Id),
            _ => descending ? query.OrderByDescending(d => d.Name).ThenBy(d => d.DefinitionId).ThenBy(d => d.Version)
                : query.OrderBy(d => d.Name).ThenBy(d => d.DefinitionId).ThenBy(d => d.Version),
        };

        var total = await query.LongCountAsync(ct);
        if (pageSize is { } size) query = query.Skip((page ?? 0) * size).Take(size);
        // Summaries come from columns only: the list never parses definition JSON.
        var rows = await query.Select(d => new DefinitionRecord
        {
            Id = d.Id,
            DefinitionId = d.DefinitionId,
            Version = d.Version,
            Name = d.Name,
            Description = d.Description,
            IsLatest = d.IsLatest,
            IsPublished = d.IsPublished,
            IsSystem = d.IsSystem,
            CreatedAt = d.CreatedAt,
            Json = "",
        }).ToListAsync(ct);
        return ElsaJson.Ok(ElsaJson.Paged(rows.Select(r => (JsonNode?)DefinitionWire.Summary(r)), total, DefinitionWire.ListLinks()));
    }

    /// <summary>Definitions whose latest version starts this one as a child (execute/dispatch workflow activities).</summary>
    public static async Task<IReadOnlyList<string>> ConsumersAsync(WorkflowsDbContext db, string definitionId, CancellationToken ct)
    {
        var quoted = "\"" + definitionId + "\"";
        var candidates = await db.Definitions.AsNoTracking()
            .Where(d => d.IsLatest && d.DefinitionId != definitionId && d.Json.Contains(quoted))
            .Select(d => new { d.DefinitionId, d.Json }).ToListAsync(ct);
        return candidates.Where(c => References(JsonNode.Parse(c.Json) as JsonObject, definitionId)).Select(c => c.DefinitionId).ToList();
    }

    private static bool References(JsonObject? definition, string definitionId)
    {
        if (definition?.GetObject("root") is not { } root) return false;
        var stack = new Stack<JsonObject>([root]);
        while (stack.Count > 0)
        {
            var activity = stack.Pop();
            if (activity.GetObject("workflowDefinitionId")?.GetObject("expression")?.GetString("value") == definitionId) return true;
            foreach (var child in ActivityJson.Children(activity)) stack.Push(child);
        }
        return false;
    }

    public static bool TryParse(string? text, VersionOptions fallback, out VersionOptions options, out IResult error)
    {
        try
        {
            options = VersionOptions.Parse(text, fallback);
            error = Results.Empty;
            return true;
        }
        catch (FormatException ex)
        {
            options = fallback;
            error = ElsaJson.Invalid("versionOptions 无效 / Invalid versionOptions", [ex.Message]);
            return false;
        }
    }

    private static bool TryInt(string? text, string name, out int? value, out IResult error)
    {
        value = null;
        error = Results.Empty;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (int.TryParse(text, out var parsed))
        {
            value = parsed;
            return true;
        }
        error = ElsaJson.Invalid($"{name} 无效 / Invalid {name}", [$"{name} 必须是整数：{text} / {name} must be a whole number: {text}"]);
        return false;
    }
}
