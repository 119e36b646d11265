using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Workflows.Engine.Execution;

public enum WorkflowStatus
{
    Running,
    Finished,
}

public enum WorkflowSubStatus
{
    Pending,
    Executing,
    Suspended,
    Finished,
    Cancelled,
    Faulted,
}

public enum ActivityStatus
{
    Pending,
    Running,
    Completed,
    Canceled,
    Faulted,
}

/// <summary>
/// Everything an instance needs to carry on after a restart. It is plain data, serialised as JSON into one
/// column, and the executor mutates a private copy during a burst; the runtime commits it or throws it away.
/// </summary>
public sealed class WorkflowState
{
    public required string InstanceId { get; init; }
    public required string DefinitionId { get; init; }
    public required string DefinitionVersionId { get; set; }

    /// <summary>Settable for a migration to another version (alterations), which re-pins the instance.</summary>
    public int DefinitionVersion { get; set; }
    public string? CorrelationId { get; set; }
    public string? Name { get; set; }
    public WorkflowStatus Status { get; set; } = WorkflowStatus.Running;
    public WorkflowSubStatus SubStatus { get; set; } = WorkflowSubStatus.Pending;

    /// <summary>Workflow variables by name.</summary>
    public JsonObject Variables { get; init; } = [];
    public JsonObject Input { get; init; } = [];
    public JsonObject Output { get; init; } = [];

    /// <summary>Live activity executions (pending, running or waiting). Finished ones leave the list.</summary>
    public List<ActivityExecutionState> Activities { get; init; } = [];

    /// <summary>Work accepted but not yet run, in order.</summary>
    public List<WorkItem> Queue { get; init; } = [];
    public List<BookmarkState> Bookmarks { get; init; } = [];
    public List<IncidentState> Incidents { get; init; } = [];

    /// <summary>Outputs of finished activities by activity id, for getOutputFrom() and the instance viewer.</summary>
    public JsonObject ActivityOutputs { get; init; } = [];

    public long JournalSequence { get; set; }
    public string? FaultMessage { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    [JsonIgnore]
    public bool IsFinished => Status == WorkflowStatus.Finished;
}

public sealed class ActivityExecutionState
{
    public required string Id { get; init; }
    public required string NodeId { get; set; }
    public string? ParentId { get; init; }
    public ActivityStatus Status { get; set; } = ActivityStatus.Pending;

    /// <summary>Private state of the activity (loop index, join tokens, task id...).</summary>
    public JsonObject Properties { get; init; } = [];

    /// <summary>Variables declared by the scheduling parent for this scope (for-each CurrentValue/CurrentIndex).</summary>
    public JsonObject? LocalVariables { get; init; }

    /// <summary>A tag the parent gives a child to recognise it on completion (for-each iteration index).</summary>
    public string? Tag { get; init; }
    public DateTimeOffset ScheduledAt { get; init; }
    public DateTimeOffset? StartedAt { get; set; }
}

public enum WorkItemKind
{
    Execute,
    Resume,
}

public sealed class WorkItem
{
    public required string ActivityExecutionId { get; init; }
    public WorkItemKind Kind { get; init; }
    public string? BookmarkId { get; init; }
    public JsonNode? Payload { get; init; }
}

/// <summary>Something an instance waits for. The runtime mirrors these rows in a table to find them fast.</summary>
public sealed class BookmarkState
{
    public required string Id { get; init; }
    public required string ActivityExecutionId { get; init; }
    public required string NodeId { get; set; }
    public required string ActivityId { get; set; }
    public required string ActivityType { get; init; }

    /// <summary>What is awaited: HumanTask, Timer, Event, ChildWorkflow, or an activity's own kind.</summary>
    public required string Kind { get; init; }

    /// <summary>Kind-specific key: event name, child instance id, task id.</summary>
    public string? Name { get; init; }
    public string? CorrelationId { get; init; }
    public DateTimeOffset? DueAt { get; init; }
    public JsonObject? Payload { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

public sealed class IncidentState
{
    public required string ActivityId { get; init; }
    public required string ActivityNodeId { get; init; }
    public required string ActivityType { get; init; }
    public string? ActivityExecutionId { get; init; }
    public required string Message { get; init; }
    public ExceptionState? Exception { get; init; }
    public DateTimeOffset Timestamp { get; init; }
}

public sealed record ExceptionState(string Type, string Message, string? StackTrace, ExceptionState? InnerException)
{
    public static ExceptionState From(Exception ex) =>
        new(ex.GetType().FullName ?? ex.GetType().Name, ex.Message, ex.StackTrace, ex.InnerException is null ? null : From(ex.InnerException));
}

/// <summary>One line of the journal: what an activity did, when, with which inputs and outputs.</summary>
public sealed record JournalEntry
{
    public required string InstanceId { get; init; }
    public long Sequence { get; init; }
    public DateTimeOffset Timestamp { get; init; }
    public required string ActivityExecutionId { get; init; }
    public string? ParentActivityExecutionId { get; init; }
    public required string ActivityId { get; init; }
    public required string NodeId { get; init; }
    public required string ActivityType { get; init; }
    public int ActivityTypeVersion { get; init; }
    public string? ActivityName { get; init; }

    /// <summary>Started, Completed, Suspended, Resumed, Faulted, Cancelled, or WorkflowFinished etc.</summary>
    public required string EventName { get; init; }
    public string? Message { get; init; }
    public JsonObject? Payload { get; init; }
}

public static class JournalEvents
{
    public const string Started = "Started";
    public const string Completed = "Completed";
    public const string Suspended = "Suspended";
    public const string Resumed = "Resumed";
    public const string Faulted = "Faulted";
    public const string Cancelled = "Cancelled";
}
