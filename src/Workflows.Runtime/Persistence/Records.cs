namespace Workflows.Runtime.Persistence;

// Rows of the runtime's tables. Timestamps are UTC DateTime (SQLite stores them as sortable text, PostgreSQL as
// timestamptz); JSON is stored as text so both providers keep it byte for byte.

/// <summary>One version of a workflow definition, draft or published.</summary>
public sealed class DefinitionRecord
{
    public required string Id { get; set; }
    public required string DefinitionId { get; set; }
    public int Version { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }
    public bool IsLatest { get; set; }
    public bool IsPublished { get; set; }
    public bool IsSystem { get; set; }

    /// <summary>The whole Elsa definition JSON as stored and returned to the designer.</summary>
    public required string Json { get; set; }

    /// <summary>Where the version came from: "file:workflows/x.json", "designer", "import".</summary>
    public string? Source { get; set; }

    /// <summary>Hash of the file a version was loaded from, so start-up imports a changed file once.</summary>
    public string? SourceHash { get; set; }
    public string? CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>
/// An immutable copy of the definition an instance runs, addressed by content hash. Drafts change in place;
/// instances started from them must not, so every instance pins a snapshot.
/// </summary>
public sealed class DefinitionSnapshotRecord
{
    public required string Hash { get; set; }
    public required string Json { get; set; }
    public DateTime CreatedAt { get; set; }
}

public sealed class InstanceRecord
{
    public required string Id { get; set; }
    public required string DefinitionId { get; set; }
    public required string DefinitionVersionId { get; set; }
    public int DefinitionVersion { get; set; }
    public required string SnapshotHash { get; set; }
    public string? Name { get; set; }
    public string? CorrelationId { get; set; }
    public required string Status { get; set; }
    public required string SubStatus { get; set; }
    public required string StateJson { get; set; }
    public int IncidentCount { get; set; }
    public string? ParentInstanceId { get; set; }
    public string? ParentBookmarkId { get; set; }

    /// <summary>Client-supplied key: a second start with the same key returns the first instance.</summary>
    public string? IdempotencyKey { get; set; }
    public string? InitiatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? FinishedAt { get; set; }

    /// <summary>Optimistic concurrency: a burst commits only if nobody else committed since it loaded.</summary>
    public long Revision { get; set; }
}

/// <summary>What an instance waits for, mirrored from its state so that timers and events are found by index.</summary>
public sealed class BookmarkRecord
{
    public required string Id { get; set; }
    public required string InstanceId { get; set; }
    public required string Kind { get; set; }
    public string? Name { get; set; }
    public string? CorrelationId { get; set; }
    public required string ActivityId { get; set; }
    public required string ActivityNodeId { get; set; }
    public required string ActivityType { get; set; }
    public DateTime? DueAt { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// Work accepted for later: starting a child, resuming a parent, delivering an event or a due timer. Written in
/// the transaction that caused it and deleted in the transaction that does it, so it runs exactly once.
/// </summary>
public sealed class CommandRecord
{
    public required string Id { get; set; }
    public required string InstanceId { get; set; }
    public required string Kind { get; set; }
    public string? BookmarkId { get; set; }
    public string? PayloadJson { get; set; }
    public string? IdempotencyKey { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime AvailableAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
}

public static class CommandKinds
{
    public const string Start = "Start";
    public const string Resume = "Resume";
    public const string Cancel = "Cancel";
}

public sealed class JournalRecord
{
    public required string InstanceId { get; set; }
    public long Sequence { get; set; }
    public DateTime Timestamp { get; set; }
    public required string ActivityExecutionId { get; set; }
    public string? ParentActivityExecutionId { get; set; }
    public required string ActivityId { get; set; }
    public required string ActivityNodeId { get; set; }
    public required string ActivityType { get; set; }
    public int ActivityTypeVersion { get; set; }
    public string? ActivityName { get; set; }
    public required string EventName { get; set; }
    public string? Message { get; set; }
    public string? PayloadJson { get; set; }
}

/// <summary>A task in the inbox, created by a human-task activity and completed by people. The inbox's own columns are in Inbox/TaskRecord.Inbox.cs.</summary>
public sealed partial class TaskRecord
{
    public required string Id { get; set; }
    public required string InstanceId { get; set; }
    public required string BookmarkId { get; set; }
    public required string ActivityId { get; set; }
    public required string ActivityNodeId { get; set; }
    public string? DefinitionId { get; set; }
    public string? ProcessName { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }

    /// <summary>JSON array of user names the task is assigned to (empty: offered to the candidate role).</summary>
    public required string AssigneesJson { get; set; }

    /// <summary>The single current assignee when there is one (after claim, or a one-person task); indexed for the inbox.</summary>
    public string? Assignee { get; set; }
    public string? CandidateRole { get; set; }
    public required string OutcomesJson { get; set; }
    public string? OutcomeLabelsJson { get; set; }
    public string? CommentRequiredForJson { get; set; }
    public string? FormJson { get; set; }
    public string? CountersignJson { get; set; }
    public string? ContextJson { get; set; }
    public string? RemindBeforeJson { get; set; }
    public string? EscalateTo { get; set; }
    public int Priority { get; set; }

    /// <summary>Open, Completed, Cancelled, Withdrawn.</summary>
    public required string Status { get; set; }
    public DateTime? DueAt { get; set; }
    public string? InitiatedBy { get; set; }
    public string? CompletedBy { get; set; }
    public string? Outcome { get; set; }
    public string? Comment { get; set; }
    public string? FormDataJson { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    public long Revision { get; set; }
}

public static class TaskStatuses
{
    public const string Open = "Open";
    public const string Completed = "Completed";
    public const string Cancelled = "Cancelled";
    public const string Withdrawn = "Withdrawn";
}

/// <summary>A mail waiting to be sent, written in the same transaction as the step that caused it.</summary>
public sealed class OutboxRecord
{
    public required string Id { get; set; }

    /// <summary>Stable Message-ID header, so a resend after a crash can be recognised by the receiver.</summary>
    public required string MessageId { get; set; }
    public string? InstanceId { get; set; }
    public required string IdempotencyKey { get; set; }
    public required string ToJson { get; set; }
    public string? CcJson { get; set; }
    public string? BccJson { get; set; }
    public string? FromAddress { get; set; }
    public string? Subject { get; set; }
    public string? Body { get; set; }
    public string? Template { get; set; }
    public string? ModelJson { get; set; }

    /// <summary>Pending, Sending, Sent, Failed.</summary>
    public required string Status { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public string? LastError { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? SentAt { get; set; }
}

public static class OutboxStatuses
{
    public const string Pending = "Pending";
    public const string Sent = "Sent";
    public const string Failed = "Failed";
}

public sealed class UserRecord
{
    public required string Id { get; set; }
    public required string UserName { get; set; }
    public required string DisplayName { get; set; }
    public string? Email { get; set; }
    public required string PasswordHash { get; set; }
    public string Culture { get; set; } = "zh-CN";
    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; }

    /// <summary>Changes whenever the user's sessions must end (sign-out, password, roles, disabling); tokens and cookies carry it.</summary>
    public string SecurityStamp { get; set; } = "";
}

public sealed class UserRoleRecord
{
    public required string UserId { get; set; }
    public required string RoleKey { get; set; }
}

public sealed class RoleRecord
{
    public required string Key { get; set; }
    public required string NameZh { get; set; }
    public required string NameEn { get; set; }
    public string? Description { get; set; }
}
