using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using Workflows.Runtime.Inbox;

namespace Workflows.Runtime.Persistence.Migrations;

/// <summary>
/// The inbox (issue 4): countersign items, multi-assignee candidates, CC with read status, attachments, the
/// append-only audit trail, and the inbox's columns and indexes on wf_tasks. Matches <see cref="InboxModel"/>;
/// SchemaTests compares the two.
/// </summary>
public sealed class M20261122_0020_Inbox : ISchemaMigration
{
    private const int Id = RuntimeModel.IdLength;
    private const int Name = RuntimeModel.NameLength;
    private const int Key = RuntimeModel.KeyLength;

    string ISchemaMigration.Id => "20261122_0020_inbox";

    public void Up(MigrationBuilder b)
    {
        b.AddColumn<string>("StepName", "wf_tasks", maxLength: 512, nullable: true);
        b.AddColumn<string>("BranchId", "wf_tasks", maxLength: Key, nullable: true);
        b.AddColumn<string>("Owner", "wf_tasks", maxLength: Name, nullable: true);
        b.AddColumn<string>("DelegationState", "wf_tasks", maxLength: 32, nullable: true);
        b.AddColumn<string>("DelegationJson", "wf_tasks", nullable: true);
        b.AddColumn<DateTime>("WarnAt", "wf_tasks", nullable: true);
        b.AddColumn<DateTime>("NextReminderAt", "wf_tasks", nullable: true);
        b.AddColumn<DateTime>("EscalatedAt", "wf_tasks", nullable: true);
        b.AddColumn<DateTime>("LastUrgedAt", "wf_tasks", nullable: true);
        b.CreateIndex("IX_wf_tasks_InitiatedBy_CreatedAt", "wf_tasks", ["InitiatedBy", "CreatedAt"]);
        b.CreateIndex("IX_wf_tasks_Status_NextReminderAt", "wf_tasks", ["Status", "NextReminderAt"]);
        b.CreateIndex("IX_wf_tasks_Status_EscalatedAt_DueAt", "wf_tasks", ["Status", "EscalatedAt", "DueAt"]);

        b.CreateTable("wf_task_signers", t => new
        {
            Id = t.Column<string>(maxLength: Id, nullable: false),
            TaskId = t.Column<string>(maxLength: Id, nullable: false),
            InstanceId = t.Column<string>(maxLength: Id, nullable: false),
            UserName = t.Column<string>(maxLength: Name, nullable: false),
            Sequence = t.Column<int>(nullable: false),
            Status = t.Column<string>(maxLength: 32, nullable: false),
            Decision = t.Column<string>(maxLength: Name, nullable: true),
            Comment = t.Column<string>(nullable: true),
            FormDataJson = t.Column<string>(nullable: true),
            AddedBy = t.Column<string>(maxLength: Name, nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            DecidedAt = t.Column<DateTime>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_wf_task_signers", x => x.Id));
        b.CreateIndex("IX_wf_task_signers_TaskId_UserName", "wf_task_signers", ["TaskId", "UserName"], unique: true);
        b.CreateIndex("IX_wf_task_signers_UserName_Status", "wf_task_signers", ["UserName", "Status"]);

        b.CreateTable("wf_task_candidates", t => new
        {
            TaskId = t.Column<string>(maxLength: Id, nullable: false),
            UserName = t.Column<string>(maxLength: Name, nullable: false),
        }, constraints: t => t.PrimaryKey("PK_wf_task_candidates", x => new { x.TaskId, x.UserName }));
        b.CreateIndex("IX_wf_task_candidates_UserName", "wf_task_candidates", "UserName");

        b.CreateTable("wf_task_cc", t => new
        {
            Id = t.Column<string>(maxLength: Id, nullable: false),
            TaskId = t.Column<string>(maxLength: Id, nullable: false),
            InstanceId = t.Column<string>(maxLength: Id, nullable: false),
            UserName = t.Column<string>(maxLength: Name, nullable: false),
            CopiedBy = t.Column<string>(maxLength: Name, nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            ReadAt = t.Column<DateTime>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_wf_task_cc", x => x.Id));
        b.CreateIndex("IX_wf_task_cc_TaskId_UserName", "wf_task_cc", ["TaskId", "UserName"], unique: true);
        b.CreateIndex("IX_wf_task_cc_UserName_CreatedAt", "wf_task_cc", ["UserName", "CreatedAt"]);

        b.CreateTable("wf_task_attachments", t => new
        {
            Id = t.Column<string>(maxLength: Id, nullable: false),
            TaskId = t.Column<string>(maxLength: Id, nullable: false),
            InstanceId = t.Column<string>(maxLength: Id, nullable: false),
            FileName = t.Column<string>(maxLength: Name, nullable: false),
            ContentType = t.Column<string>(maxLength: 128, nullable: false),
            Size = t.Column<long>(nullable: false),
            Content = t.Column<byte[]>(nullable: false),
            UploadedBy = t.Column<string>(maxLength: Name, nullable: false),
            UploadedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_wf_task_attachments", x => x.Id));
        b.CreateIndex("IX_wf_task_attachments_InstanceId", "wf_task_attachments", "InstanceId");

        b.CreateTable(InboxModel.AuditTable, t => new
        {
            Id = t.Column<long>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            InstanceId = t.Column<string>(maxLength: Id, nullable: false),
            TaskId = t.Column<string>(maxLength: Id, nullable: true),
            Action = t.Column<string>(maxLength: 32, nullable: false),
            Actor = t.Column<string>(maxLength: Name, nullable: false),
            ActorName = t.Column<string>(maxLength: Name, nullable: true),
            At = t.Column<DateTime>(nullable: false),
            Outcome = t.Column<string>(maxLength: Name, nullable: true),
            Comment = t.Column<string>(nullable: true),
            TaskTitle = t.Column<string>(maxLength: 512, nullable: true),
            DetailsJson = t.Column<string>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_wf_audit", x => x.Id));
        b.CreateIndex("IX_wf_audit_InstanceId_Id", InboxModel.AuditTable, ["InstanceId", "Id"]);
        b.CreateIndex("IX_wf_audit_Actor_Action_TaskId", InboxModel.AuditTable, ["Actor", "Action", "TaskId"]);
        b.CreateIndex("IX_wf_audit_TaskId_Action", InboxModel.AuditTable, ["TaskId", "Action"]);

        AuditAppendOnly.CreateTriggers(b);
    }
}
