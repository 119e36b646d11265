using Microsoft.EntityFrameworkCore;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Inbox;

/// <summary>会签: one signer's item on a countersign task. The task's bookmark is resumed once, when the rule decides.</summary>
public sealed class SignerRecord
{
    public required string Id { get; set; }
    public required string TaskId { get; set; }
    public required string InstanceId { get; set; }
    public required string UserName { get; set; }

    /// <summary>Order of signing when the countersign is sequential; also the display order.</summary>
    public int Sequence { get; set; }

    /// <summary>Waiting (sequential, not yet their turn), Pending (may sign now), Signed, Skipped (not needed), Removed (减签).</summary>
    public required string Status { get; set; }

    /// <summary>The outcome the signer chose.</summary>
    public string? Decision { get; set; }
    public string? Comment { get; set; }
    public string? FormDataJson { get; set; }

    /// <summary>Who added the signer by 加签; null for the signers the task started with.</summary>
    public string? AddedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? DecidedAt { get; set; }
}

public static class SignerStatuses
{
    public const string Waiting = "Waiting";
    public const string Pending = "Pending";
    public const string Signed = "Signed";
    public const string Skipped = "Skipped";
    public const string Removed = "Removed";
}

/// <summary>
/// One person of a task assigned to several people (any one of them may act). Mirrors AssigneesJson so that the
/// to-do query finds these tasks by index instead of searching JSON text.
/// </summary>
public sealed class CandidateRecord
{
    public required string TaskId { get; set; }
    public required string UserName { get; set; }
}

/// <summary>抄送: a person copied on a task; ReadAt is 已阅.</summary>
public sealed class CarbonCopyRecord
{
    public required string Id { get; set; }
    public required string TaskId { get; set; }
    public required string InstanceId { get; set; }
    public required string UserName { get; set; }
    public required string CopiedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ReadAt { get; set; }
}

/// <summary>A file attached to a task, kept in the database so it commits, backs up and replicates with the task.</summary>
public sealed class AttachmentRecord
{
    public required string Id { get; set; }
    public required string TaskId { get; set; }
    public required string InstanceId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    public required byte[] Content { get; set; }
    public required string UploadedBy { get; set; }
    public DateTime UploadedAt { get; set; }
}

/// <summary>
/// One line of the audit trail. Append-only: every property is init-only (code cannot change a loaded record),
/// <see cref="AuditAppendOnlyGuard"/> refuses any update or delete that reaches SaveChanges, and database triggers
/// (migration 20261122_0020_inbox) refuse UPDATE and DELETE statements from anywhere else.
/// </summary>
public sealed class AuditRecord
{
    /// <summary>Database-generated, so it also orders the records of one instance.</summary>
    public long Id { get; init; }
    public required string InstanceId { get; init; }
    public string? TaskId { get; init; }

    /// <summary>One of <see cref="AuditActions"/>.</summary>
    public required string Action { get; init; }

    /// <summary>User name, or "system" for the scheduler.</summary>
    public required string Actor { get; init; }

    /// <summary>The actor's display name at the time, so an export reads well even after people leave.</summary>
    public string? ActorName { get; init; }
    public DateTime At { get; init; }
    public string? Outcome { get; init; }
    public string? Comment { get; init; }

    /// <summary>The step (task title) the action was on, as it was then.</summary>
    public string? TaskTitle { get; init; }
    public string? DetailsJson { get; init; }
}

/// <summary>Typed access to the inbox's tables without touching the shared context class.</summary>
public static class InboxSets
{
    public static DbSet<SignerRecord> Signers(this WorkflowsDbContext db) => db.Set<SignerRecord>();

    public static DbSet<CandidateRecord> Candidates(this WorkflowsDbContext db) => db.Set<CandidateRecord>();

    public static DbSet<CarbonCopyRecord> CarbonCopies(this WorkflowsDbContext db) => db.Set<CarbonCopyRecord>();

    public static DbSet<AttachmentRecord> Attachments(this WorkflowsDbContext db) => db.Set<AttachmentRecord>();

    public static DbSet<AuditRecord> Audit(this WorkflowsDbContext db) => db.Set<AuditRecord>();
}
