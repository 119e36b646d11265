using Microsoft.EntityFrameworkCore.Migrations;
using Workflows.Runtime.Persistence.Migrations;

namespace Workflows.Association.Persistence;

/// <summary>
/// The Association's tables (assoc_*), matching <see cref="AssociationModel"/>. EF's design package does not
/// restore here; this step was written from the model's metadata and is checked against it by a test that
/// compares the migrated schema with the one EF creates from the model. Tables come in dependency order so
/// PostgreSQL can create the foreign keys.
/// </summary>
public sealed class M20261122_0040_AssociationInitial : ISchemaMigration
{
    string ISchemaMigration.Id => "20261122_0040_association_initial";

    public void Up(MigrationBuilder b)
    {
        b.CreateTable("assoc_districts", t => new
        {
            Id = t.Column<string>(maxLength: 12, nullable: false),
            Kind = t.Column<string>(maxLength: 32, nullable: false),
            Name = t.Column<string>(maxLength: 200, nullable: false),
            NameEn = t.Column<string>(maxLength: 200, nullable: false),
            SortOrder = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_assoc_districts", x => x.Id);
        });
        b.CreateIndex("IX_assoc_districts_Name", "assoc_districts", "Name", unique: true);

        b.CreateTable("assoc_roles", t => new
        {
            Id = t.Column<string>(maxLength: 64, nullable: false),
            Description = t.Column<string>(maxLength: 1000, nullable: false),
            DescriptionEn = t.Column<string>(maxLength: 1000, nullable: false),
            Name = t.Column<string>(maxLength: 200, nullable: false),
            NameEn = t.Column<string>(maxLength: 200, nullable: false),
            SortOrder = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_assoc_roles", x => x.Id);
        });

        b.CreateTable("assoc_member_units", t => new
        {
            Id = t.Column<string>(maxLength: 64, nullable: false),
            Address = t.Column<string>(maxLength: 1000, nullable: true),
            BadCreditRecord = t.Column<bool>(nullable: false),
            Beds = t.Column<int>(nullable: true),
            ClinicCategory = t.Column<string>(maxLength: 32, nullable: true),
            DistrictId = t.Column<string>(maxLength: 12, nullable: false),
            FloorAreaSqm = t.Column<decimal>(precision: 10, scale: 2, nullable: true),
            GradeLabel = t.Column<string>(maxLength: 32, nullable: true),
            HospitalGrade = t.Column<string>(maxLength: 32, nullable: true),
            InsuranceAgreementEndedForFraudOn = t.Column<DateOnly>(nullable: true),
            IsChain = t.Column<bool>(nullable: false),
            IsMember = t.Column<bool>(nullable: false),
            IsSpecialtyHospital = t.Column<bool>(nullable: false),
            JoinedOn = t.Column<DateOnly>(nullable: true),
            Kind = t.Column<string>(maxLength: 32, nullable: false),
            LeaseYears = t.Column<decimal>(precision: 5, scale: 1, nullable: true),
            Name = t.Column<string>(maxLength: 200, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_assoc_member_units", x => x.Id);
            t.ForeignKey("FK_assoc_member_units_assoc_districts_DistrictId", x => x.DistrictId, "assoc_districts", "Id", onDelete: ReferentialAction.Restrict);
        });
        b.CreateIndex("IX_assoc_member_units_DistrictId", "assoc_member_units", "DistrictId");
        b.CreateIndex("IX_assoc_member_units_Kind_ClinicCategory", "assoc_member_units", ["Kind", "ClinicCategory"]);
        b.CreateIndex("IX_assoc_member_units_Name", "assoc_member_units", "Name");

        b.CreateTable("assoc_bad_practice_records", t => new
        {
            Id = t.Column<string>(maxLength: 64, nullable: false),
            Description = t.Column<string>(maxLength: 1000, nullable: false),
            MemberUnitId = t.Column<string>(maxLength: 64, nullable: false),
            OccurredOn = t.Column<DateOnly>(nullable: false),
            Points = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_assoc_bad_practice_records", x => x.Id);
            t.ForeignKey("FK_assoc_bad_practice_records_assoc_member_units_MemberUnitId", x => x.MemberUnitId, "assoc_member_units", "Id", onDelete: ReferentialAction.Cascade);
        });
        b.CreateIndex("IX_assoc_bad_practice_records_MemberUnitId_OccurredOn", "assoc_bad_practice_records", ["MemberUnitId", "OccurredOn"]);

        b.CreateTable("assoc_branches", t => new
        {
            Id = t.Column<string>(maxLength: 64, nullable: false),
            ChairUnitId = t.Column<string>(maxLength: 64, nullable: true),
            ClinicCategory = t.Column<string>(maxLength: 32, nullable: true),
            Code = t.Column<string>(maxLength: 64, nullable: false),
            Discipline = t.Column<string>(maxLength: 200, nullable: true),
            FoundedOn = t.Column<DateOnly>(nullable: true),
            IsSecondLevelDiscipline = t.Column<bool>(nullable: false),
            Kind = t.Column<string>(maxLength: 32, nullable: false),
            MergedIntoBranchId = t.Column<string>(maxLength: 64, nullable: true),
            Name = t.Column<string>(maxLength: 200, nullable: false),
            NameEn = t.Column<string>(maxLength: 200, nullable: true),
            PublishedOnWebsite = t.Column<bool>(nullable: false),
            SponsorFeeReductionPoints = t.Column<decimal>(precision: 5, scale: 2, nullable: false),
            Status = t.Column<string>(maxLength: 32, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_assoc_branches", x => x.Id);
            t.ForeignKey("FK_assoc_branches_assoc_branches_MergedIntoBranchId", x => x.MergedIntoBranchId, "assoc_branches", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_assoc_branches_assoc_member_units_ChairUnitId", x => x.ChairUnitId, "assoc_member_units", "Id", onDelete: ReferentialAction.Restrict);
        });
        b.CreateIndex("IX_assoc_branches_ChairUnitId", "assoc_branches", "ChairUnitId");
        b.CreateIndex("IX_assoc_branches_ClinicCategory", "assoc_branches", "ClinicCategory");
        b.CreateIndex("IX_assoc_branches_Code", "assoc_branches", "Code", unique: true);
        b.CreateIndex("IX_assoc_branches_MergedIntoBranchId", "assoc_branches", "MergedIntoBranchId");
        b.CreateIndex("IX_assoc_branches_Name", "assoc_branches", "Name", unique: true);
        b.CreateIndex("IX_assoc_branches_Status_Kind", "assoc_branches", ["Status", "Kind"]);

        b.CreateTable("assoc_integrity_pledges", t => new
        {
            Id = t.Column<string>(maxLength: 64, nullable: false),
            MemberUnitId = t.Column<string>(maxLength: 64, nullable: false),
            PublishedOnWebsite = t.Column<bool>(nullable: false),
            RevokedOn = t.Column<DateOnly>(nullable: true),
            SignatoryName = t.Column<string>(maxLength: 200, nullable: false),
            SignedOn = t.Column<DateOnly>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_assoc_integrity_pledges", x => x.Id);
            t.ForeignKey("FK_assoc_integrity_pledges_assoc_member_units_MemberUnitId", x => x.MemberUnitId, "assoc_member_units", "Id", onDelete: ReferentialAction.Cascade);
        });
        b.CreateIndex("IX_assoc_integrity_pledges_MemberUnitId", "assoc_integrity_pledges", "MemberUnitId");
        b.CreateIndex("IX_assoc_integrity_pledges_PublishedOnWebsite_RevokedOn", "assoc_integrity_pledges", ["PublishedOnWebsite", "RevokedOn"]);

        b.CreateTable("assoc_people", t => new
        {
            Id = t.Column<string>(maxLength: 64, nullable: false),
            Affiliation = t.Column<string>(maxLength: 200, nullable: true),
            DivisionLevelHealthAdminExperience = t.Column<bool>(nullable: false),
            Email = t.Column<string>(maxLength: 254, nullable: true),
            LicensedPhysician = t.Column<bool>(nullable: false),
            MemberUnitId = t.Column<string>(maxLength: 64, nullable: true),
            Name = t.Column<string>(maxLength: 200, nullable: false),
            PartyMember = t.Column<bool>(nullable: false),
            Phone = t.Column<string>(maxLength: 32, nullable: true),
            PracticeStartYear = t.Column<int>(nullable: true),
            Professor = t.Column<bool>(nullable: false),
            RichManagementExperience = t.Column<bool>(nullable: false),
            Specialty = t.Column<string>(maxLength: 200, nullable: true),
            Supervisor = t.Column<bool>(nullable: false),
            Title = t.Column<string>(maxLength: 32, nullable: false),
            TitleName = t.Column<string>(maxLength: 64, nullable: true),
            TitleYear = t.Column<int>(nullable: true),
            UserName = t.Column<string>(maxLength: 200, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_assoc_people", x => x.Id);
            t.ForeignKey("FK_assoc_people_assoc_member_units_MemberUnitId", x => x.MemberUnitId, "assoc_member_units", "Id", onDelete: ReferentialAction.Restrict);
        });
        b.CreateIndex("IX_assoc_people_MemberUnitId", "assoc_people", "MemberUnitId");
        b.CreateIndex("IX_assoc_people_Name", "assoc_people", "Name");
        b.CreateIndex("IX_assoc_people_UserName", "assoc_people", "UserName", unique: true);

        b.CreateTable("assoc_quality_review_applications", t => new
        {
            Id = t.Column<string>(maxLength: 64, nullable: false),
            ArchivedAtUtc = t.Column<DateTime>(nullable: true),
            InstitutionId = t.Column<string>(maxLength: 64, nullable: false),
            Kind = t.Column<string>(maxLength: 32, nullable: false),
            OnSiteAtUtc = t.Column<DateTime>(nullable: true),
            Passed = t.Column<bool>(nullable: true),
            PublishedOnWebsite = t.Column<bool>(nullable: false),
            RectificationDeadline = t.Column<DateOnly>(nullable: true),
            Result = t.Column<string>(maxLength: 200, nullable: true),
            Stars = t.Column<int>(nullable: true),
            Status = t.Column<string>(maxLength: 32, nullable: false),
            SubmittedAtUtc = t.Column<DateTime>(nullable: false),
            WorkflowInstanceId = t.Column<string>(maxLength: 64, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_assoc_quality_review_applications", x => x.Id);
            t.ForeignKey("FK_assoc_quality_review_applications_assoc_member_units_InstitutionId", x => x.InstitutionId, "assoc_member_units", "Id", onDelete: ReferentialAction.Restrict);
        });
        b.CreateIndex("IX_assoc_quality_review_applications_InstitutionId", "assoc_quality_review_applications", "InstitutionId");
        b.CreateIndex("IX_assoc_quality_review_applications_Status_Kind", "assoc_quality_review_applications", ["Status", "Kind"]);

        b.CreateTable("assoc_unit_departments", t => new
        {
            MemberUnitId = t.Column<string>(maxLength: 64, nullable: false),
            Name = t.Column<string>(maxLength: 200, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_assoc_unit_departments", x => new { x.MemberUnitId, x.Name });
            t.ForeignKey("FK_assoc_unit_departments_assoc_member_units_MemberUnitId", x => x.MemberUnitId, "assoc_member_units", "Id", onDelete: ReferentialAction.Cascade);
        });
        b.CreateIndex("IX_assoc_unit_departments_Name", "assoc_unit_departments", "Name");

        b.CreateTable("assoc_unit_inspections", t => new
        {
            MemberUnitId = t.Column<string>(maxLength: 64, nullable: false),
            Year = t.Column<int>(nullable: false),
            Passed = t.Column<bool>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_assoc_unit_inspections", x => new { x.MemberUnitId, x.Year });
            t.ForeignKey("FK_assoc_unit_inspections_assoc_member_units_MemberUnitId", x => x.MemberUnitId, "assoc_member_units", "Id", onDelete: ReferentialAction.Cascade);
        });

        b.CreateTable("assoc_unit_key_specialties", t => new
        {
            MemberUnitId = t.Column<string>(maxLength: 64, nullable: false),
            Name = t.Column<string>(maxLength: 200, nullable: false),
            Level = t.Column<string>(maxLength: 32, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_assoc_unit_key_specialties", x => new { x.MemberUnitId, x.Name });
            t.ForeignKey("FK_assoc_unit_key_specialties_assoc_member_units_MemberUnitId", x => x.MemberUnitId, "assoc_member_units", "Id", onDelete: ReferentialAction.Cascade);
        });

        b.CreateTable("assoc_unit_revenues", t => new
        {
            MemberUnitId = t.Column<string>(maxLength: 64, nullable: false),
            Year = t.Column<int>(nullable: false),
            AmountCny = t.Column<decimal>(precision: 18, scale: 2, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_assoc_unit_revenues", x => new { x.MemberUnitId, x.Year });
            t.ForeignKey("FK_assoc_unit_revenues_assoc_member_units_MemberUnitId", x => x.MemberUnitId, "assoc_member_units", "Id", onDelete: ReferentialAction.Cascade);
        });

        b.CreateTable("assoc_activity_applications", t => new
        {
            Id = t.Column<string>(maxLength: 64, nullable: false),
            Agenda = t.Column<string>(maxLength: 8000, nullable: true),
            BranchId = t.Column<string>(maxLength: 64, nullable: false),
            Budget = t.Column<decimal>(precision: 18, scale: 2, nullable: true),
            DecidedAtUtc = t.Column<DateTime>(nullable: true),
            DecisionComment = t.Column<string>(maxLength: 1000, nullable: true),
            EndsAtUtc = t.Column<DateTime>(nullable: false),
            InvolvesFunds = t.Column<bool>(nullable: false),
            Partners = t.Column<string>(maxLength: 1000, nullable: true),
            SettlementFiledAtUtc = t.Column<DateTime>(nullable: true),
            Sponsors = t.Column<string>(maxLength: 1000, nullable: true),
            StartsAtUtc = t.Column<DateTime>(nullable: false),
            Status = t.Column<string>(maxLength: 32, nullable: false),
            SubmittedAtUtc = t.Column<DateTime>(nullable: true),
            SummaryFiledAtUtc = t.Column<DateTime>(nullable: true),
            Title = t.Column<string>(maxLength: 200, nullable: false),
            Type = t.Column<string>(maxLength: 32, nullable: false),
            Venue = t.Column<string>(maxLength: 200, nullable: true),
            WorkflowInstanceId = t.Column<string>(maxLength: 64, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_assoc_activity_applications", x => x.Id);
            t.ForeignKey("FK_assoc_activity_applications_assoc_branches_BranchId", x => x.BranchId, "assoc_branches", "Id", onDelete: ReferentialAction.Cascade);
        });
        b.CreateIndex("IX_assoc_activity_applications_BranchId_Status", "assoc_activity_applications", ["BranchId", "Status"]);
        b.CreateIndex("IX_assoc_activity_applications_Status_StartsAtUtc", "assoc_activity_applications", ["Status", "StartsAtUtc"]);

        b.CreateTable("assoc_assessments", t => new
        {
            Id = t.Column<string>(maxLength: 64, nullable: false),
            AdjustmentDecision = t.Column<string>(maxLength: 32, nullable: true),
            BranchId = t.Column<string>(maxLength: 64, nullable: false),
            ConfirmedAtUtc = t.Column<DateTime>(nullable: true),
            Grade = t.Column<string>(maxLength: 32, nullable: true),
            RecheckPassed = t.Column<bool>(nullable: true),
            RectificationDeadline = t.Column<DateOnly>(nullable: true),
            ReviewComment = t.Column<string>(maxLength: 8000, nullable: true),
            ReviewScoreIdeology = t.Column<decimal>(precision: 5, scale: 2, nullable: true),
            ReviewScoreIntegrity = t.Column<decimal>(precision: 5, scale: 2, nullable: true),
            ReviewScoreTarget = t.Column<decimal>(precision: 5, scale: 2, nullable: true),
            SelfEvidence = t.Column<string>(maxLength: 8000, nullable: true),
            SelfScoreIdeology = t.Column<decimal>(precision: 5, scale: 2, nullable: true),
            SelfScoreIntegrity = t.Column<decimal>(precision: 5, scale: 2, nullable: true),
            SelfScoreTarget = t.Column<decimal>(precision: 5, scale: 2, nullable: true),
            Status = t.Column<string>(maxLength: 32, nullable: false),
            WorkflowInstanceId = t.Column<string>(maxLength: 64, nullable: true),
            Year = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_assoc_assessments", x => x.Id);
            t.ForeignKey("FK_assoc_assessments_assoc_branches_BranchId", x => x.BranchId, "assoc_branches", "Id", onDelete: ReferentialAction.Cascade);
        });
        b.CreateIndex("IX_assoc_assessments_BranchId_Year", "assoc_assessments", ["BranchId", "Year"], unique: true);
        b.CreateIndex("IX_assoc_assessments_Year_Status", "assoc_assessments", ["Year", "Status"]);

        b.CreateTable("assoc_branch_office_holders", t => new
        {
            Id = t.Column<string>(maxLength: 64, nullable: false),
            BranchId = t.Column<string>(maxLength: 64, nullable: false),
            DistrictId = t.Column<string>(maxLength: 12, nullable: true),
            MemberUnitId = t.Column<string>(maxLength: 64, nullable: true),
            PersonId = t.Column<string>(maxLength: 64, nullable: false),
            Position = t.Column<string>(maxLength: 32, nullable: false),
            TermEnd = t.Column<DateOnly>(nullable: true),
            TermStart = t.Column<DateOnly>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_assoc_branch_office_holders", x => x.Id);
            t.ForeignKey("FK_assoc_branch_office_holders_assoc_branches_BranchId", x => x.BranchId, "assoc_branches", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_assoc_branch_office_holders_assoc_districts_DistrictId", x => x.DistrictId, "assoc_districts", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_assoc_branch_office_holders_assoc_member_units_MemberUnitId", x => x.MemberUnitId, "assoc_member_units", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_assoc_branch_office_holders_assoc_people_PersonId", x => x.PersonId, "assoc_people", "Id", onDelete: ReferentialAction.Restrict);
        });
        b.CreateIndex("IX_assoc_branch_office_holders_BranchId_Position", "assoc_branch_office_holders", ["BranchId", "Position"]);
        b.CreateIndex("IX_assoc_branch_office_holders_DistrictId", "assoc_branch_office_holders", "DistrictId");
        b.CreateIndex("IX_assoc_branch_office_holders_MemberUnitId", "assoc_branch_office_holders", "MemberUnitId");
        b.CreateIndex("IX_assoc_branch_office_holders_PersonId", "assoc_branch_office_holders", "PersonId");

        b.CreateTable("assoc_experts", t => new
        {
            Id = t.Column<string>(maxLength: 64, nullable: false),
            AdmittedOn = t.Column<DateOnly>(nullable: true),
            IsConsultant = t.Column<bool>(nullable: false),
            IsExternal = t.Column<bool>(nullable: false),
            NominatedByBranchId = t.Column<string>(maxLength: 64, nullable: true),
            NominatedByUnitId = t.Column<string>(maxLength: 64, nullable: true),
            NominationSource = t.Column<string>(maxLength: 32, nullable: false),
            PersonId = t.Column<string>(maxLength: 64, nullable: false),
            Specialty = t.Column<string>(maxLength: 200, nullable: false),
            Status = t.Column<string>(maxLength: 32, nullable: false),
            Title = t.Column<string>(maxLength: 32, nullable: false),
            TitleYear = t.Column<int>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_assoc_experts", x => x.Id);
            t.ForeignKey("FK_assoc_experts_assoc_branches_NominatedByBranchId", x => x.NominatedByBranchId, "assoc_branches", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_assoc_experts_assoc_member_units_NominatedByUnitId", x => x.NominatedByUnitId, "assoc_member_units", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_assoc_experts_assoc_people_PersonId", x => x.PersonId, "assoc_people", "Id", onDelete: ReferentialAction.Restrict);
        });
        b.CreateIndex("IX_assoc_experts_NominatedByBranchId", "assoc_experts", "NominatedByBranchId");
        b.CreateIndex("IX_assoc_experts_NominatedByUnitId", "assoc_experts", "NominatedByUnitId");
        b.CreateIndex("IX_assoc_experts_PersonId", "assoc_experts", "PersonId", unique: true);
        b.CreateIndex("IX_assoc_experts_Status_Specialty", "assoc_experts", ["Status", "Specialty"]);

        b.CreateTable("assoc_founding_applications", t => new
        {
            Id = t.Column<string>(maxLength: 64, nullable: false),
            ClinicCategory = t.Column<string>(maxLength: 32, nullable: true),
            CommitteeSize = t.Column<int>(nullable: true),
            CouncilMembersPresent = t.Column<int>(nullable: true),
            DecidedAtUtc = t.Column<DateTime>(nullable: true),
            DecisionReason = t.Column<string>(maxLength: 1000, nullable: true),
            Discipline = t.Column<string>(maxLength: 200, nullable: true),
            DistrictsCovered = t.Column<int>(nullable: true),
            Evidence = t.Column<string>(maxLength: 8000, nullable: true),
            FundingCommitment = t.Column<bool>(nullable: false),
            Kind = t.Column<string>(maxLength: 32, nullable: false),
            ProposedChairPersonId = t.Column<string>(maxLength: 64, nullable: true),
            ProposedChairUnitId = t.Column<string>(maxLength: 64, nullable: true),
            ProposedName = t.Column<string>(maxLength: 200, nullable: false),
            ResultingBranchId = t.Column<string>(maxLength: 64, nullable: true),
            SecondLevelDiscipline = t.Column<bool>(nullable: false),
            StandingMembersPerDistrict = t.Column<int>(nullable: true),
            Status = t.Column<string>(maxLength: 32, nullable: false),
            SubmittedAtUtc = t.Column<DateTime>(nullable: true),
            UnitsWithDepartment = t.Column<int>(nullable: true),
            WarningsAcknowledgement = t.Column<string>(maxLength: 1000, nullable: true),
            WorkflowInstanceId = t.Column<string>(maxLength: 64, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_assoc_founding_applications", x => x.Id);
            t.ForeignKey("FK_assoc_founding_applications_assoc_branches_ResultingBranchId", x => x.ResultingBranchId, "assoc_branches", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_assoc_founding_applications_assoc_member_units_ProposedChairUnitId", x => x.ProposedChairUnitId, "assoc_member_units", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_assoc_founding_applications_assoc_people_ProposedChairPersonId", x => x.ProposedChairPersonId, "assoc_people", "Id", onDelete: ReferentialAction.Restrict);
        });
        b.CreateIndex("IX_assoc_founding_applications_ProposedChairPersonId", "assoc_founding_applications", "ProposedChairPersonId");
        b.CreateIndex("IX_assoc_founding_applications_ProposedChairUnitId", "assoc_founding_applications", "ProposedChairUnitId");
        b.CreateIndex("IX_assoc_founding_applications_ResultingBranchId", "assoc_founding_applications", "ResultingBranchId");
        b.CreateIndex("IX_assoc_founding_applications_Status_Kind", "assoc_founding_applications", ["Status", "Kind"]);

        b.CreateTable("assoc_party_branches", t => new
        {
            Id = t.Column<string>(maxLength: 64, nullable: false),
            BranchId = t.Column<string>(maxLength: 64, nullable: false),
            EstablishedOn = t.Column<DateOnly>(nullable: true),
            Name = t.Column<string>(maxLength: 200, nullable: false),
            SecretaryIsBranchChair = t.Column<bool>(nullable: false),
            SecretaryPersonId = t.Column<string>(maxLength: 64, nullable: true),
            SecretaryReason = t.Column<string>(maxLength: 1000, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_assoc_party_branches", x => x.Id);
            t.ForeignKey("FK_assoc_party_branches_assoc_branches_BranchId", x => x.BranchId, "assoc_branches", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_assoc_party_branches_assoc_people_SecretaryPersonId", x => x.SecretaryPersonId, "assoc_people", "Id", onDelete: ReferentialAction.Restrict);
        });
        b.CreateIndex("IX_assoc_party_branches_BranchId", "assoc_party_branches", "BranchId", unique: true);
        b.CreateIndex("IX_assoc_party_branches_SecretaryPersonId", "assoc_party_branches", "SecretaryPersonId");

        b.CreateTable("assoc_review_panels", t => new
        {
            Id = t.Column<string>(maxLength: 64, nullable: false),
            FormedAtUtc = t.Column<DateTime>(nullable: false),
            QualityReviewApplicationId = t.Column<string>(maxLength: 64, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_assoc_review_panels", x => x.Id);
            t.ForeignKey("FK_assoc_review_panels_assoc_quality_review_applications_QualityReviewApplicationId", x => x.QualityReviewApplicationId, "assoc_quality_review_applications", "Id", onDelete: ReferentialAction.Cascade);
        });
        b.CreateIndex("IX_assoc_review_panels_QualityReviewApplicationId", "assoc_review_panels", "QualityReviewApplicationId");

        b.CreateTable("assoc_expert_scores", t => new
        {
            Id = t.Column<string>(maxLength: 64, nullable: false),
            Comment = t.Column<string>(maxLength: 1000, nullable: true),
            Criterion = t.Column<string>(maxLength: 200, nullable: false),
            ExpertId = t.Column<string>(maxLength: 64, nullable: false),
            MaxScore = t.Column<decimal>(precision: 7, scale: 2, nullable: false),
            ReviewPanelId = t.Column<string>(maxLength: 64, nullable: false),
            Score = t.Column<decimal>(precision: 7, scale: 2, nullable: false),
            ScoredAtUtc = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_assoc_expert_scores", x => x.Id);
            t.ForeignKey("FK_assoc_expert_scores_assoc_experts_ExpertId", x => x.ExpertId, "assoc_experts", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_assoc_expert_scores_assoc_review_panels_ReviewPanelId", x => x.ReviewPanelId, "assoc_review_panels", "Id", onDelete: ReferentialAction.Cascade);
        });
        b.CreateIndex("IX_assoc_expert_scores_ExpertId", "assoc_expert_scores", "ExpertId");
        b.CreateIndex("IX_assoc_expert_scores_ReviewPanelId_ExpertId_Criterion", "assoc_expert_scores", ["ReviewPanelId", "ExpertId", "Criterion"], unique: true);

        b.CreateTable("assoc_founding_office_holders", t => new
        {
            Id = t.Column<string>(maxLength: 64, nullable: false),
            DistrictId = t.Column<string>(maxLength: 12, nullable: true),
            FoundingApplicationId = t.Column<string>(maxLength: 64, nullable: false),
            MemberUnitId = t.Column<string>(maxLength: 64, nullable: true),
            PersonId = t.Column<string>(maxLength: 64, nullable: false),
            Position = t.Column<string>(maxLength: 32, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_assoc_founding_office_holders", x => x.Id);
            t.ForeignKey("FK_assoc_founding_office_holders_assoc_districts_DistrictId", x => x.DistrictId, "assoc_districts", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_assoc_founding_office_holders_assoc_founding_applications_FoundingApplicationId", x => x.FoundingApplicationId, "assoc_founding_applications", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_assoc_founding_office_holders_assoc_member_units_MemberUnitId", x => x.MemberUnitId, "assoc_member_units", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_assoc_founding_office_holders_assoc_people_PersonId", x => x.PersonId, "assoc_people", "Id", onDelete: ReferentialAction.Restrict);
        });
        b.CreateIndex("IX_assoc_founding_office_holders_DistrictId", "assoc_founding_office_holders", "DistrictId");
        b.CreateIndex("IX_assoc_founding_office_holders_FoundingApplicationId_PersonId", "assoc_founding_office_holders", ["FoundingApplicationId", "PersonId"], unique: true);
        b.CreateIndex("IX_assoc_founding_office_holders_MemberUnitId", "assoc_founding_office_holders", "MemberUnitId");
        b.CreateIndex("IX_assoc_founding_office_holders_PersonId", "assoc_founding_office_holders", "PersonId");

        b.CreateTable("assoc_founding_votes", t => new
        {
            Id = t.Column<string>(maxLength: 64, nullable: false),
            CastAtUtc = t.Column<DateTime>(nullable: false),
            Choice = t.Column<string>(maxLength: 32, nullable: false),
            FoundingApplicationId = t.Column<string>(maxLength: 64, nullable: false),
            VoterUserName = t.Column<string>(maxLength: 200, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_assoc_founding_votes", x => x.Id);
            t.ForeignKey("FK_assoc_founding_votes_assoc_founding_applications_FoundingApplicationId", x => x.FoundingApplicationId, "assoc_founding_applications", "Id", onDelete: ReferentialAction.Cascade);
        });
        b.CreateIndex("IX_assoc_founding_votes_FoundingApplicationId_VoterUserName", "assoc_founding_votes", ["FoundingApplicationId", "VoterUserName"], unique: true);

        b.CreateTable("assoc_panel_members", t => new
        {
            Id = t.Column<string>(maxLength: 64, nullable: false),
            ExpertId = t.Column<string>(maxLength: 64, nullable: false),
            IsLeader = t.Column<bool>(nullable: false),
            ReviewPanelId = t.Column<string>(maxLength: 64, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_assoc_panel_members", x => x.Id);
            t.ForeignKey("FK_assoc_panel_members_assoc_experts_ExpertId", x => x.ExpertId, "assoc_experts", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_assoc_panel_members_assoc_review_panels_ReviewPanelId", x => x.ReviewPanelId, "assoc_review_panels", "Id", onDelete: ReferentialAction.Cascade);
        });
        b.CreateIndex("IX_assoc_panel_members_ExpertId", "assoc_panel_members", "ExpertId");
        b.CreateIndex("IX_assoc_panel_members_ReviewPanelId_ExpertId", "assoc_panel_members", ["ReviewPanelId", "ExpertId"], unique: true);

        b.CreateTable("assoc_party_branch_members", t => new
        {
            Id = t.Column<string>(maxLength: 64, nullable: false),
            AppointedOn = t.Column<DateOnly>(nullable: true),
            AssessmentComment = t.Column<string>(maxLength: 1000, nullable: true),
            AssessmentPassed = t.Column<bool>(nullable: true),
            PartyBranchId = t.Column<string>(maxLength: 64, nullable: false),
            PersonId = t.Column<string>(maxLength: 64, nullable: false),
            Role = t.Column<string>(maxLength: 32, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_assoc_party_branch_members", x => x.Id);
            t.ForeignKey("FK_assoc_party_branch_members_assoc_party_branches_PartyBranchId", x => x.PartyBranchId, "assoc_party_branches", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_assoc_party_branch_members_assoc_people_PersonId", x => x.PersonId, "assoc_people", "Id", onDelete: ReferentialAction.Restrict);
        });
        b.CreateIndex("IX_assoc_party_branch_members_PartyBranchId_PersonId", "assoc_party_branch_members", ["PartyBranchId", "PersonId"], unique: true);
        b.CreateIndex("IX_assoc_party_branch_members_PersonId", "assoc_party_branch_members", "PersonId");
    }
}
