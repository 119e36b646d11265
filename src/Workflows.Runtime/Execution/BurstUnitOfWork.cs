using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workflows.Engine.Activities;
using Workflows.Engine.Activities.Builtin;
using Workflows.Engine.Execution;
using Workflows.Engine.Model;
using Workflows.Engine.Services;
using Workflows.Runtime.Definitions;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Execution;

/// <summary>Lets modules add to a task as it is created (countersign signers, a "new task" mail) in the same transaction.</summary>
public interface ITaskCreatedHandler
{
    ValueTask OnCreatedAsync(TaskRecord task, HumanTaskRequest request, BurstUnitOfWork unitOfWork, CancellationToken cancellationToken);
}

/// <summary>
/// The side effects of one burst, written into the burst's DbContext so they commit with the instance state or
/// not at all: tasks, outbox mails, child instances, event deliveries. Scoped: one per burst attempt.
/// </summary>
public sealed class BurstUnitOfWork(
    WorkflowsDbContext db,
    IIdGenerator ids,
    TimeProvider clock,
    GraphCache graphs,
    WorkflowExecutor executor,
    IEnumerable<ITaskCreatedHandler> taskHandlers)
    : IHumanTaskGateway, IMailQueue, IWorkflowDispatcher, IEventPublisher
{
    private readonly Dictionary<string, string> _childrenByKey = new(StringComparer.Ordinal);

    public WorkflowsDbContext Db => db;
    public InstanceRecord? Instance { get; private set; }
    public List<TaskRecord> CreatedTasks { get; } = [];
    public List<OutboxRecord> QueuedMails { get; } = [];

    /// <summary>True when this burst queued commands (children, events) that the dispatcher should pick up.</summary>
    public bool QueuedCommands { get; private set; }

    internal void Begin(InstanceRecord instance) => Instance = instance;

    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async ValueTask<string> CreateTaskAsync(HumanTaskRequest request, CancellationToken cancellationToken)
    {
        var task = new TaskRecord
        {
            Id = ids.NewId(),
            InstanceId = request.InstanceId,
            BookmarkId = request.BookmarkId,
            ActivityId = request.ActivityId,
            ActivityNodeId = request.ActivityNodeId,
            DefinitionId = Instance?.DefinitionId,
            ProcessName = Instance?.Name,
            Title = Truncate(request.Title, 512),
            Description = request.Description,
            AssigneesJson = EngineJson.Write(new JsonArray(request.Assignees.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray())),
            Assignee = request.Assignees.Count == 1 ? request.Assignees[0] : null,
            CandidateRole = request.CandidateRole,
            OutcomesJson = EngineJson.Write(new JsonArray(request.Outcomes.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray())),
            OutcomeLabelsJson = request.OutcomeLabels is null ? null : EngineJson.Write(request.OutcomeLabels),
            CommentRequiredForJson = EngineJson.Write(new JsonArray(request.CommentRequiredFor.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray())),
            FormJson = request.Form is null ? null : EngineJson.Write(request.Form),
            CountersignJson = request.Countersign is null ? null : EngineJson.Write(request.Countersign),
            ContextJson = request.Context is null ? null : EngineJson.Write(request.Context),
            RemindBeforeJson = EngineJson.Write(new JsonArray(request.RemindBefore.Select(r => (JsonNode?)JsonValue.Create(r.ToString("c"))).ToArray())),
            EscalateTo = request.EscalateTo,
            Priority = request.Priority,
            Status = TaskStatuses.Open,
            DueAt = request.DueAt?.UtcDateTime,
            InitiatedBy = Instance?.InitiatedBy,
            CreatedAt = Now,
        };
        db.Tasks.Add(task);
        CreatedTasks.Add(task);
        foreach (var handler in taskHandlers)
            await handler.OnCreatedAsync(task, request, this, cancellationToken);
        return task.Id;
    }

    public async ValueTask EnqueueAsync(MailRequest request, CancellationToken cancellationToken)
    {
        // The key is stable per activity execution; a row that already exists means this mail is already queued.
        if (QueuedMails.Any(m => m.IdempotencyKey == request.IdempotencyKey)
            || await db.Outbox.AnyAsync(m => m.IdempotencyKey == request.IdempotencyKey, cancellationToken))
            return;
        var id = ids.NewId();
        var mail = new OutboxRecord
        {
            Id = id,
            MessageId = $"<{id}.{request.InstanceId}@workflows.local>",
            InstanceId = request.InstanceId,
            IdempotencyKey = request.IdempotencyKey,
            ToJson = JsonArrayOf(request.To),
            CcJson = request.Cc.Count == 0 ? null : JsonArrayOf(request.Cc),
            BccJson = request.Bcc.Count == 0 ? null : JsonArrayOf(request.Bcc),
            FromAddress = request.From,
            Subject = request.Subject is null ? null : Truncate(request.Subject, 1024),
            Body = request.Body,
            Template = request.Template,
            ModelJson = request.Model is null ? null : EngineJson.Write(request.Model),
            Status = OutboxStatuses.Pending,
            NextAttemptAt = Now,
            CreatedAt = Now,
        };
        if (!Mail.Outbox.MailMerge.Apply(db, mail)) return;
        db.Outbox.Add(mail);
        QueuedMails.RemoveAll(m => db.Entry(m).State == EntityState.Detached);
        QueuedMails.Add(mail);
    }

    public async ValueTask<string> DispatchAsync(ChildWorkflowRequest request, CancellationToken cancellationToken)
    {
        if (request.IdempotencyKey is { } key)
        {
            if (_childrenByKey.TryGetValue(key, out var known)) return known;
            var existing = await db.Instances.Where(i => i.IdempotencyKey == key).Select(i => i.Id).FirstOrDefaultAsync(cancellationToken);
            if (existing is not null) return existing;
        }

        // A pinned version (a definition used as an activity) runs as pinned; Elsa falls back to the published one.
        var definition = (request.DefinitionVersionId is { Length: > 0 } versionId
                ? await db.Definitions.AsNoTracking().Where(d => d.DefinitionId == request.DefinitionId && d.Id == versionId).FirstOrDefaultAsync(cancellationToken)
                : null)
            ?? await db.Definitions.AsNoTracking()
            .Where(d => d.DefinitionId == request.DefinitionId && d.IsPublished).FirstOrDefaultAsync(cancellationToken)
            ?? throw new ActivityFaultException($"子流程 {request.DefinitionId} 没有已发布的版本。 / Workflow {request.DefinitionId} has no published version.");

        var instance = await CreateInstanceAsync(definition, graphs.SnapshotOf(definition.Json), ChildOutcomes.MatchDeclaredInputs(request.Input, definition.Json), request.CorrelationId, request.IdempotencyKey, Instance?.InitiatedBy, cancellationToken);
        instance.ParentInstanceId = request.ParentInstanceId;
        instance.ParentBookmarkId = request.ParentBookmarkId;
        AddCommand(instance.Id, CommandKinds.Start, null, null, $"start:{instance.Id}");
        if (request.IdempotencyKey is { } k) _childrenByKey[k] = instance.Id;
        return instance.Id;
    }

    public async ValueTask PublishAsync(EventRequest request, CancellationToken cancellationToken)
    {
        var query = db.Bookmarks.AsNoTracking().Where(b => b.Kind == BookmarkKinds.Event && b.Name == request.EventName);
        if (request.LocalToInstance) query = query.Where(b => b.InstanceId == request.SourceInstanceId);
        if (!string.IsNullOrEmpty(request.CorrelationId)) query = query.Where(b => b.CorrelationId == request.CorrelationId);
        var eventId = ids.NewId();
        foreach (var bookmark in await query.ToListAsync(cancellationToken))
            AddCommand(bookmark.InstanceId, CommandKinds.Resume, bookmark.Id, request.Payload, $"event:{eventId}:{bookmark.Id}");
    }

    /// <summary>Creates an instance row (not yet started) pinned to <paramref name="snapshot"/>, <paramref name="definition"/>'s.</summary>
    internal async Task<InstanceRecord> CreateInstanceAsync(DefinitionRecord definition, DefinitionSnapshot snapshot, JsonObject? input, string? correlationId, string? idempotencyKey, string? initiatedBy, CancellationToken cancellationToken)
    {
        var (hash, json, _) = snapshot;
        await graphs.EnsureStoredAsync(db, hash, json, Now, cancellationToken);
        var graph = graphs.Get(hash, json);
        var state = executor.CreateState(graph, ids.NewId(), input, correlationId, definition.Name);
        var instance = new InstanceRecord
        {
            Id = state.InstanceId,
            DefinitionId = definition.DefinitionId,
            DefinitionVersionId = definition.Id,
            DefinitionVersion = definition.Version,
            SnapshotHash = hash,
            Name = definition.Name,
            CorrelationId = correlationId,
            Status = state.Status.ToString(),
            SubStatus = state.SubStatus.ToString(),
            StateJson = StateSerializer.Serialize(state),
            IdempotencyKey = idempotencyKey,
            InitiatedBy = initiatedBy,
            CreatedAt = Now,
            UpdatedAt = Now,
        };
        db.Instances.Add(instance);
        return instance;
    }

    internal CommandRecord AddCommand(string instanceId, string kind, string? bookmarkId, JsonNode? payload, string? idempotencyKey, DateTime? availableAt = null)
    {
        var command = new CommandRecord
        {
            Id = ids.NewId(),
            InstanceId = instanceId,
            Kind = kind,
            BookmarkId = bookmarkId,
            PayloadJson = payload is null ? null : EngineJson.Write(payload),
            IdempotencyKey = idempotencyKey,
            CreatedAt = Now,
            AvailableAt = availableAt ?? Now,
        };
        db.Commands.Add(command);
        QueuedCommands = true;
        return command;
    }

    private static string JsonArrayOf(IEnumerable<string> values) =>
        EngineJson.Write(new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()));

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
