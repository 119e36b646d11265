using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Workflows.Association.Domain;
using static Workflows.Association.Persistence.AssociationModel;

namespace Workflows.Association.Persistence.Configurations;

internal sealed class ExpertConfiguration : IEntityTypeConfiguration<Expert>
{
    public void Configure(EntityTypeBuilder<Expert> e)
    {
        e.ToTable("assoc_experts");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasMaxLength(IdLength).IsUnicode(false);
        e.Property(x => x.PersonId).HasMaxLength(IdLength).IsUnicode(false).IsRequired();
        e.Property(x => x.Specialty).HasMaxLength(NameLength).IsRequired();
        e.Property(x => x.NominatedByUnitId).HasMaxLength(IdLength).IsUnicode(false);
        e.Property(x => x.NominatedByBranchId).HasMaxLength(IdLength).IsUnicode(false);
        e.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<MemberUnit>().WithMany().HasForeignKey(x => x.NominatedByUnitId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Branch>().WithMany().HasForeignKey(x => x.NominatedByBranchId).OnDelete(DeleteBehavior.Restrict);

        // A person is in the pool once; panel draws filter by status and specialty.
        e.HasIndex(x => x.PersonId).IsUnique();
        e.HasIndex(x => new { x.Status, x.Specialty });
    }
}

internal sealed class QualityReviewApplicationConfiguration : IEntityTypeConfiguration<QualityReviewApplication>
{
    public void Configure(EntityTypeBuilder<QualityReviewApplication> e)
    {
        e.ToTable("assoc_quality_review_applications");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasMaxLength(IdLength).IsUnicode(false);
        e.Property(x => x.InstitutionId).HasMaxLength(IdLength).IsUnicode(false).IsRequired();
        e.Property(x => x.Result).HasMaxLength(NameLength);
        e.Property(x => x.Description).HasMaxLength(LongTextLength);
        e.Property(x => x.ApplicantUserName).HasMaxLength(NameLength);
        e.Property(x => x.WorkflowInstanceId).HasMaxLength(IdLength).IsUnicode(false);
        e.HasOne<MemberUnit>().WithMany().HasForeignKey(x => x.InstitutionId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => x.InstitutionId);
        e.HasIndex(x => new { x.Status, x.Kind });
    }
}

internal sealed class ReviewPanelConfiguration : IEntityTypeConfiguration<ReviewPanel>
{
    public void Configure(EntityTypeBuilder<ReviewPanel> e)
    {
        e.ToTable("assoc_review_panels");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasMaxLength(IdLength).IsUnicode(false);
        e.Property(x => x.QualityReviewApplicationId).HasMaxLength(IdLength).IsUnicode(false).IsRequired();
        e.HasOne<QualityReviewApplication>().WithMany().HasForeignKey(x => x.QualityReviewApplicationId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(x => x.Members).WithOne().HasForeignKey(x => x.ReviewPanelId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => x.QualityReviewApplicationId);
    }
}

internal sealed class PanelMemberConfiguration : IEntityTypeConfiguration<PanelMember>
{
    public void Configure(EntityTypeBuilder<PanelMember> e)
    {
        e.ToTable("assoc_panel_members");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasMaxLength(IdLength).IsUnicode(false);
        e.Property(x => x.ReviewPanelId).HasMaxLength(IdLength).IsUnicode(false).IsRequired();
        e.Property(x => x.ExpertId).HasMaxLength(IdLength).IsUnicode(false).IsRequired();
        e.HasOne<Expert>().WithMany().HasForeignKey(x => x.ExpertId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => new { x.ReviewPanelId, x.ExpertId }).IsUnique();
        e.HasIndex(x => x.ExpertId);
    }
}

internal sealed class ExpertScoreConfiguration : IEntityTypeConfiguration<ExpertScore>
{
    public void Configure(EntityTypeBuilder<ExpertScore> e)
    {
        e.ToTable("assoc_expert_scores");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasMaxLength(IdLength).IsUnicode(false);
        e.Property(x => x.ReviewPanelId).HasMaxLength(IdLength).IsUnicode(false).IsRequired();
        e.Property(x => x.ExpertId).HasMaxLength(IdLength).IsUnicode(false).IsRequired();
        e.Property(x => x.Criterion).HasMaxLength(NameLength).IsRequired();
        e.Property(x => x.Score).HasPrecision(7, 2);
        e.Property(x => x.MaxScore).HasPrecision(7, 2);
        e.Property(x => x.Comment).HasMaxLength(ShortTextLength);
        e.HasOne<ReviewPanel>().WithMany().HasForeignKey(x => x.ReviewPanelId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Expert>().WithMany().HasForeignKey(x => x.ExpertId).OnDelete(DeleteBehavior.Restrict);

        // An expert scores each item once per panel; a re-score replaces the row.
        e.HasIndex(x => new { x.ReviewPanelId, x.ExpertId, x.Criterion }).IsUnique();
    }
}

internal sealed class IntegrityPledgeConfiguration : IEntityTypeConfiguration<IntegrityPledge>
{
    public void Configure(EntityTypeBuilder<IntegrityPledge> e)
    {
        e.ToTable("assoc_integrity_pledges");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasMaxLength(IdLength).IsUnicode(false);
        e.Property(x => x.MemberUnitId).HasMaxLength(IdLength).IsUnicode(false).IsRequired();
        e.Property(x => x.SignatoryName).HasMaxLength(NameLength).IsRequired();
        e.HasOne<MemberUnit>().WithMany().HasForeignKey(x => x.MemberUnitId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => x.MemberUnitId);

        // The public list (000 §4.2.3) shows published, unrevoked pledges.
        e.HasIndex(x => new { x.PublishedOnWebsite, x.RevokedOn });
    }
}

internal sealed class BadPracticeRecordConfiguration : IEntityTypeConfiguration<BadPracticeRecord>
{
    public void Configure(EntityTypeBuilder<BadPracticeRecord> e)
    {
        e.ToTable("assoc_bad_practice_records");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasMaxLength(IdLength).IsUnicode(false);
        e.Property(x => x.MemberUnitId).HasMaxLength(IdLength).IsUnicode(false).IsRequired();
        e.Property(x => x.Description).HasMaxLength(ShortTextLength).IsRequired();
        e.HasOne<MemberUnit>().WithMany().HasForeignKey(x => x.MemberUnitId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => new { x.MemberUnitId, x.OccurredOn });
    }
}
