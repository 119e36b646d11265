using Microsoft.EntityFrameworkCore.Migrations;
using Workflows.Runtime.Persistence.Migrations;

namespace Workflows.Association.Persistence;

/// <summary>
/// What the five processes record beyond the initial model: chair-selection rankings, audited expert-panel
/// draws, the branch history (assoc_branch_records), the review center's leader-unit terms, and who submitted
/// each application. Written by hand from the model and checked against it by AssociationSchemaTests.
/// </summary>
public sealed class M20261122_0041_ProcessRecords : ISchemaMigration
{
    string ISchemaMigration.Id => "20261122_0041_process_records";

    public void Up(MigrationBuilder b)
    {
        b.AddColumn<string>("ApplicantUserName", "assoc_founding_applications", maxLength: 200, nullable: true);
        b.AddColumn<string>("ApplicantUserName", "assoc_activity_applications", maxLength: 200, nullable: true);
        b.AddColumn<string>("ApplicantUserName", "assoc_quality_review_applications", maxLength: 200, nullable: true);
        b.AddColumn<string>("Description", "assoc_quality_review_applications", maxLength: 8000, nullable: true);

        b.CreateTable("assoc_chair_candidates", t => new
        {
            Id = t.Column<string>(maxLength: 64, nullable: false),
            FoundingApplicationId = t.Column<string>(maxLength: 64, nullable: false),
            IsWinner = t.Column<bool>(nullable: false),
            Name = t.Column<string>(maxLength: 200, nullable: false),
            PersonId = t.Column<string>(maxLength: 64, nullable: true),
            Rank = t.Column<int>(nullable: false),
            Score = t.Column<decimal>(precision: 7, scale: 2, nullable: false),
            ScoreDetail = t.Column<string>(maxLength: 1000, nullable: true),
            ScoredAtUtc = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_assoc_chair_candidates", x => x.Id);
            t.ForeignKey("FK_assoc_chair_candidates_assoc_founding_applications_FoundingApplicationId", x => x.FoundingApplicationId, "assoc_founding_applications", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_assoc_chair_candidates_assoc_people_PersonId", x => x.PersonId, "assoc_people", "Id", onDelete: ReferentialAction.Restrict);
        });
        b.CreateIndex("IX_assoc_chair_candidates_FoundingApplicationId_Rank", "assoc_chair_candidates", ["FoundingApplicationId", "Rank"]);
        b.CreateIndex("IX_assoc_chair_candidates_PersonId", "assoc_chair_candidates", "PersonId");

        b.CreateTable("assoc_panel_draws", t => new
        {
            Id = t.Column<string>(maxLength: 64, nullable: false),
            DrawnAtUtc = t.Column<DateTime>(nullable: false),
            DrawnJson = t.Column<string>(maxLength: 1000, nullable: false),
            ExcludedJson = t.Column<string>(maxLength: 8000, nullable: false),
            PanelSize = t.Column<int>(nullable: false),
            PoolJson = t.Column<string>(maxLength: 8000, nullable: false),
            QualityReviewApplicationId = t.Column<string>(maxLength: 64, nullable: false),
            ReviewPanelId = t.Column<string>(maxLength: 64, nullable: true),
            Round = t.Column<int>(nullable: false),
            Seed = t.Column<string>(maxLength: 64, nullable: false),
            WorkflowInstanceId = t.Column<string>(maxLength: 64, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_assoc_panel_draws", x => x.Id);
            t.ForeignKey("FK_assoc_panel_draws_assoc_quality_review_applications_QualityReviewApplicationId", x => x.QualityReviewApplicationId, "assoc_quality_review_applications", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_assoc_panel_draws_assoc_review_panels_ReviewPanelId", x => x.ReviewPanelId, "assoc_review_panels", "Id", onDelete: ReferentialAction.Restrict);
        });
        b.CreateIndex("IX_assoc_panel_draws_QualityReviewApplicationId_Round", "assoc_panel_draws", ["QualityReviewApplicationId", "Round"], unique: true);
        b.CreateIndex("IX_assoc_panel_draws_ReviewPanelId", "assoc_panel_draws", "ReviewPanelId");

        b.CreateTable("assoc_branch_records", t => new
        {
            Id = t.Column<string>(maxLength: 64, nullable: false),
            BranchId = t.Column<string>(maxLength: 64, nullable: false),
            DetailJson = t.Column<string>(maxLength: 8000, nullable: true),
            IdempotencyKey = t.Column<string>(maxLength: 200, nullable: true),
            Kind = t.Column<string>(maxLength: 32, nullable: false),
            RecordedAtUtc = t.Column<DateTime>(nullable: false),
            RecordedBy = t.Column<string>(maxLength: 200, nullable: true),
            Summary = t.Column<string>(maxLength: 1000, nullable: false),
            WorkflowInstanceId = t.Column<string>(maxLength: 64, nullable: true),
            Year = t.Column<int>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_assoc_branch_records", x => x.Id);
            t.ForeignKey("FK_assoc_branch_records_assoc_branches_BranchId", x => x.BranchId, "assoc_branches", "Id", onDelete: ReferentialAction.Cascade);
        });
        b.CreateIndex("IX_assoc_branch_records_BranchId_RecordedAtUtc", "assoc_branch_records", ["BranchId", "RecordedAtUtc"]);
        b.CreateIndex("IX_assoc_branch_records_IdempotencyKey", "assoc_branch_records", "IdempotencyKey", unique: true);

        b.CreateTable("assoc_center_leader_terms", t => new
        {
            Id = t.Column<string>(maxLength: 64, nullable: false),
            MemberUnitId = t.Column<string>(maxLength: 64, nullable: false),
            SelectedAtUtc = t.Column<DateTime>(nullable: false),
            TermEnd = t.Column<DateOnly>(nullable: false),
            TermStart = t.Column<DateOnly>(nullable: false),
            WorkflowInstanceId = t.Column<string>(maxLength: 64, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_assoc_center_leader_terms", x => x.Id);
            t.ForeignKey("FK_assoc_center_leader_terms_assoc_member_units_MemberUnitId", x => x.MemberUnitId, "assoc_member_units", "Id", onDelete: ReferentialAction.Restrict);
        });
        b.CreateIndex("IX_assoc_center_leader_terms_MemberUnitId", "assoc_center_leader_terms", "MemberUnitId");
        b.CreateIndex("IX_assoc_center_leader_terms_TermStart", "assoc_center_leader_terms", "TermStart", unique: true);
    }
}
