using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Workflows.Engine.Services;

/// <summary>Ids for instances, activity executions and bookmarks; injected so tests can make them predictable.</summary>
public interface IIdGenerator
{
    string NewId();
}

/// <summary>16 hex digits from a cryptographic source, like the ids Elsa Studio gives new activities.</summary>
public sealed class RandomIdGenerator : IIdGenerator
{
    public string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}

/// <summary>Predictable ids for tests: a prefix and a counter.</summary>
public sealed class SequentialIdGenerator(string prefix = "id") : IIdGenerator
{
    private long _next;

    public string NewId() => $"{prefix}{Interlocked.Increment(ref _next):D6}";
}

/// <summary>
/// What a human-task activity asks for. The runtime stores it as an inbox task in the same transaction as the
/// burst; the inbox later resumes <see cref="BookmarkId"/> with the decision.
/// </summary>
public sealed record HumanTaskRequest
{
    public required string InstanceId { get; init; }
    public required string BookmarkId { get; init; }
    public required string ActivityId { get; init; }
    public required string ActivityNodeId { get; init; }
    public required string ActivityExecutionId { get; init; }
    public required string Title { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<string> Assignees { get; init; } = [];
    public string? CandidateRole { get; init; }
    public IReadOnlyList<string> Outcomes { get; init; } = [];
    public JsonObject? OutcomeLabels { get; init; }
    public IReadOnlyList<string> CommentRequiredFor { get; init; } = [];
    public DateTimeOffset? DueAt { get; init; }
    public IReadOnlyList<TimeSpan> RemindBefore { get; init; } = [];
    public string? EscalateTo { get; init; }
    public JsonArray? Form { get; init; }
    public JsonObject? Countersign { get; init; }

    /// <summary>Business context shown on the task page and used by inbox filters (process, branch, application).</summary>
    public JsonObject? Context { get; init; }
    public int Priority { get; init; }
}

public interface IHumanTaskGateway
{
    /// <summary>Records the task; returns its id.</summary>
    ValueTask<string> CreateTaskAsync(HumanTaskRequest request, CancellationToken cancellationToken);
}

/// <summary>A mail to queue. The runtime writes it to the outbox in the burst's transaction.</summary>
public sealed record MailRequest
{
    public required string InstanceId { get; init; }
    public required string IdempotencyKey { get; init; }
    public IReadOnlyList<string> To { get; init; } = [];
    public IReadOnlyList<string> Cc { get; init; } = [];
    public IReadOnlyList<string> Bcc { get; init; } = [];
    public string? From { get; init; }
    public string? Subject { get; init; }
    public string? Body { get; init; }

    /// <summary>A named template (task assigned, decision...) rendered by the runtime per recipient culture.</summary>
    public string? Template { get; init; }
    public JsonObject? Model { get; init; }
}

public interface IMailQueue
{
    ValueTask EnqueueAsync(MailRequest request, CancellationToken cancellationToken);
}

public sealed record ChildWorkflowRequest
{
    public required string ParentInstanceId { get; init; }
    public required string DefinitionId { get; init; }

    /// <summary>A pinned version (a definition used as an activity); that version runs, else the published one.</summary>
    public string? DefinitionVersionId { get; init; }
    public JsonObject? Input { get; init; }
    public string? CorrelationId { get; init; }

    /// <summary>Set when the parent waits: the child's completion resumes this bookmark with its output.</summary>
    public string? ParentBookmarkId { get; init; }

    /// <summary>Starting twice with the same key yields the same child (yearly runs rely on this).</summary>
    public string? IdempotencyKey { get; init; }
}

public interface IWorkflowDispatcher
{
    /// <summary>Accepts a child instance for start (it runs after this burst commits) and returns its id.</summary>
    ValueTask<string> DispatchAsync(ChildWorkflowRequest request, CancellationToken cancellationToken);
}

public sealed record EventRequest(string SourceInstanceId, string EventName, string? CorrelationId, bool LocalToInstance, JsonNode? Payload);

public interface IEventPublisher
{
    /// <summary>Delivers the event to every instance waiting for it, after this burst commits.</summary>
    ValueTask PublishAsync(EventRequest request, CancellationToken cancellationToken);
}
