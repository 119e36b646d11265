using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workflows.Engine.Model;
using Workflows.Engine.Services;
using Workflows.Engine.Validation;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Definitions;

/// <summary>Elsa's version selector: Latest, Published, LatestOrPublished, LatestAndPublished, Draft, AllVersions, or a number.</summary>
public readonly record struct VersionOptions(string Kind, int? Version = null)
{
    public static readonly VersionOptions Latest = new("Latest");
    public static readonly VersionOptions Published = new("Published");
    public static readonly VersionOptions LatestOrPublished = new("LatestOrPublished");
    public static readonly VersionOptions LatestAndPublished = new("LatestAndPublished");
    public static readonly VersionOptions Draft = new("Draft");
    public static readonly VersionOptions AllVersions = new("AllVersions");

    public static VersionOptions SpecificVersion(int version) => new("SpecificVersion", version);

    /// <summary>Studio may send an empty value; that means "not given".</summary>
    public static VersionOptions Parse(string? text, VersionOptions fallback)
    {
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (int.TryParse(text, out var version)) return SpecificVersion(version);
        return text.Trim() switch
        {
            var t when t.Equals("Latest", StringComparison.OrdinalIgnoreCase) => Latest,
            var t when t.Equals("Published", StringComparison.OrdinalIgnoreCase) => Published,
            var t when t.Equals("LatestOrPublished", StringComparison.OrdinalIgnoreCase) => LatestOrPublished,
            var t when t.Equals("LatestAndPublished", StringComparison.OrdinalIgnoreCase) => LatestAndPublished,
            var t when t.Equals("Draft", StringComparison.OrdinalIgnoreCase) => Draft,
            var t when t.Equals("AllVersions", StringComparison.OrdinalIgnoreCase) => AllVersions,
            _ => throw new FormatException($"versionOptions 无效：{text} / invalid versionOptions: {text}"),
        };
    }

    public IQueryable<DefinitionRecord> Apply(IQueryable<DefinitionRecord> query)
    {
        var version = Version;
        return Kind switch
        {
        "Latest" => query.Where(d => d.IsLatest),
        "Published" => query.Where(d => d.IsPublished),
        "LatestOrPublished" => query.Where(d => d.IsLatest || d.IsPublished),
        "LatestAndPublished" => query.Where(d => d.IsLatest && d.IsPublished),
        "Draft" => query.Where(d => !d.IsPublished),
        "SpecificVersion" => query.Where(d => d.Version == version),
        _ => query,
        };
    }
}

public sealed record SaveDefinitionResult(DefinitionRecord? Record, bool AlreadyPublished, IReadOnlyList<ValidationMessage> Messages)
{
    public bool Succeeded => Record is not null;
}

/// <summary>
/// Definition versions, with Elsa's versioning rules: saving overwrites the latest draft in place or opens a new
/// draft after a published version; publishing retires every other version. Every save is validated first and
/// a refused save changes nothing.
/// </summary>
/// <summary>
/// Told after a change to a definition's published version has committed (publish, republish, retract, delete),
/// so that what depends on the published version (the scheduler's cron triggers) follows it. Called after the
/// commit: a handler that fails cannot undo the change, and must not throw.
/// </summary>
public interface IDefinitionChangeHandler
{
    Task OnPublishedVersionChangedAsync(string definitionId, CancellationToken cancellationToken);
}

public sealed class DefinitionStore(WorkflowsDbContext db, DefinitionValidator validator, IIdGenerator ids, TimeProvider clock, IEnumerable<IDefinitionChangeHandler> changeHandlers)
{
    public Task<DefinitionRecord?> FindAsync(string definitionId, VersionOptions options, CancellationToken cancellationToken = default) =>
        options.Apply(db.Definitions.Where(d => d.DefinitionId == definitionId))
            .OrderByDescending(d => d.IsLatest).ThenByDescending(d => d.Version)
            .FirstOrDefaultAsync(cancellationToken);

    public Task<DefinitionRecord?> FindByVersionIdAsync(string id, CancellationToken cancellationToken = default) =>
        db.Definitions.FirstOrDefaultAsync(d => d.Id == id, cancellationToken);

    /// <summary>
    /// Saves a definition posted by the designer (or loaded from a file). <paramref name="model"/> is the whole
    /// definition JSON; ids, version and flags in it are the client's view and are not trusted.
    /// </summary>
    public async Task<SaveDefinitionResult> SaveAsync(JsonObject model, bool publish, string? source, string? user, string? sourceHash = null, CancellationToken cancellationToken = default)
    {
        if (model.GetObject("root") is null)
            return new SaveDefinitionResult(null, false, [ValidationMessage.Error("root.missing", "流程定义缺少根活动（root）。", "The definition has no root activity.")]);

        var json = (JsonObject)model.DeepClone();
        json.Remove("links");
        var definitionId = json.GetString("definitionId") is { Length: > 0 } given ? given : ids.NewId();
        json["definitionId"] = definitionId;
        if (json.GetString("name") is { } name) json["name"] = name.Trim();
        EnsureArraysAndObjects(json);

        var candidate = WorkflowDefinition.FromJson(json);
        var validation = validator.Validate(candidate, publish ? ValidationPurpose.Publish : ValidationPurpose.Draft);
        if (!validation.IsValid)
            return new SaveDefinitionResult(null, false, validation.Messages);

        var now = clock.GetUtcNow().UtcDateTime;
        var versions = await db.Definitions.Where(d => d.DefinitionId == definitionId).ToListAsync(cancellationToken);
        var latest = versions.FirstOrDefault(v => v.IsLatest) ?? versions.OrderByDescending(v => v.Version).FirstOrDefault();

        DefinitionRecord record;
        if (latest is not null && !latest.IsPublished)
        {
            record = latest; // a draft is edited in place: same id, same version
        }
        else
        {
            if (latest is not null) latest.IsLatest = false;
            record = new DefinitionRecord
            {
                Id = ids.NewId(),
                DefinitionId = definitionId,
                Version = versions.Count == 0 ? 1 : versions.Max(v => v.Version) + 1,
                Json = "",
                CreatedAt = now,
                CreatedBy = user,
            };
            db.Definitions.Add(record);
        }

        json["id"] = record.Id;
        json["version"] = record.Version;
        json["createdAt"] = new DateTimeOffset(record.CreatedAt == default ? now : record.CreatedAt, TimeSpan.Zero).ToString("O");
        record.Name = json.GetString("name");
        record.Description = json.GetString("description");
        record.IsSystem = json.GetBool("isSystem") ?? false;
        record.IsLatest = true;
        record.Source = source ?? record.Source;
        record.SourceHash = sourceHash ?? record.SourceHash;
        record.UpdatedAt = now;

        if (publish)
        {
            foreach (var other in versions.Where(v => v.Id != record.Id)) other.IsPublished = false;
            record.IsPublished = true;
        }
        else
        {
            record.IsPublished = false;
        }
        foreach (var other in versions.Where(v => v.Id != record.Id)) Reflag(other);
        json["isLatest"] = true;
        json["isPublished"] = record.IsPublished;
        record.Json = EngineJson.Write(json);

        await db.SaveChangesAsync(cancellationToken);
        // Saving a draft leaves the published version as it was; only a publish changes it.
        if (publish) await NotifyAsync(definitionId, cancellationToken);
        return new SaveDefinitionResult(record, false, validation.Messages);
    }

    /// <summary>Publishes the latest version; a no-op (alreadyPublished) when it already is.</summary>
    public async Task<SaveDefinitionResult> PublishAsync(string definitionId, string? user, CancellationToken cancellationToken = default)
    {
        var latest = await FindAsync(definitionId, VersionOptions.Latest, cancellationToken);
        if (latest is null)
            return new SaveDefinitionResult(null, false, [ValidationMessage.Error("definition.notFound", $"流程定义 {definitionId} 不存在。", $"Definition {definitionId} does not exist.")]);
        if (latest.IsPublished) return new SaveDefinitionResult(latest, true, []);

        var definition = WorkflowDefinition.Parse(latest.Json);
        var validation = validator.Validate(definition, ValidationPurpose.Publish);
        if (!validation.IsValid) return new SaveDefinitionResult(null, false, validation.Messages);

        var versions = await db.Definitions.Where(d => d.DefinitionId == definitionId && d.Id != latest.Id).ToListAsync(cancellationToken);
        foreach (var other in versions)
        {
            other.IsPublished = false;
            Reflag(other);
        }
        latest.IsPublished = true;
        Reflag(latest);
        latest.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        await NotifyAsync(definitionId, cancellationToken);
        return new SaveDefinitionResult(latest, false, validation.Messages);
    }

    /// <summary>Unpublishes the published version; false when none is published.</summary>
    public async Task<DefinitionRecord?> RetractAsync(string definitionId, CancellationToken cancellationToken = default)
    {
        var published = await FindAsync(definitionId, VersionOptions.Published, cancellationToken);
        if (published is null) return null;
        published.IsPublished = false;
        Reflag(published);
        await db.SaveChangesAsync(cancellationToken);
        await NotifyAsync(definitionId, cancellationToken);
        return published;
    }

    /// <summary>Copies version <paramref name="version"/> into a new latest draft, as Elsa's revert does.</summary>
    public async Task<DefinitionRecord?> RevertAsync(string definitionId, int version, string? user, CancellationToken cancellationToken = default)
    {
        var source = await db.Definitions.FirstOrDefaultAsync(d => d.DefinitionId == definitionId && d.Version == version, cancellationToken);
        if (source is null) return null;
        var versions = await db.Definitions.Where(d => d.DefinitionId == definitionId).ToListAsync(cancellationToken);
        foreach (var v in versions)
        {
            v.IsLatest = false;
            Reflag(v);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var copy = (JsonObject)JsonNode.Parse(source.Json)!;
        var record = new DefinitionRecord
        {
            Id = ids.NewId(),
            DefinitionId = definitionId,
            Version = versions.Max(v => v.Version) + 1,
            Name = source.Name,
            Description = source.Description,
            IsLatest = true,
            IsPublished = false,
            Json = "",
            Source = "revert",
            CreatedBy = user,
            CreatedAt = now,
            UpdatedAt = now,
        };
        copy["id"] = record.Id;
        copy["version"] = record.Version;
        copy["isLatest"] = true;
        copy["isPublished"] = false;
        copy["createdAt"] = new DateTimeOffset(now, TimeSpan.Zero).ToString("O");
        record.Json = EngineJson.Write(copy);
        db.Definitions.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return record;
    }

    public async Task<int> DeleteAsync(string definitionId, CancellationToken cancellationToken = default)
    {
        var versions = await db.Definitions.Where(d => d.DefinitionId == definitionId).ToListAsync(cancellationToken);
        db.Definitions.RemoveRange(versions);
        await db.SaveChangesAsync(cancellationToken);
        if (versions.Any(v => v.IsPublished)) await NotifyAsync(definitionId, cancellationToken);
        return versions.Count;
    }

    /// <summary>Deletes one version; if it was the latest, the highest remaining version becomes latest.</summary>
    public async Task<bool> DeleteVersionAsync(string versionId, CancellationToken cancellationToken = default)
    {
        var record = await FindByVersionIdAsync(versionId, cancellationToken);
        if (record is null) return false;
        db.Definitions.Remove(record);
        if (record.IsLatest)
        {
            var next = await db.Definitions.Where(d => d.DefinitionId == record.DefinitionId && d.Id != record.Id)
                .OrderByDescending(d => d.Version).FirstOrDefaultAsync(cancellationToken);
            if (next is not null)
            {
                next.IsLatest = true;
                Reflag(next);
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        if (record.IsPublished) await NotifyAsync(record.DefinitionId, cancellationToken);
        return true;
    }

    private readonly HashSet<string> _deferred = new(StringComparer.Ordinal);

    /// <summary>
    /// Several changes in one transaction (bulk publish, retract, delete, import): all or none. The change handlers
    /// are told after <see cref="DefinitionBatch.CommitAsync"/>, never inside the transaction: the scheduler writes
    /// on its own connection, and with SQLite's single writer it would wait for this transaction's lock until both
    /// time out.
    /// </summary>
    public async Task<DefinitionBatch> BeginBatchAsync(CancellationToken cancellationToken)
    {
        _deferred.Clear();
        return new DefinitionBatch(this, await db.Database.BeginTransactionAsync(cancellationToken));
    }

    internal async Task FlushDeferredAsync(CancellationToken cancellationToken)
    {
        var ids = _deferred.ToList();
        _deferred.Clear();
        foreach (var id in ids) await NotifyAsync(id, cancellationToken);
    }

    internal void DropDeferred() => _deferred.Clear();

    private async Task NotifyAsync(string definitionId, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            _deferred.Add(definitionId);
            return;
        }
        foreach (var handler in changeHandlers)
            await handler.OnPublishedVersionChangedAsync(definitionId, cancellationToken);
    }

    /// <summary>The stored JSON carries the flags too; keep it in step with the columns.</summary>
    private static void Reflag(DefinitionRecord record)
    {
        var json = (JsonObject)JsonNode.Parse(record.Json)!;
        json["isLatest"] = record.IsLatest;
        json["isPublished"] = record.IsPublished;
        record.Json = EngineJson.Write(json);
    }

    /// <summary>Studio crashes on null collections; a definition made by "Create workflow" arrives without them.</summary>
    private static void EnsureArraysAndObjects(JsonObject json)
    {
        foreach (var name in new[] { "variables", "inputs", "outputs", "outcomes" })
            if (json[name] is not JsonArray) json[name] = new JsonArray();
        foreach (var name in new[] { "customProperties", "options" })
            if (json[name] is not JsonObject) json[name] = new JsonObject();
    }

    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..40];
}

/// <summary>A transaction over several definition changes; see <see cref="DefinitionStore.BeginBatchAsync"/>.</summary>
public sealed class DefinitionBatch(DefinitionStore store, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction) : IAsyncDisposable
{
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await transaction.CommitAsync(cancellationToken);
        await transaction.DisposeAsync();
        await store.FlushDeferredAsync(cancellationToken);
    }

    public async Task RollbackAsync(CancellationToken cancellationToken)
    {
        store.DropDeferred();
        await transaction.RollbackAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        // Disposing an uncommitted transaction rolls it back; nothing it changed may be announced.
        await transaction.DisposeAsync();
        store.DropDeferred();
    }
}
