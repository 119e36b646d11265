using Microsoft.EntityFrameworkCore.Migrations;

namespace Workflows.Runtime.Persistence.Migrations;

/// <summary>
/// The runtime's first schema. Written by hand to match <see cref="RuntimeModel"/>; a test compares the migrated
/// database with the one EF creates from the model, so the two cannot drift apart unnoticed.
/// </summary>
public sealed class M20261122_0001_RuntimeInitial : ISchemaMigration
{
    private const int Id = RuntimeModel.IdLength;
    private const int Name = RuntimeModel.NameLength;
    private const int Key = RuntimeModel.KeyLength;

    string ISchemaMigration.Id => "20261122_0001_runtime_initial";

    public void Up(MigrationBuilder b)
    {
        b.CreateTable("wf_definitions", t => new
        {
            Id = t.Column<string>(maxLength: Id, nullable: false),
            DefinitionId = t.Column<string>(maxLength: Id, nullable: false),
            Version = t.Column<int>(nullable: false),
            Name = t.Column<string>(maxLength: Name, nullable: true),
            Description = t.Column<string>(nullable: true),
            IsLatest = t.Column<bool>(nullable: false),
            IsPublished = t.Column<bool>(nullable: false),
            IsSystem = t.Column<bool>(nullable: false),
            Json = t.Column<string>(nullable: false),
            Source = t.Column<string>(maxLength: Name, nullable: true),
            SourceHash = t.Column<string>(maxLength: Id, nullable: true),
            CreatedBy = t.Column<string>(maxLength: Name, nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            UpdatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_wf_definitions", x => x.Id));
        b.CreateIndex("IX_wf_definitions_DefinitionId_Version", "wf_definitions", ["DefinitionId", "Version"], unique: true);
        b.CreateIndex("IX_wf_definitions_IsLatest_Name", "wf_definitions", ["IsLatest", "Name"]);

        b.CreateTable("wf_definition_snapshots", t => new
        {
            Hash = t.Column<string>(maxLength: Id, nullable: false),
            Json = t.Column<string>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_wf_definition_snapshots", x => x.Hash));

        b.CreateTable("wf_instances", t => new
        {
            Id = t.Column<string>(maxLength: Id, nullable: false),
            DefinitionId = t.Column<string>(maxLength: Id, nullable: false),
            DefinitionVersionId = t.Column<string>(maxLength: Id, nullable: false),
            DefinitionVersion = t.Column<int>(nullable: false),
            SnapshotHash = t.Column<string>(maxLength: Id, nullable: false),
            Name = t.Column<string>(maxLength: Name, nullable: true),
            CorrelationId = t.Column<string>(maxLength: Key, nullable: true),
            Status = t.Column<string>(maxLength: 32, nullable: false),
            SubStatus = t.Column<string>(maxLength: 32, nullable: false),
            StateJson = t.Column<string>(nullable: false),
            IncidentCount = t.Column<int>(nullable: false),
            ParentInstanceId = t.Column<string>(maxLength: Id, nullable: true),
            ParentBookmarkId = t.Column<string>(maxLength: Id, nullable: true),
            IdempotencyKey = t.Column<string>(maxLength: Key, nullable: true),
            InitiatedBy = t.Column<string>(maxLength: Name, nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            UpdatedAt = t.Column<DateTime>(nullable: false),
            FinishedAt = t.Column<DateTime>(nullable: true),
            Revision = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_wf_instances", x => x.Id));
        b.CreateIndex("IX_wf_instances_IdempotencyKey", "wf_instances", "IdempotencyKey", unique: true);
        b.CreateIndex("IX_wf_instances_DefinitionId_Status", "wf_instances", ["DefinitionId", "Status"]);
        b.CreateIndex("IX_wf_instances_Status_SubStatus", "wf_instances", ["Status", "SubStatus"]);
        b.CreateIndex("IX_wf_instances_CorrelationId", "wf_instances", "CorrelationId");
        b.CreateIndex("IX_wf_instances_ParentInstanceId", "wf_instances", "ParentInstanceId");
        b.CreateIndex("IX_wf_instances_CreatedAt", "wf_instances", "CreatedAt");

        b.CreateTable("wf_bookmarks", t => new
        {
            Id = t.Column<string>(maxLength: Id, nullable: false),
            InstanceId = t.Column<string>(maxLength: Id, nullable: false),
            Kind = t.Column<string>(maxLength: 64, nullable: false),
            Name = t.Column<string>(maxLength: Key, nullable: true),
            CorrelationId = t.Column<string>(maxLength: Key, nullable: true),
            ActivityId = t.Column<string>(maxLength: Id, nullable: false),
            ActivityNodeId = t.Column<string>(maxLength: 1024, nullable: false),
            ActivityType = t.Column<string>(maxLength: Name, nullable: false),
            DueAt = t.Column<DateTime>(nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_wf_bookmarks", x => x.Id));
        b.CreateIndex("IX_wf_bookmarks_InstanceId", "wf_bookmarks", "InstanceId");
        b.CreateIndex("IX_wf_bookmarks_Kind_DueAt", "wf_bookmarks", ["Kind", "DueAt"]);
        b.CreateIndex("IX_wf_bookmarks_Kind_Name", "wf_bookmarks", ["Kind", "Name"]);

        b.CreateTable("wf_commands", t => new
        {
            Id = t.Column<string>(maxLength: Id, nullable: false),
            InstanceId = t.Column<string>(maxLength: Id, nullable: false),
            Kind = t.Column<string>(maxLength: 32, nullable: false),
            BookmarkId = t.Column<string>(maxLength: Id, nullable: true),
            PayloadJson = t.Column<string>(nullable: true),
            IdempotencyKey = t.Column<string>(maxLength: Key, nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            AvailableAt = t.Column<DateTime>(nullable: false),
            Attempts = t.Column<int>(nullable: false),
            LastError = t.Column<string>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_wf_commands", x => x.Id));
        b.CreateIndex("IX_wf_commands_AvailableAt", "wf_commands", "AvailableAt");
        b.CreateIndex("IX_wf_commands_InstanceId", "wf_commands", "InstanceId");
        b.CreateIndex("IX_wf_commands_IdempotencyKey", "wf_commands", "IdempotencyKey", unique: true);

        b.CreateTable("wf_journal", t => new
        {
            InstanceId = t.Column<string>(maxLength: Id, nullable: false),
            Sequence = t.Column<long>(nullable: false),
            Timestamp = t.Column<DateTime>(nullable: false),
            ActivityExecutionId = t.Column<string>(maxLength: Id, nullable: false),
            ParentActivityExecutionId = t.Column<string>(maxLength: Id, nullable: true),
            ActivityId = t.Column<string>(maxLength: Id, nullable: false),
            ActivityNodeId = t.Column<string>(maxLength: 1024, nullable: false),
            ActivityType = t.Column<string>(maxLength: Name, nullable: false),
            ActivityTypeVersion = t.Column<int>(nullable: false),
            ActivityName = t.Column<string>(maxLength: Name, nullable: true),
            EventName = t.Column<string>(maxLength: 32, nullable: false),
            Message = t.Column<string>(nullable: true),
            PayloadJson = t.Column<string>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_wf_journal", x => new { x.InstanceId, x.Sequence }));

        b.CreateTable("wf_tasks", t => new
        {
            Id = t.Column<string>(maxLength: Id, nullable: false),
            InstanceId = t.Column<string>(maxLength: Id, nullable: false),
            BookmarkId = t.Column<string>(maxLength: Id, nullable: false),
            ActivityId = t.Column<string>(maxLength: Id, nullable: false),
            ActivityNodeId = t.Column<string>(maxLength: 1024, nullable: false),
            DefinitionId = t.Column<string>(maxLength: Id, nullable: true),
            ProcessName = t.Column<string>(maxLength: Name, nullable: true),
            Title = t.Column<string>(maxLength: 512, nullable: false),
            Description = t.Column<string>(nullable: true),
            AssigneesJson = t.Column<string>(nullable: false),
            Assignee = t.Column<string>(maxLength: Name, nullable: true),
            CandidateRole = t.Column<string>(maxLength: 64, nullable: true),
            OutcomesJson = t.Column<string>(nullable: false),
            OutcomeLabelsJson = t.Column<string>(nullable: true),
            CommentRequiredForJson = t.Column<string>(nullable: true),
            FormJson = t.Column<string>(nullable: true),
            CountersignJson = t.Column<string>(nullable: true),
            ContextJson = t.Column<string>(nullable: true),
            RemindBeforeJson = t.Column<string>(nullable: true),
            EscalateTo = t.Column<string>(maxLength: Name, nullable: true),
            Priority = t.Column<int>(nullable: false),
            Status = t.Column<string>(maxLength: 32, nullable: false),
            DueAt = t.Column<DateTime>(nullable: true),
            InitiatedBy = t.Column<string>(maxLength: Name, nullable: true),
            CompletedBy = t.Column<string>(maxLength: Name, nullable: true),
            Outcome = t.Column<string>(maxLength: Name, nullable: true),
            Comment = t.Column<string>(nullable: true),
            FormDataJson = t.Column<string>(nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            CompletedAt = t.Column<DateTime>(nullable: true),
            Revision = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_wf_tasks", x => x.Id));
        b.CreateIndex("IX_wf_tasks_BookmarkId", "wf_tasks", "BookmarkId", unique: true);
        b.CreateIndex("IX_wf_tasks_Status_Assignee", "wf_tasks", ["Status", "Assignee"]);
        b.CreateIndex("IX_wf_tasks_Status_CandidateRole", "wf_tasks", ["Status", "CandidateRole"]);
        b.CreateIndex("IX_wf_tasks_InstanceId", "wf_tasks", "InstanceId");
        b.CreateIndex("IX_wf_tasks_Status_DueAt", "wf_tasks", ["Status", "DueAt"]);
        b.CreateIndex("IX_wf_tasks_CompletedBy_CompletedAt", "wf_tasks", ["CompletedBy", "CompletedAt"]);

        b.CreateTable("wf_outbox", t => new
        {
            Id = t.Column<string>(maxLength: Id, nullable: false),
            MessageId = t.Column<string>(maxLength: Name, nullable: false),
            InstanceId = t.Column<string>(maxLength: Id, nullable: true),
            IdempotencyKey = t.Column<string>(maxLength: Key, nullable: false),
            ToJson = t.Column<string>(nullable: false),
            CcJson = t.Column<string>(nullable: true),
            BccJson = t.Column<string>(nullable: true),
            FromAddress = t.Column<string>(maxLength: Name, nullable: true),
            Subject = t.Column<string>(maxLength: 1024, nullable: true),
            Body = t.Column<string>(nullable: true),
            Template = t.Column<string>(maxLength: 64, nullable: true),
            ModelJson = t.Column<string>(nullable: true),
            Status = t.Column<string>(maxLength: 32, nullable: false),
            Attempts = t.Column<int>(nullable: false),
            NextAttemptAt = t.Column<DateTime>(nullable: false),
            LastError = t.Column<string>(nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            SentAt = t.Column<DateTime>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_wf_outbox", x => x.Id));
        b.CreateIndex("IX_wf_outbox_IdempotencyKey", "wf_outbox", "IdempotencyKey", unique: true);
        b.CreateIndex("IX_wf_outbox_Status_NextAttemptAt", "wf_outbox", ["Status", "NextAttemptAt"]);
        b.CreateIndex("IX_wf_outbox_InstanceId", "wf_outbox", "InstanceId");

        b.CreateTable("wf_users", t => new
        {
            Id = t.Column<string>(maxLength: Id, nullable: false),
            UserName = t.Column<string>(maxLength: Name, nullable: false),
            DisplayName = t.Column<string>(maxLength: Name, nullable: false),
            Email = t.Column<string>(maxLength: Name, nullable: true),
            PasswordHash = t.Column<string>(maxLength: 512, nullable: false),
            Culture = t.Column<string>(maxLength: 16, nullable: false),
            IsActive = t.Column<bool>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_wf_users", x => x.Id));
        b.CreateIndex("IX_wf_users_UserName", "wf_users", "UserName", unique: true);

        b.CreateTable("wf_user_roles", t => new
        {
            UserId = t.Column<string>(maxLength: Id, nullable: false),
            RoleKey = t.Column<string>(maxLength: 64, nullable: false),
        }, constraints: t => t.PrimaryKey("PK_wf_user_roles", x => new { x.UserId, x.RoleKey }));
        b.CreateIndex("IX_wf_user_roles_RoleKey", "wf_user_roles", "RoleKey");

        b.CreateTable("wf_roles", t => new
        {
            Key = t.Column<string>(maxLength: 64, nullable: false),
            NameZh = t.Column<string>(maxLength: Name, nullable: false),
            NameEn = t.Column<string>(maxLength: Name, nullable: false),
            Description = t.Column<string>(maxLength: 1024, nullable: true),
        }, constraints: t => t.PrimaryKey("PK_wf_roles", x => x.Key));
    }
}
