using Microsoft.EntityFrameworkCore;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Inbox;

/// <summary>
/// The inbox's tables and its columns and indexes on wf_tasks. Index names are fixed so that the hand-written
/// migration (<see cref="Persistence.Migrations.M20261122_0020_Inbox"/>) names them too.
/// </summary>
public static class InboxModel
{
    private const int Id = RuntimeModel.IdLength;
    private const int Name = RuntimeModel.NameLength;
    private const int Key = RuntimeModel.KeyLength;

    public const string AuditTable = "wf_audit";

    public static void Configure(ModelBuilder b)
    {
        b.Entity<TaskRecord>(e =>
        {
            e.Property(x => x.StepName).HasMaxLength(512);
            e.Property(x => x.BranchId).HasMaxLength(Key);
            e.Property(x => x.Owner).HasMaxLength(Name);
            e.Property(x => x.DelegationState).HasMaxLength(32);
            // "Started by me" and the deadline scan; the to-do query uses the Status_Assignee and Status_CandidateRole indexes.
            e.HasIndex(x => new { x.InitiatedBy, x.CreatedAt }).HasDatabaseName("IX_wf_tasks_InitiatedBy_CreatedAt");
            e.HasIndex(x => new { x.Status, x.NextReminderAt }).HasDatabaseName("IX_wf_tasks_Status_NextReminderAt");
            e.HasIndex(x => new { x.Status, x.EscalatedAt, x.DueAt }).HasDatabaseName("IX_wf_tasks_Status_EscalatedAt_DueAt");
        });

        b.Entity<SignerRecord>(e =>
        {
            e.ToTable("wf_task_signers");
            e.HasKey(x => x.Id).HasName("PK_wf_task_signers");
            e.Property(x => x.Id).HasMaxLength(Id);
            e.Property(x => x.TaskId).HasMaxLength(Id);
            e.Property(x => x.InstanceId).HasMaxLength(Id);
            e.Property(x => x.UserName).HasMaxLength(Name);
            e.Property(x => x.Status).HasMaxLength(32);
            e.Property(x => x.Decision).HasMaxLength(Name);
            e.Property(x => x.AddedBy).HasMaxLength(Name);
            e.HasIndex(x => new { x.TaskId, x.UserName }).IsUnique().HasDatabaseName("IX_wf_task_signers_TaskId_UserName");
            e.HasIndex(x => new { x.UserName, x.Status }).HasDatabaseName("IX_wf_task_signers_UserName_Status");
        });

        b.Entity<CandidateRecord>(e =>
        {
            e.ToTable("wf_task_candidates");
            e.HasKey(x => new { x.TaskId, x.UserName }).HasName("PK_wf_task_candidates");
            e.Property(x => x.TaskId).HasMaxLength(Id);
            e.Property(x => x.UserName).HasMaxLength(Name);
            e.HasIndex(x => x.UserName).HasDatabaseName("IX_wf_task_candidates_UserName");
        });

        b.Entity<CarbonCopyRecord>(e =>
        {
            e.ToTable("wf_task_cc");
            e.HasKey(x => x.Id).HasName("PK_wf_task_cc");
            e.Property(x => x.Id).HasMaxLength(Id);
            e.Property(x => x.TaskId).HasMaxLength(Id);
            e.Property(x => x.InstanceId).HasMaxLength(Id);
            e.Property(x => x.UserName).HasMaxLength(Name);
            e.Property(x => x.CopiedBy).HasMaxLength(Name);
            e.HasIndex(x => new { x.TaskId, x.UserName }).IsUnique().HasDatabaseName("IX_wf_task_cc_TaskId_UserName");
            e.HasIndex(x => new { x.UserName, x.CreatedAt }).HasDatabaseName("IX_wf_task_cc_UserName_CreatedAt");
        });

        b.Entity<AttachmentRecord>(e =>
        {
            e.ToTable("wf_task_attachments");
            e.HasKey(x => x.Id).HasName("PK_wf_task_attachments");
            e.Property(x => x.Id).HasMaxLength(Id);
            e.Property(x => x.TaskId).HasMaxLength(Id);
            e.Property(x => x.InstanceId).HasMaxLength(Id);
            e.Property(x => x.FileName).HasMaxLength(Name);
            e.Property(x => x.ContentType).HasMaxLength(128);
            e.Property(x => x.UploadedBy).HasMaxLength(Name);
            e.HasIndex(x => x.InstanceId).HasDatabaseName("IX_wf_task_attachments_InstanceId");
        });

        b.Entity<AuditRecord>(e =>
        {
            e.ToTable(AuditTable);
            e.HasKey(x => x.Id).HasName("PK_wf_audit");
            e.Property(x => x.Id).ValueGeneratedOnAdd();
            e.Property(x => x.InstanceId).HasMaxLength(Id);
            e.Property(x => x.TaskId).HasMaxLength(Id);
            e.Property(x => x.Action).HasMaxLength(32);
            e.Property(x => x.Actor).HasMaxLength(Name);
            e.Property(x => x.ActorName).HasMaxLength(Name);
            e.Property(x => x.Outcome).HasMaxLength(Name);
            e.Property(x => x.TaskTitle).HasMaxLength(512);
            e.HasIndex(x => new { x.InstanceId, x.Id }).HasDatabaseName("IX_wf_audit_InstanceId_Id");
            // "Done by me" is the set of tasks with an acting record by me.
            e.HasIndex(x => new { x.Actor, x.Action, x.TaskId }).HasDatabaseName("IX_wf_audit_Actor_Action_TaskId");
            e.HasIndex(x => new { x.TaskId, x.Action }).HasDatabaseName("IX_wf_audit_TaskId_Action");
        });
    }
}
