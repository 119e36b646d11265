using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Workflows.Association.Domain;
using static Workflows.Association.Persistence.AssociationModel;

namespace Workflows.Association.Persistence.Configurations;

internal sealed class ChairCandidateConfiguration : IEntityTypeConfiguration<ChairCandidate>
{
    public void Configure(EntityTypeBuilder<ChairCandidate> e)
    {
        e.ToTable("assoc_chair_candidates");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasMaxLength(IdLength).IsUnicode(false);
        e.Property(x => x.FoundingApplicationId).HasMaxLength(IdLength).IsUnicode(false).IsRequired();
        e.Property(x => x.PersonId).HasMaxLength(IdLength).IsUnicode(false);
        e.Property(x => x.Name).HasMaxLength(NameLength).IsRequired();
        e.Property(x => x.Score).HasPrecision(7, 2);
        e.Property(x => x.ScoreDetail).HasMaxLength(ShortTextLength);
        e.HasOne<FoundingApplication>().WithMany().HasForeignKey(x => x.FoundingApplicationId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Restrict);

        // The ranking of one selection is read in rank order.
        e.HasIndex(x => new { x.FoundingApplicationId, x.Rank });
        e.HasIndex(x => x.PersonId);
    }
}

internal sealed class PanelDrawConfiguration : IEntityTypeConfiguration<PanelDraw>
{
    public void Configure(EntityTypeBuilder<PanelDraw> e)
    {
        e.ToTable("assoc_panel_draws");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasMaxLength(IdLength).IsUnicode(false);
        e.Property(x => x.QualityReviewApplicationId).HasMaxLength(IdLength).IsUnicode(false).IsRequired();
        e.Property(x => x.ReviewPanelId).HasMaxLength(IdLength).IsUnicode(false);
        e.Property(x => x.Seed).HasMaxLength(IdLength).IsUnicode(false).IsRequired();
        e.Property(x => x.PoolJson).HasMaxLength(LongTextLength).IsRequired();
        e.Property(x => x.ExcludedJson).HasMaxLength(LongTextLength).IsRequired();
        e.Property(x => x.DrawnJson).HasMaxLength(ShortTextLength).IsRequired();
        e.Property(x => x.WorkflowInstanceId).HasMaxLength(IdLength).IsUnicode(false);
        e.HasOne<QualityReviewApplication>().WithMany().HasForeignKey(x => x.QualityReviewApplicationId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<ReviewPanel>().WithMany().HasForeignKey(x => x.ReviewPanelId).OnDelete(DeleteBehavior.Restrict);

        // One draw per review round: a retried activity finds the draw instead of drawing again.
        e.HasIndex(x => new { x.QualityReviewApplicationId, x.Round }).IsUnique();
        e.HasIndex(x => x.ReviewPanelId);
    }
}

internal sealed class BranchRecordConfiguration : IEntityTypeConfiguration<BranchRecord>
{
    public void Configure(EntityTypeBuilder<BranchRecord> e)
    {
        e.ToTable("assoc_branch_records");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasMaxLength(IdLength).IsUnicode(false);
        e.Property(x => x.BranchId).HasMaxLength(IdLength).IsUnicode(false).IsRequired();
        e.Property(x => x.Summary).HasMaxLength(ShortTextLength).IsRequired();
        e.Property(x => x.DetailJson).HasMaxLength(LongTextLength);
        e.Property(x => x.RecordedBy).HasMaxLength(NameLength);
        e.Property(x => x.WorkflowInstanceId).HasMaxLength(IdLength).IsUnicode(false);
        e.Property(x => x.IdempotencyKey).HasMaxLength(NameLength).IsUnicode(false);
        e.HasOne<Branch>().WithMany().HasForeignKey(x => x.BranchId).OnDelete(DeleteBehavior.Cascade);

        // The branch page lists its history newest first; an activity records a decision once.
        e.HasIndex(x => new { x.BranchId, x.RecordedAtUtc });
        e.HasIndex(x => x.IdempotencyKey).IsUnique();
    }
}

internal sealed class CenterLeaderTermConfiguration : IEntityTypeConfiguration<CenterLeaderTerm>
{
    public void Configure(EntityTypeBuilder<CenterLeaderTerm> e)
    {
        e.ToTable("assoc_center_leader_terms");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasMaxLength(IdLength).IsUnicode(false);
        e.Property(x => x.MemberUnitId).HasMaxLength(IdLength).IsUnicode(false).IsRequired();
        e.Property(x => x.WorkflowInstanceId).HasMaxLength(IdLength).IsUnicode(false);
        e.HasOne<MemberUnit>().WithMany().HasForeignKey(x => x.MemberUnitId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => x.TermStart).IsUnique();
        e.HasIndex(x => x.MemberUnitId);
    }
}
