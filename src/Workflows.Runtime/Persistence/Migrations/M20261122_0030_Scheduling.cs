using Microsoft.EntityFrameworkCore.Migrations;
using Workflows.Runtime.Scheduling;

namespace Workflows.Runtime.Persistence.Migrations;

/// <summary>
/// Schedules and mail: the secretariat's schedule settings, the history of schedule runs and the outbox's
/// per-recipient delivery log. Quartz's QRTZ_* tables were not here: Quartz provisioned them itself when the
/// scheduler started, in the same database (M20261202_0010 drops them).
/// </summary>
public sealed class M20261122_0030_Scheduling : ISchemaMigration
{
    private const int Id = RuntimeModel.IdLength;
    private const int Name = RuntimeModel.NameLength;
    private const int Key = SchedulingModel.KeyLength;

    string ISchemaMigration.Id => "20261122_0030_scheduling";

    public void Up(MigrationBuilder b)
    {
        b.CreateTable("wf_schedule_settings", t => new
        {
            Key = t.Column<string>(maxLength: Key, nullable: false),
            CronExpression = t.Column<string>(maxLength: Name, nullable: true),
            IsPaused = t.Column<bool>(nullable: false),
            UpdatedBy = t.Column<string>(maxLength: Name, nullable: true),
            UpdatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_wf_schedule_settings", x => x.Key));

        b.CreateTable("wf_schedule_runs", t => new
        {
            Id = t.Column<string>(maxLength: Id, nullable: false),
            ScheduleKey = t.Column<string>(maxLength: Key, nullable: false),
            FireInstanceId = t.Column<string>(maxLength: Key, nullable: false),
            ScheduledFireAt = t.Column<DateTime>(nullable: true),
            FiredAt = t.Column<DateTime>(nullable: false),
            FinishedAt = t.Column<DateTime>(nullable: true),
            Status = t.Column<string>(maxLength: 32, nullable: false),
            Period = t.Column<string>(maxLength: 64, nullable: true),
            Total = t.Column<int>(nullable: false),
            Started = t.Column<int>(nullable: false),
            Existing = t.Column<int>(nullable: false),
            Failed = t.Column<int>(nullable: false),
            Message = t.Column<string>(nullable: true),
            RequestedBy = t.Column<string>(maxLength: Name, nullable: true),
            IsRecovery = t.Column<bool>(nullable: false),
            Node = t.Column<string>(maxLength: Name, nullable: true),
        }, constraints: t => t.PrimaryKey("PK_wf_schedule_runs", x => x.Id));
        b.CreateIndex("IX_wf_schedule_runs_FireInstanceId", "wf_schedule_runs", "FireInstanceId", unique: true);
        b.CreateIndex("IX_wf_schedule_runs_ScheduleKey_FiredAt", "wf_schedule_runs", ["ScheduleKey", "FiredAt"]);
        b.CreateIndex("IX_wf_schedule_runs_FiredAt", "wf_schedule_runs", "FiredAt");

        b.CreateTable("wf_outbox_deliveries", t => new
        {
            Id = t.Column<string>(maxLength: Id, nullable: false),
            OutboxId = t.Column<string>(maxLength: Id, nullable: false),
            Recipient = t.Column<string>(maxLength: Name, nullable: false),
            Address = t.Column<string>(maxLength: Name, nullable: true),
            UserName = t.Column<string>(maxLength: Name, nullable: true),
            Culture = t.Column<string>(maxLength: 16, nullable: true),
            MessageId = t.Column<string>(maxLength: Name, nullable: true),
            Status = t.Column<string>(maxLength: 32, nullable: false),
            Attempt = t.Column<int>(nullable: false),
            At = t.Column<DateTime>(nullable: false),
            Error = t.Column<string>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_wf_outbox_deliveries", x => x.Id));
        b.CreateIndex("IX_wf_outbox_deliveries_OutboxId_Status", "wf_outbox_deliveries", ["OutboxId", "Status"]);
        b.CreateIndex("IX_wf_outbox_deliveries_At", "wf_outbox_deliveries", "At");
    }
}
