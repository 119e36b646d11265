using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workflows.Engine.Activities;
using Workflows.Engine.Execution;
using Workflows.Engine.Model;
using Workflows.Runtime.Definitions;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Execution;

/// <summary>Compiled definitions by snapshot hash. Snapshots never change, so a cached graph never goes stale.</summary>
public sealed class GraphCache(ActivityRegistry registry)
{
    private const int MaxSnapshots = 512;
    private readonly ConcurrentDictionary<string, WorkflowGraph> _graphs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DefinitionSnapshot> _byDefinitionJson = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _stored = new(StringComparer.Ordinal);

    /// <summary>
    /// The snapshot (hash, pinned JSON, parsed definition) of a stored definition's JSON, computed once per content
    /// rather than parsed, re-serialised and hashed on every start. Keyed by the content itself, so an edited draft
    /// (same version id, new JSON) gets its own entry; bounded, cleared when full.
    /// </summary>
    public DefinitionSnapshot SnapshotOf(string definitionJson)
    {
        if (_byDefinitionJson.TryGetValue(definitionJson, out var known)) return known;
        var (hash, json) = Snapshot(definitionJson);
        var snapshot = new DefinitionSnapshot(hash, json, WorkflowDefinition.Parse(definitionJson).Inputs);
        if (_byDefinitionJson.Count >= MaxSnapshots) _byDefinitionJson.Clear();
        _byDefinitionJson[definitionJson] = snapshot;
        return snapshot;
    }

    /// <summary>True once the snapshot row was seen committed; snapshot rows are never deleted, so it stays true.</summary>
    public bool IsStored(string hash) => _stored.ContainsKey(hash);

    public void MarkStored(string hash) => _stored.TryAdd(hash, 0);

    /// <summary>
    /// Adds the snapshot row to <paramref name="db"/>'s unit of work unless it is stored already or added there.
    /// Only a row seen in the database counts as stored: one added here may still be rolled back.
    /// </summary>
    public async Task EnsureStoredAsync(WorkflowsDbContext db, string hash, string json, DateTime now, CancellationToken cancellationToken)
    {
        if (IsStored(hash) || db.DefinitionSnapshots.Local.Any(s => s.Hash == hash)) return;
        if (await db.DefinitionSnapshots.AnyAsync(s => s.Hash == hash, cancellationToken)) MarkStored(hash);
        else db.DefinitionSnapshots.Add(new DefinitionSnapshotRecord { Hash = hash, Json = json, CreatedAt = now });
    }

    public WorkflowGraph Get(string hash, string json) =>
        _graphs.GetOrAdd(hash, static (_, state) => WorkflowGraph.Build(WorkflowDefinition.Parse(state.json), state.registry), (json, registry));

    public async Task<WorkflowGraph> GetAsync(WorkflowsDbContext db, string hash, CancellationToken cancellationToken)
    {
        if (_graphs.TryGetValue(hash, out var graph)) return graph;
        var snapshot = await db.DefinitionSnapshots.AsNoTracking().FirstOrDefaultAsync(s => s.Hash == hash, cancellationToken)
            ?? throw new InvalidOperationException($"Definition snapshot {hash} is missing.");
        return Get(hash, snapshot.Json);
    }

    /// <summary>
    /// The content that pins an instance: the stored definition without the flags that change later
    /// (isLatest, isPublished), so republishing the same content reuses one snapshot.
    /// </summary>
    public static (string Hash, string Json) Snapshot(string definitionJson)
    {
        var json = (JsonObject)JsonNode.Parse(definitionJson)!;
        json.Remove("isLatest");
        json.Remove("isPublished");
        json.Remove("links");
        var text = EngineJson.Write(json);
        return (DefinitionStore.Hash(text), text);
    }
}

/// <summary>
/// A definition's pinned snapshot: content hash, the JSON stored for it, and its declared inputs (read once: a
/// parsed JsonObject materialises lazily and is not safe to share between threads, the list is).
/// </summary>
public sealed record DefinitionSnapshot(string Hash, string Json, IReadOnlyList<InputDefinition> Inputs);

/// <summary>
/// Serialises bursts of one instance inside this process, so concurrent resumes queue instead of racing and
/// retrying. Across processes the instance row's revision is the guard. Striped, so memory stays bounded.
/// </summary>
public sealed class InstanceLocks
{
    private readonly SemaphoreSlim[] _stripes = Enumerable.Range(0, 512).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public async Task<IDisposable> AcquireAsync(string instanceId, CancellationToken cancellationToken)
    {
        var stripe = _stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(instanceId) % (uint)_stripes.Length)];
        await stripe.WaitAsync(cancellationToken);
        return new Releaser(stripe);
    }

    private sealed class Releaser(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) semaphore.Release();
        }
    }
}

/// <summary>Wakes the command dispatcher when a commit has queued new work, instead of waiting for its next poll.</summary>
public sealed class CommandSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled; one wake-up is enough.
            }
        }
    }

    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => await _signal.WaitAsync(timeout, cancellationToken);
}

public static class StateSerializer
{
    public static string Serialize(WorkflowState state) => JsonSerializer.Serialize(state, EngineJson.Options);

    public static WorkflowState Deserialize(string json) =>
        JsonSerializer.Deserialize<WorkflowState>(json, EngineJson.Options) ?? throw new InvalidOperationException("Empty workflow state.");
}

public enum RunStatus
{
    /// <summary>The burst ran and committed.</summary>
    Completed,

    /// <summary>Accepted and queued; it runs in the background.</summary>
    Accepted,

    /// <summary>The same idempotency key was used before; nothing new happened.</summary>
    Existing,
    NotFound,

    /// <summary>It cannot happen any more (bookmark resumed already, instance ended, task done).</summary>
    Conflict,

    /// <summary>The request itself is wrong (input of the wrong type, unpublished definition).</summary>
    Invalid,
}

public sealed record RunOutcome(RunStatus Status, string? InstanceId, string? Message = null, InstanceRecord? Instance = null, WorkflowState? State = null)
{
    public bool Succeeded => Status is RunStatus.Completed or RunStatus.Accepted or RunStatus.Existing;

    public static RunOutcome Fail(RunStatus status, string message, string? instanceId = null) => new(status, instanceId, message);
}

/// <summary>Thrown by an accept step (e.g. completing a task) to refuse the resume before anything runs.</summary>
public sealed class ResumeRejectedException(RunStatus status, string message) : Exception(message)
{
    public RunStatus Status { get; } = status;
}
