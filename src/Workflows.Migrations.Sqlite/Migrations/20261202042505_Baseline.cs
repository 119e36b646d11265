using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workflows.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Baseline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "assoc_districts",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", unicode: false, maxLength: 12, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: false),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assoc_districts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "assoc_roles",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    DescriptionEn = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assoc_roles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "wf_audit",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    InstanceId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TaskId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Action = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ActorName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Comment = table.Column<string>(type: "TEXT", nullable: true),
                    TaskTitle = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    DetailsJson = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wf_audit", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "wf_bookmarks",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    InstanceId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CorrelationId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ActivityId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ActivityNodeId = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    ActivityType = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    DueAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wf_bookmarks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "wf_commands",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    InstanceId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    BookmarkId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    PayloadJson = table.Column<string>(type: "TEXT", nullable: true),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AvailableAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wf_commands", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "wf_definition_snapshots",
                columns: table => new
                {
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Json = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wf_definition_snapshots", x => x.Hash);
                });

            migrationBuilder.CreateTable(
                name: "wf_definitions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DefinitionId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Description = table.Column<string>(type: "TEXT", nullable: true),
                    IsLatest = table.Column<bool>(type: "INTEGER", nullable: false),
                    IsPublished = table.Column<bool>(type: "INTEGER", nullable: false),
                    IsSystem = table.Column<bool>(type: "INTEGER", nullable: false),
                    Json = table.Column<string>(type: "TEXT", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    SourceHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wf_definitions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "wf_instances",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DefinitionId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DefinitionVersionId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DefinitionVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    SnapshotHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    CorrelationId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    SubStatus = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    StateJson = table.Column<string>(type: "TEXT", nullable: false),
                    IncidentCount = table.Column<int>(type: "INTEGER", nullable: false),
                    ParentInstanceId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ParentBookmarkId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    InitiatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Revision = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wf_instances", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "wf_journal",
                columns: table => new
                {
                    InstanceId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    Timestamp = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ActivityExecutionId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ParentActivityExecutionId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ActivityId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ActivityNodeId = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    ActivityType = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ActivityTypeVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    ActivityName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    EventName = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Message = table.Column<string>(type: "TEXT", nullable: true),
                    PayloadJson = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wf_journal", x => new { x.InstanceId, x.Sequence });
                });

            migrationBuilder.CreateTable(
                name: "wf_outbox",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    MessageId = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    InstanceId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ToJson = table.Column<string>(type: "TEXT", nullable: false),
                    CcJson = table.Column<string>(type: "TEXT", nullable: true),
                    BccJson = table.Column<string>(type: "TEXT", nullable: true),
                    FromAddress = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    Body = table.Column<string>(type: "TEXT", nullable: true),
                    Template = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ModelJson = table.Column<string>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SentAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wf_outbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "wf_outbox_deliveries",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    OutboxId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Recipient = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Culture = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    MessageId = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Attempt = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Error = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wf_outbox_deliveries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "wf_roles",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    NameZh = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wf_roles", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "wf_schedule_runs",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ScheduleKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    FireInstanceId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ScheduledFireAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FiredAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Period = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Total = table.Column<int>(type: "INTEGER", nullable: false),
                    Started = table.Column<int>(type: "INTEGER", nullable: false),
                    Existing = table.Column<int>(type: "INTEGER", nullable: false),
                    Failed = table.Column<int>(type: "INTEGER", nullable: false),
                    Message = table.Column<string>(type: "TEXT", nullable: true),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    IsRecovery = table.Column<bool>(type: "INTEGER", nullable: false),
                    Node = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wf_schedule_runs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "wf_schedule_settings",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CronExpression = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    IsPaused = table.Column<bool>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wf_schedule_settings", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "wf_security_audit",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wf_security_audit", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "wf_task_attachments",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TaskId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    InstanceId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false),
                    UploadedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    UploadedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wf_task_attachments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "wf_task_candidates",
                columns: table => new
                {
                    TaskId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wf_task_candidates", x => new { x.TaskId, x.UserName });
                });

            migrationBuilder.CreateTable(
                name: "wf_task_cc",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TaskId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    InstanceId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CopiedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ReadAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wf_task_cc", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "wf_task_signers",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TaskId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    InstanceId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Decision = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Comment = table.Column<string>(type: "TEXT", nullable: true),
                    FormDataJson = table.Column<string>(type: "TEXT", nullable: true),
                    AddedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wf_task_signers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "wf_tasks",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    StepName = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    BranchId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    DelegationState = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    DelegationJson = table.Column<string>(type: "TEXT", nullable: true),
                    WarnAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    NextReminderAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    EscalatedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastUrgedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    InstanceId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    BookmarkId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ActivityId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ActivityNodeId = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    DefinitionId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ProcessName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    Description = table.Column<string>(type: "TEXT", nullable: true),
                    AssigneesJson = table.Column<string>(type: "TEXT", nullable: false),
                    Assignee = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    CandidateRole = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    OutcomesJson = table.Column<string>(type: "TEXT", nullable: false),
                    OutcomeLabelsJson = table.Column<string>(type: "TEXT", nullable: true),
                    CommentRequiredForJson = table.Column<string>(type: "TEXT", nullable: true),
                    FormJson = table.Column<string>(type: "TEXT", nullable: true),
                    CountersignJson = table.Column<string>(type: "TEXT", nullable: true),
                    ContextJson = table.Column<string>(type: "TEXT", nullable: true),
                    RemindBeforeJson = table.Column<string>(type: "TEXT", nullable: true),
                    EscalateTo = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Priority = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    DueAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    InitiatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    CompletedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Comment = table.Column<string>(type: "TEXT", nullable: true),
                    FormDataJson = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CompletedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Revision = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wf_tasks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "wf_user_roles",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RoleKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wf_user_roles", x => new { x.UserId, x.RoleKey });
                });

            migrationBuilder.CreateTable(
                name: "wf_users",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    PasswordHash = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    Culture = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SecurityStamp = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wf_users", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "assoc_member_units",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: false),
                    DistrictId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 12, nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    IsMember = table.Column<bool>(type: "INTEGER", nullable: false),
                    JoinedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    HospitalGrade = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: true),
                    GradeLabel = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    IsSpecialtyHospital = table.Column<bool>(type: "INTEGER", nullable: false),
                    Beds = table.Column<int>(type: "INTEGER", nullable: true),
                    ClinicCategory = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: true),
                    IsChain = table.Column<bool>(type: "INTEGER", nullable: false),
                    FloorAreaSqm = table.Column<decimal>(type: "TEXT", precision: 10, scale: 2, nullable: true),
                    LeaseYears = table.Column<decimal>(type: "TEXT", precision: 5, scale: 1, nullable: true),
                    BadCreditRecord = table.Column<bool>(type: "INTEGER", nullable: false),
                    InsuranceAgreementEndedForFraudOn = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assoc_member_units", x => x.Id);
                    table.ForeignKey(
                        name: "FK_assoc_member_units_assoc_districts_DistrictId",
                        column: x => x.DistrictId,
                        principalTable: "assoc_districts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "assoc_bad_practice_records",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    MemberUnitId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    OccurredOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Points = table.Column<int>(type: "INTEGER", nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assoc_bad_practice_records", x => x.Id);
                    table.ForeignKey(
                        name: "FK_assoc_bad_practice_records_assoc_member_units_MemberUnitId",
                        column: x => x.MemberUnitId,
                        principalTable: "assoc_member_units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "assoc_branches",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    Code = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Kind = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: false),
                    ClinicCategory = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: true),
                    Discipline = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    IsSecondLevelDiscipline = table.Column<bool>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: false),
                    ChairUnitId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: true),
                    FoundedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    SponsorFeeReductionPoints = table.Column<decimal>(type: "TEXT", precision: 5, scale: 2, nullable: false),
                    PublishedOnWebsite = table.Column<bool>(type: "INTEGER", nullable: false),
                    MergedIntoBranchId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assoc_branches", x => x.Id);
                    table.ForeignKey(
                        name: "FK_assoc_branches_assoc_branches_MergedIntoBranchId",
                        column: x => x.MergedIntoBranchId,
                        principalTable: "assoc_branches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_assoc_branches_assoc_member_units_ChairUnitId",
                        column: x => x.ChairUnitId,
                        principalTable: "assoc_member_units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "assoc_center_leader_terms",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    MemberUnitId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    TermStart = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    TermEnd = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    SelectedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    WorkflowInstanceId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assoc_center_leader_terms", x => x.Id);
                    table.ForeignKey(
                        name: "FK_assoc_center_leader_terms_assoc_member_units_MemberUnitId",
                        column: x => x.MemberUnitId,
                        principalTable: "assoc_member_units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "assoc_integrity_pledges",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    MemberUnitId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    SignedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    SignatoryName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PublishedOnWebsite = table.Column<bool>(type: "INTEGER", nullable: false),
                    RevokedOn = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assoc_integrity_pledges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_assoc_integrity_pledges_assoc_member_units_MemberUnitId",
                        column: x => x.MemberUnitId,
                        principalTable: "assoc_member_units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "assoc_people",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    MemberUnitId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: true),
                    Affiliation = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Title = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: false),
                    TitleName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    TitleYear = table.Column<int>(type: "INTEGER", nullable: true),
                    PracticeStartYear = table.Column<int>(type: "INTEGER", nullable: true),
                    LicensedPhysician = table.Column<bool>(type: "INTEGER", nullable: false),
                    Specialty = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    PartyMember = table.Column<bool>(type: "INTEGER", nullable: false),
                    Professor = table.Column<bool>(type: "INTEGER", nullable: false),
                    Supervisor = table.Column<bool>(type: "INTEGER", nullable: false),
                    RichManagementExperience = table.Column<bool>(type: "INTEGER", nullable: false),
                    DivisionLevelHealthAdminExperience = table.Column<bool>(type: "INTEGER", nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assoc_people", x => x.Id);
                    table.ForeignKey(
                        name: "FK_assoc_people_assoc_member_units_MemberUnitId",
                        column: x => x.MemberUnitId,
                        principalTable: "assoc_member_units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "assoc_quality_review_applications",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    InstitutionId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: false),
                    Status = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: false),
                    SubmittedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    OnSiteAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Result = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Stars = table.Column<int>(type: "INTEGER", nullable: true),
                    Passed = table.Column<bool>(type: "INTEGER", nullable: true),
                    RectificationDeadline = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ArchivedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    PublishedOnWebsite = table.Column<bool>(type: "INTEGER", nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    ApplicantUserName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    WorkflowInstanceId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assoc_quality_review_applications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_assoc_quality_review_applications_assoc_member_units_InstitutionId",
                        column: x => x.InstitutionId,
                        principalTable: "assoc_member_units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "assoc_unit_departments",
                columns: table => new
                {
                    MemberUnitId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assoc_unit_departments", x => new { x.MemberUnitId, x.Name });
                    table.ForeignKey(
                        name: "FK_assoc_unit_departments_assoc_member_units_MemberUnitId",
                        column: x => x.MemberUnitId,
                        principalTable: "assoc_member_units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "assoc_unit_inspections",
                columns: table => new
                {
                    MemberUnitId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Passed = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assoc_unit_inspections", x => new { x.MemberUnitId, x.Year });
                    table.ForeignKey(
                        name: "FK_assoc_unit_inspections_assoc_member_units_MemberUnitId",
                        column: x => x.MemberUnitId,
                        principalTable: "assoc_member_units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "assoc_unit_key_specialties",
                columns: table => new
                {
                    MemberUnitId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Level = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assoc_unit_key_specialties", x => new { x.MemberUnitId, x.Name });
                    table.ForeignKey(
                        name: "FK_assoc_unit_key_specialties_assoc_member_units_MemberUnitId",
                        column: x => x.MemberUnitId,
                        principalTable: "assoc_member_units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "assoc_unit_revenues",
                columns: table => new
                {
                    MemberUnitId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    AmountCny = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assoc_unit_revenues", x => new { x.MemberUnitId, x.Year });
                    table.ForeignKey(
                        name: "FK_assoc_unit_revenues_assoc_member_units_MemberUnitId",
                        column: x => x.MemberUnitId,
                        principalTable: "assoc_member_units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "assoc_activity_applications",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    BranchId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    Type = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    StartsAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EndsAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Venue = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Budget = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: true),
                    InvolvesFunds = table.Column<bool>(type: "INTEGER", nullable: false),
                    Sponsors = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Partners = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Agenda = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    Status = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: false),
                    SubmittedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DecidedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DecisionComment = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ApplicantUserName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    SummaryFiledAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SettlementFiledAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    WorkflowInstanceId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assoc_activity_applications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_assoc_activity_applications_assoc_branches_BranchId",
                        column: x => x.BranchId,
                        principalTable: "assoc_branches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "assoc_assessments",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    BranchId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: false),
                    SelfScoreTarget = table.Column<decimal>(type: "TEXT", precision: 5, scale: 2, nullable: true),
                    SelfScoreIdeology = table.Column<decimal>(type: "TEXT", precision: 5, scale: 2, nullable: true),
                    SelfScoreIntegrity = table.Column<decimal>(type: "TEXT", precision: 5, scale: 2, nullable: true),
                    SelfEvidence = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    ReviewScoreTarget = table.Column<decimal>(type: "TEXT", precision: 5, scale: 2, nullable: true),
                    ReviewScoreIdeology = table.Column<decimal>(type: "TEXT", precision: 5, scale: 2, nullable: true),
                    ReviewScoreIntegrity = table.Column<decimal>(type: "TEXT", precision: 5, scale: 2, nullable: true),
                    ReviewComment = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    Grade = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: true),
                    RectificationDeadline = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    RecheckPassed = table.Column<bool>(type: "INTEGER", nullable: true),
                    AdjustmentDecision = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: true),
                    ConfirmedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    WorkflowInstanceId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assoc_assessments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_assoc_assessments_assoc_branches_BranchId",
                        column: x => x.BranchId,
                        principalTable: "assoc_branches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "assoc_branch_records",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    BranchId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: true),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    DetailJson = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    RecordedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    WorkflowInstanceId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: true),
                    IdempotencyKey = table.Column<string>(type: "TEXT", unicode: false, maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assoc_branch_records", x => x.Id);
                    table.ForeignKey(
                        name: "FK_assoc_branch_records_assoc_branches_BranchId",
                        column: x => x.BranchId,
                        principalTable: "assoc_branches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "assoc_branch_office_holders",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    BranchId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    PersonId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    Position = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: false),
                    MemberUnitId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: true),
                    DistrictId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 12, nullable: true),
                    TermStart = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    TermEnd = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assoc_branch_office_holders", x => x.Id);
                    table.ForeignKey(
                        name: "FK_assoc_branch_office_holders_assoc_branches_BranchId",
                        column: x => x.BranchId,
                        principalTable: "assoc_branches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_assoc_branch_office_holders_assoc_districts_DistrictId",
                        column: x => x.DistrictId,
                        principalTable: "assoc_districts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_assoc_branch_office_holders_assoc_member_units_MemberUnitId",
                        column: x => x.MemberUnitId,
                        principalTable: "assoc_member_units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_assoc_branch_office_holders_assoc_people_PersonId",
                        column: x => x.PersonId,
                        principalTable: "assoc_people",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "assoc_experts",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    PersonId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    Specialty = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Title = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: false),
                    TitleYear = table.Column<int>(type: "INTEGER", nullable: true),
                    IsConsultant = table.Column<bool>(type: "INTEGER", nullable: false),
                    IsExternal = table.Column<bool>(type: "INTEGER", nullable: false),
                    NominationSource = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: false),
                    NominatedByUnitId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: true),
                    NominatedByBranchId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: true),
                    Status = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: false),
                    AdmittedOn = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assoc_experts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_assoc_experts_assoc_branches_NominatedByBranchId",
                        column: x => x.NominatedByBranchId,
                        principalTable: "assoc_branches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_assoc_experts_assoc_member_units_NominatedByUnitId",
                        column: x => x.NominatedByUnitId,
                        principalTable: "assoc_member_units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_assoc_experts_assoc_people_PersonId",
                        column: x => x.PersonId,
                        principalTable: "assoc_people",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "assoc_founding_applications",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: false),
                    ProposedName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ClinicCategory = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: true),
                    Discipline = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    SecondLevelDiscipline = table.Column<bool>(type: "INTEGER", nullable: false),
                    UnitsWithDepartment = table.Column<int>(type: "INTEGER", nullable: true),
                    ProposedChairUnitId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: true),
                    ProposedChairPersonId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: true),
                    FundingCommitment = table.Column<bool>(type: "INTEGER", nullable: false),
                    CommitteeSize = table.Column<int>(type: "INTEGER", nullable: true),
                    DistrictsCovered = table.Column<int>(type: "INTEGER", nullable: true),
                    StandingMembersPerDistrict = table.Column<int>(type: "INTEGER", nullable: true),
                    Evidence = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    Status = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: false),
                    SubmittedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DecidedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DecisionReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    WarningsAcknowledgement = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    CouncilMembersPresent = table.Column<int>(type: "INTEGER", nullable: true),
                    ApplicantUserName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ResultingBranchId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: true),
                    WorkflowInstanceId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assoc_founding_applications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_assoc_founding_applications_assoc_branches_ResultingBranchId",
                        column: x => x.ResultingBranchId,
                        principalTable: "assoc_branches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_assoc_founding_applications_assoc_member_units_ProposedChairUnitId",
                        column: x => x.ProposedChairUnitId,
                        principalTable: "assoc_member_units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_assoc_founding_applications_assoc_people_ProposedChairPersonId",
                        column: x => x.ProposedChairPersonId,
                        principalTable: "assoc_people",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "assoc_party_branches",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    BranchId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    SecretaryPersonId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: true),
                    SecretaryIsBranchChair = table.Column<bool>(type: "INTEGER", nullable: false),
                    SecretaryReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    EstablishedOn = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assoc_party_branches", x => x.Id);
                    table.ForeignKey(
                        name: "FK_assoc_party_branches_assoc_branches_BranchId",
                        column: x => x.BranchId,
                        principalTable: "assoc_branches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_assoc_party_branches_assoc_people_SecretaryPersonId",
                        column: x => x.SecretaryPersonId,
                        principalTable: "assoc_people",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "assoc_review_panels",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    QualityReviewApplicationId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    FormedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assoc_review_panels", x => x.Id);
                    table.ForeignKey(
                        name: "FK_assoc_review_panels_assoc_quality_review_applications_QualityReviewApplicationId",
                        column: x => x.QualityReviewApplicationId,
                        principalTable: "assoc_quality_review_applications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "assoc_chair_candidates",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    FoundingApplicationId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    PersonId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Score = table.Column<decimal>(type: "TEXT", precision: 7, scale: 2, nullable: false),
                    ScoreDetail = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Rank = table.Column<int>(type: "INTEGER", nullable: false),
                    IsWinner = table.Column<bool>(type: "INTEGER", nullable: false),
                    ScoredAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assoc_chair_candidates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_assoc_chair_candidates_assoc_founding_applications_FoundingApplicationId",
                        column: x => x.FoundingApplicationId,
                        principalTable: "assoc_founding_applications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_assoc_chair_candidates_assoc_people_PersonId",
                        column: x => x.PersonId,
                        principalTable: "assoc_people",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "assoc_founding_office_holders",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    FoundingApplicationId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    PersonId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    Position = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: false),
                    MemberUnitId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: true),
                    DistrictId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 12, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assoc_founding_office_holders", x => x.Id);
                    table.ForeignKey(
                        name: "FK_assoc_founding_office_holders_assoc_districts_DistrictId",
                        column: x => x.DistrictId,
                        principalTable: "assoc_districts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_assoc_founding_office_holders_assoc_founding_applications_FoundingApplicationId",
                        column: x => x.FoundingApplicationId,
                        principalTable: "assoc_founding_applications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_assoc_founding_office_holders_assoc_member_units_MemberUnitId",
                        column: x => x.MemberUnitId,
                        principalTable: "assoc_member_units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_assoc_founding_office_holders_assoc_people_PersonId",
                        column: x => x.PersonId,
                        principalTable: "assoc_people",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "assoc_founding_votes",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    FoundingApplicationId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    VoterUserName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Choice = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: false),
                    CastAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assoc_founding_votes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_assoc_founding_votes_assoc_founding_applications_FoundingApplicationId",
                        column: x => x.FoundingApplicationId,
                        principalTable: "assoc_founding_applications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "assoc_party_branch_members",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    PartyBranchId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    PersonId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    Role = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: false),
                    AssessmentPassed = table.Column<bool>(type: "INTEGER", nullable: true),
                    AssessmentComment = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    AppointedOn = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assoc_party_branch_members", x => x.Id);
                    table.ForeignKey(
                        name: "FK_assoc_party_branch_members_assoc_party_branches_PartyBranchId",
                        column: x => x.PartyBranchId,
                        principalTable: "assoc_party_branches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_assoc_party_branch_members_assoc_people_PersonId",
                        column: x => x.PersonId,
                        principalTable: "assoc_people",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "assoc_expert_scores",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    ReviewPanelId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    ExpertId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    Criterion = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Score = table.Column<decimal>(type: "TEXT", precision: 7, scale: 2, nullable: false),
                    MaxScore = table.Column<decimal>(type: "TEXT", precision: 7, scale: 2, nullable: false),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ScoredAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assoc_expert_scores", x => x.Id);
                    table.ForeignKey(
                        name: "FK_assoc_expert_scores_assoc_experts_ExpertId",
                        column: x => x.ExpertId,
                        principalTable: "assoc_experts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_assoc_expert_scores_assoc_review_panels_ReviewPanelId",
                        column: x => x.ReviewPanelId,
                        principalTable: "assoc_review_panels",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "assoc_panel_draws",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    QualityReviewApplicationId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    ReviewPanelId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: true),
                    Round = table.Column<int>(type: "INTEGER", nullable: false),
                    Seed = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    PanelSize = table.Column<int>(type: "INTEGER", nullable: false),
                    PoolJson = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    ExcludedJson = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    DrawnJson = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    DrawnAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    WorkflowInstanceId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assoc_panel_draws", x => x.Id);
                    table.ForeignKey(
                        name: "FK_assoc_panel_draws_assoc_quality_review_applications_QualityReviewApplicationId",
                        column: x => x.QualityReviewApplicationId,
                        principalTable: "assoc_quality_review_applications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_assoc_panel_draws_assoc_review_panels_ReviewPanelId",
                        column: x => x.ReviewPanelId,
                        principalTable: "assoc_review_panels",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "assoc_panel_members",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    ReviewPanelId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    ExpertId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    IsLeader = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assoc_panel_members", x => x.Id);
                    table.ForeignKey(
                        name: "FK_assoc_panel_members_assoc_experts_ExpertId",
                        column: x => x.ExpertId,
                        principalTable: "assoc_experts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_assoc_panel_members_assoc_review_panels_ReviewPanelId",
                        column: x => x.ReviewPanelId,
                        principalTable: "assoc_review_panels",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_assoc_activity_applications_BranchId_Status",
                table: "assoc_activity_applications",
                columns: new[] { "BranchId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_assoc_activity_applications_Status_StartsAtUtc",
                table: "assoc_activity_applications",
                columns: new[] { "Status", "StartsAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_assoc_assessments_BranchId_Year",
                table: "assoc_assessments",
                columns: new[] { "BranchId", "Year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_assoc_assessments_Year_Status",
                table: "assoc_assessments",
                columns: new[] { "Year", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_assoc_bad_practice_records_MemberUnitId_OccurredOn",
                table: "assoc_bad_practice_records",
                columns: new[] { "MemberUnitId", "OccurredOn" });

            migrationBuilder.CreateIndex(
                name: "IX_assoc_branch_office_holders_BranchId_Position",
                table: "assoc_branch_office_holders",
                columns: new[] { "BranchId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_assoc_branch_office_holders_DistrictId",
                table: "assoc_branch_office_holders",
                column: "DistrictId");

            migrationBuilder.CreateIndex(
                name: "IX_assoc_branch_office_holders_MemberUnitId",
                table: "assoc_branch_office_holders",
                column: "MemberUnitId");

            migrationBuilder.CreateIndex(
                name: "IX_assoc_branch_office_holders_PersonId",
                table: "assoc_branch_office_holders",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_assoc_branch_records_BranchId_RecordedAtUtc",
                table: "assoc_branch_records",
                columns: new[] { "BranchId", "RecordedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_assoc_branch_records_IdempotencyKey",
                table: "assoc_branch_records",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_assoc_branches_ChairUnitId",
                table: "assoc_branches",
                column: "ChairUnitId");

            migrationBuilder.CreateIndex(
                name: "IX_assoc_branches_ClinicCategory",
                table: "assoc_branches",
                column: "ClinicCategory");

            migrationBuilder.CreateIndex(
                name: "IX_assoc_branches_Code",
                table: "assoc_branches",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_assoc_branches_MergedIntoBranchId",
                table: "assoc_branches",
                column: "MergedIntoBranchId");

            migrationBuilder.CreateIndex(
                name: "IX_assoc_branches_Name",
                table: "assoc_branches",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_assoc_branches_Status_Kind",
                table: "assoc_branches",
                columns: new[] { "Status", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_assoc_center_leader_terms_MemberUnitId",
                table: "assoc_center_leader_terms",
                column: "MemberUnitId");

            migrationBuilder.CreateIndex(
                name: "IX_assoc_center_leader_terms_TermStart",
                table: "assoc_center_leader_terms",
                column: "TermStart",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_assoc_chair_candidates_FoundingApplicationId_Rank",
                table: "assoc_chair_candidates",
                columns: new[] { "FoundingApplicationId", "Rank" });

            migrationBuilder.CreateIndex(
                name: "IX_assoc_chair_candidates_PersonId",
                table: "assoc_chair_candidates",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_assoc_districts_Name",
                table: "assoc_districts",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_assoc_expert_scores_ExpertId",
                table: "assoc_expert_scores",
                column: "ExpertId");

            migrationBuilder.CreateIndex(
                name: "IX_assoc_expert_scores_ReviewPanelId_ExpertId_Criterion",
                table: "assoc_expert_scores",
                columns: new[] { "ReviewPanelId", "ExpertId", "Criterion" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_assoc_experts_NominatedByBranchId",
                table: "assoc_experts",
                column: "NominatedByBranchId");

            migrationBuilder.CreateIndex(
                name: "IX_assoc_experts_NominatedByUnitId",
                table: "assoc_experts",
                column: "NominatedByUnitId");

            migrationBuilder.CreateIndex(
                name: "IX_assoc_experts_PersonId",
                table: "assoc_experts",
                column: "PersonId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_assoc_experts_Status_Specialty",
                table: "assoc_experts",
                columns: new[] { "Status", "Specialty" });

            migrationBuilder.CreateIndex(
                name: "IX_assoc_founding_applications_ProposedChairPersonId",
                table: "assoc_founding_applications",
                column: "ProposedChairPersonId");

            migrationBuilder.CreateIndex(
                name: "IX_assoc_founding_applications_ProposedChairUnitId",
                table: "assoc_founding_applications",
                column: "ProposedChairUnitId");

            migrationBuilder.CreateIndex(
                name: "IX_assoc_founding_applications_ResultingBranchId",
                table: "assoc_founding_applications",
                column: "ResultingBranchId");

            migrationBuilder.CreateIndex(
                name: "IX_assoc_founding_applications_Status_Kind",
                table: "assoc_founding_applications",
                columns: new[] { "Status", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_assoc_founding_office_holders_DistrictId",
                table: "assoc_founding_office_holders",
                column: "DistrictId");

            migrationBuilder.CreateIndex(
                name: "IX_assoc_founding_office_holders_FoundingApplicationId_PersonId",
                table: "assoc_founding_office_holders",
                columns: new[] { "FoundingApplicationId", "PersonId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_assoc_founding_office_holders_MemberUnitId",
                table: "assoc_founding_office_holders",
                column: "MemberUnitId");

            migrationBuilder.CreateIndex(
                name: "IX_assoc_founding_office_holders_PersonId",
                table: "assoc_founding_office_holders",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_assoc_founding_votes_FoundingApplicationId_VoterUserName",
                table: "assoc_founding_votes",
                columns: new[] { "FoundingApplicationId", "VoterUserName" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_assoc_integrity_pledges_MemberUnitId",
                table: "assoc_integrity_pledges",
                column: "MemberUnitId");

            migrationBuilder.CreateIndex(
                name: "IX_assoc_integrity_pledges_PublishedOnWebsite_RevokedOn",
                table: "assoc_integrity_pledges",
                columns: new[] { "PublishedOnWebsite", "RevokedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_assoc_member_units_DistrictId",
                table: "assoc_member_units",
                column: "DistrictId");

            migrationBuilder.CreateIndex(
                name: "IX_assoc_member_units_Kind_ClinicCategory",
                table: "assoc_member_units",
                columns: new[] { "Kind", "ClinicCategory" });

            migrationBuilder.CreateIndex(
                name: "IX_assoc_member_units_Name",
                table: "assoc_member_units",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_assoc_panel_draws_QualityReviewApplicationId_Round",
                table: "assoc_panel_draws",
                columns: new[] { "QualityReviewApplicationId", "Round" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_assoc_panel_draws_ReviewPanelId",
                table: "assoc_panel_draws",
                column: "ReviewPanelId");

            migrationBuilder.CreateIndex(
                name: "IX_assoc_panel_members_ExpertId",
                table: "assoc_panel_members",
                column: "ExpertId");

            migrationBuilder.CreateIndex(
                name: "IX_assoc_panel_members_ReviewPanelId_ExpertId",
                table: "assoc_panel_members",
                columns: new[] { "ReviewPanelId", "ExpertId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_assoc_party_branch_members_PartyBranchId_PersonId",
                table: "assoc_party_branch_members",
                columns: new[] { "PartyBranchId", "PersonId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_assoc_party_branch_members_PersonId",
                table: "assoc_party_branch_members",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_assoc_party_branches_BranchId",
                table: "assoc_party_branches",
                column: "BranchId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_assoc_party_branches_SecretaryPersonId",
                table: "assoc_party_branches",
                column: "SecretaryPersonId");

            migrationBuilder.CreateIndex(
                name: "IX_assoc_people_MemberUnitId",
                table: "assoc_people",
                column: "MemberUnitId");

            migrationBuilder.CreateIndex(
                name: "IX_assoc_people_Name",
                table: "assoc_people",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_assoc_people_UserName",
                table: "assoc_people",
                column: "UserName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_assoc_quality_review_applications_InstitutionId",
                table: "assoc_quality_review_applications",
                column: "InstitutionId");

            migrationBuilder.CreateIndex(
                name: "IX_assoc_quality_review_applications_Status_Kind",
                table: "assoc_quality_review_applications",
                columns: new[] { "Status", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_assoc_review_panels_QualityReviewApplicationId",
                table: "assoc_review_panels",
                column: "QualityReviewApplicationId");

            migrationBuilder.CreateIndex(
                name: "IX_assoc_unit_departments_Name",
                table: "assoc_unit_departments",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_wf_audit_Actor_Action_TaskId",
                table: "wf_audit",
                columns: new[] { "Actor", "Action", "TaskId" });

            migrationBuilder.CreateIndex(
                name: "IX_wf_audit_InstanceId_Id",
                table: "wf_audit",
                columns: new[] { "InstanceId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_wf_audit_TaskId_Action",
                table: "wf_audit",
                columns: new[] { "TaskId", "Action" });

            migrationBuilder.CreateIndex(
                name: "IX_wf_bookmarks_InstanceId",
                table: "wf_bookmarks",
                column: "InstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_wf_bookmarks_Kind_DueAt",
                table: "wf_bookmarks",
                columns: new[] { "Kind", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_wf_bookmarks_Kind_Name",
                table: "wf_bookmarks",
                columns: new[] { "Kind", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_wf_commands_AvailableAt",
                table: "wf_commands",
                column: "AvailableAt");

            migrationBuilder.CreateIndex(
                name: "IX_wf_commands_IdempotencyKey",
                table: "wf_commands",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_wf_commands_InstanceId",
                table: "wf_commands",
                column: "InstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_wf_definitions_DefinitionId_Version",
                table: "wf_definitions",
                columns: new[] { "DefinitionId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_wf_definitions_IsLatest_Name",
                table: "wf_definitions",
                columns: new[] { "IsLatest", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_wf_instances_CorrelationId",
                table: "wf_instances",
                column: "CorrelationId");

            migrationBuilder.CreateIndex(
                name: "IX_wf_instances_CreatedAt",
                table: "wf_instances",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_wf_instances_DefinitionId_Status",
                table: "wf_instances",
                columns: new[] { "DefinitionId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_wf_instances_IdempotencyKey",
                table: "wf_instances",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_wf_instances_ParentInstanceId",
                table: "wf_instances",
                column: "ParentInstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_wf_instances_Status_SubStatus",
                table: "wf_instances",
                columns: new[] { "Status", "SubStatus" });

            migrationBuilder.CreateIndex(
                name: "IX_wf_outbox_IdempotencyKey",
                table: "wf_outbox",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_wf_outbox_InstanceId",
                table: "wf_outbox",
                column: "InstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_wf_outbox_Status_NextAttemptAt",
                table: "wf_outbox",
                columns: new[] { "Status", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_wf_outbox_deliveries_At",
                table: "wf_outbox_deliveries",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_wf_outbox_deliveries_OutboxId_Status",
                table: "wf_outbox_deliveries",
                columns: new[] { "OutboxId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_wf_schedule_runs_FiredAt",
                table: "wf_schedule_runs",
                column: "FiredAt");

            migrationBuilder.CreateIndex(
                name: "IX_wf_schedule_runs_FireInstanceId",
                table: "wf_schedule_runs",
                column: "FireInstanceId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_wf_schedule_runs_ScheduleKey_FiredAt",
                table: "wf_schedule_runs",
                columns: new[] { "ScheduleKey", "FiredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_wf_security_audit_UserName_At",
                table: "wf_security_audit",
                columns: new[] { "UserName", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_wf_task_attachments_InstanceId",
                table: "wf_task_attachments",
                column: "InstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_wf_task_candidates_UserName",
                table: "wf_task_candidates",
                column: "UserName");

            migrationBuilder.CreateIndex(
                name: "IX_wf_task_cc_TaskId_UserName",
                table: "wf_task_cc",
                columns: new[] { "TaskId", "UserName" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_wf_task_cc_UserName_CreatedAt",
                table: "wf_task_cc",
                columns: new[] { "UserName", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_wf_task_signers_TaskId_UserName",
                table: "wf_task_signers",
                columns: new[] { "TaskId", "UserName" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_wf_task_signers_UserName_Status",
                table: "wf_task_signers",
                columns: new[] { "UserName", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_wf_tasks_BookmarkId",
                table: "wf_tasks",
                column: "BookmarkId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_wf_tasks_CompletedBy_CompletedAt",
                table: "wf_tasks",
                columns: new[] { "CompletedBy", "CompletedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_wf_tasks_InitiatedBy_CreatedAt",
                table: "wf_tasks",
                columns: new[] { "InitiatedBy", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_wf_tasks_InstanceId",
                table: "wf_tasks",
                column: "InstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_wf_tasks_Status_Assignee",
                table: "wf_tasks",
                columns: new[] { "Status", "Assignee" });

            migrationBuilder.CreateIndex(
                name: "IX_wf_tasks_Status_CandidateRole",
                table: "wf_tasks",
                columns: new[] { "Status", "CandidateRole" });

            migrationBuilder.CreateIndex(
                name: "IX_wf_tasks_Status_DueAt",
                table: "wf_tasks",
                columns: new[] { "Status", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_wf_tasks_Status_EscalatedAt_DueAt",
                table: "wf_tasks",
                columns: new[] { "Status", "EscalatedAt", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_wf_tasks_Status_NextReminderAt",
                table: "wf_tasks",
                columns: new[] { "Status", "NextReminderAt" });

            migrationBuilder.CreateIndex(
                name: "IX_wf_user_roles_RoleKey",
                table: "wf_user_roles",
                column: "RoleKey");

            migrationBuilder.CreateIndex(
                name: "IX_wf_users_UserName",
                table: "wf_users",
                column: "UserName",
                unique: true);

            // Triggers are not part of EF Core's model: the one definition the hand-written path uses too.
            Workflows.Runtime.Persistence.Migrations.AuditAppendOnly.CreateTriggers(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "assoc_activity_applications");

            migrationBuilder.DropTable(
                name: "assoc_assessments");

            migrationBuilder.DropTable(
                name: "assoc_bad_practice_records");

            migrationBuilder.DropTable(
                name: "assoc_branch_office_holders");

            migrationBuilder.DropTable(
                name: "assoc_branch_records");

            migrationBuilder.DropTable(
                name: "assoc_center_leader_terms");

            migrationBuilder.DropTable(
                name: "assoc_chair_candidates");

            migrationBuilder.DropTable(
                name: "assoc_expert_scores");

            migrationBuilder.DropTable(
                name: "assoc_founding_office_holders");

            migrationBuilder.DropTable(
                name: "assoc_founding_votes");

            migrationBuilder.DropTable(
                name: "assoc_integrity_pledges");

            migrationBuilder.DropTable(
                name: "assoc_panel_draws");

            migrationBuilder.DropTable(
                name: "assoc_panel_members");

            migrationBuilder.DropTable(
                name: "assoc_party_branch_members");

            migrationBuilder.DropTable(
                name: "assoc_roles");

            migrationBuilder.DropTable(
                name: "assoc_unit_departments");

            migrationBuilder.DropTable(
                name: "assoc_unit_inspections");

            migrationBuilder.DropTable(
                name: "assoc_unit_key_specialties");

            migrationBuilder.DropTable(
                name: "assoc_unit_revenues");

            migrationBuilder.DropTable(
                name: "wf_audit");

            migrationBuilder.DropTable(
                name: "wf_bookmarks");

            migrationBuilder.DropTable(
                name: "wf_commands");

            migrationBuilder.DropTable(
                name: "wf_definition_snapshots");

            migrationBuilder.DropTable(
                name: "wf_definitions");

            migrationBuilder.DropTable(
                name: "wf_instances");

            migrationBuilder.DropTable(
                name: "wf_journal");

            migrationBuilder.DropTable(
                name: "wf_outbox");

            migrationBuilder.DropTable(
                name: "wf_outbox_deliveries");

            migrationBuilder.DropTable(
                name: "wf_roles");

            migrationBuilder.DropTable(
                name: "wf_schedule_runs");

            migrationBuilder.DropTable(
                name: "wf_schedule_settings");

            migrationBuilder.DropTable(
                name: "wf_security_audit");

            migrationBuilder.DropTable(
                name: "wf_task_attachments");

            migrationBuilder.DropTable(
                name: "wf_task_candidates");

            migrationBuilder.DropTable(
                name: "wf_task_cc");

            migrationBuilder.DropTable(
                name: "wf_task_signers");

            migrationBuilder.DropTable(
                name: "wf_tasks");

            migrationBuilder.DropTable(
                name: "wf_user_roles");

            migrationBuilder.DropTable(
                name: "wf_users");

            migrationBuilder.DropTable(
                name: "assoc_founding_applications");

            migrationBuilder.DropTable(
                name: "assoc_experts");

            migrationBuilder.DropTable(
                name: "assoc_review_panels");

            migrationBuilder.DropTable(
                name: "assoc_party_branches");

            migrationBuilder.DropTable(
                name: "assoc_quality_review_applications");

            migrationBuilder.DropTable(
                name: "assoc_branches");

            migrationBuilder.DropTable(
                name: "assoc_people");

            migrationBuilder.DropTable(
                name: "assoc_member_units");

            migrationBuilder.DropTable(
                name: "assoc_districts");
        }
    }
}
