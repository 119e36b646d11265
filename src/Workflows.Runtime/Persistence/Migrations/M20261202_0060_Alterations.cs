using Microsoft.EntityFrameworkCore.Migrations;

namespace Workflows.Runtime.Persistence.Migrations;

/// <summary>
/// Alteration plans and their per-instance jobs. The hand-written twin of the EF migration "Alterations", so that
/// a runtime-only host (no EF migrations) gets the same tables, and adopting such a database records the EF step.
/// </summary>
public sealed class M20261202_0060_Alterations : ISchemaMigration
{
    string ISchemaMigration.Id => "20261202_0060_alterations";

    string? ISchemaMigration.EfTwin => "Alterations";

    public void Up(MigrationBuilder b)
    {
        b.CreateTable("wf_alteration_jobs", t => new
        {
            Id = t.Column<string>(maxLength: RuntimeModel.IdLength, nullable: false),
            PlanId = t.Column<string>(maxLength: RuntimeModel.IdLength, nullable: false),
            InstanceId = t.Column<string>(maxLength: RuntimeModel.IdLength, nullable: false),
            Status = t.Column<string>(maxLength: 16, nullable: false),
            LogJson = t.Column<string>(nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            StartedAt = t.Column<DateTime>(nullable: true),
            CompletedAt = t.Column<DateTime>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_wf_alteration_jobs", x => x.Id));

        b.CreateTable("wf_alteration_plans", t => new
        {
            Id = t.Column<string>(maxLength: RuntimeModel.IdLength, nullable: false),
            Status = t.Column<string>(maxLength: 16, nullable: false),
            AlterationsJson = t.Column<string>(nullable: false),
            FilterJson = t.Column<string>(nullable: false),
            Kind = t.Column<string>(maxLength: 16, nullable: true),
            CreatedBy = t.Column<string>(maxLength: RuntimeModel.NameLength, nullable: false),
            Reason = t.Column<string>(maxLength: 1024, nullable: true),
            Total = t.Column<int>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            StartedAt = t.Column<DateTime>(nullable: true),
            CompletedAt = t.Column<DateTime>(nullable: true),
            Revision = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_wf_alteration_plans", x => x.Id));

        b.CreateIndex("IX_wf_alteration_jobs_PlanId_InstanceId", "wf_alteration_jobs", ["PlanId", "InstanceId"], unique: true);
        b.CreateIndex("IX_wf_alteration_jobs_PlanId_Status", "wf_alteration_jobs", ["PlanId", "Status"]);
        b.CreateIndex("IX_wf_alteration_plans_Status", "wf_alteration_plans", "Status");
    }
}
