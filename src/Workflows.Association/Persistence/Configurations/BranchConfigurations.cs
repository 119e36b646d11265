using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Workflows.Association.Domain;
using static Workflows.Association.Persistence.AssociationModel;

namespace Workflows.Association.Persistence.Configurations;

internal sealed class BranchConfiguration : IEntityTypeConfiguration<Branch>
{
    public void Configure(EntityTypeBuilder<Branch> e)
    {
        e.ToTable("assoc_branches");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasMaxLength(IdLength).IsUnicode(false);
        e.Property(x => x.Code).HasMaxLength(CodeLength * 2).IsUnicode(false).IsRequired();
        e.Property(x => x.Name).HasMaxLength(NameLength).IsRequired();
        e.Property(x => x.NameEn).HasMaxLength(NameLength);
        e.Property(x => x.Discipline).HasMaxLength(NameLength);
        e.Property(x => x.ChairUnitId).HasMaxLength(IdLength).IsUnicode(false);
        e.Property(x => x.MergedIntoBranchId).HasMaxLength(IdLength).IsUnicode(false);
        e.Property(x => x.SponsorFeeReductionPoints).HasPrecision(5, 2);
        e.HasOne<MemberUnit>().WithMany().HasForeignKey(x => x.ChairUnitId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Branch>().WithMany().HasForeignKey(x => x.MergedIntoBranchId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => x.Code).IsUnique();
        e.HasIndex(x => x.Name).IsUnique();

        // The cap and the one-branch-per-category rule count branches by status and category.
        e.HasIndex(x => new { x.Status, x.Kind });
        e.HasIndex(x => x.ClinicCategory);
    }
}

internal sealed class BranchOfficeHolderConfiguration : IEntityTypeConfiguration<BranchOfficeHolder>
{
    public void Configure(EntityTypeBuilder<BranchOfficeHolder> e)
    {
        e.ToTable("assoc_branch_office_holders");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasMaxLength(IdLength).IsUnicode(false);
        e.Property(x => x.BranchId).HasMaxLength(IdLength).IsUnicode(false).IsRequired();
        e.Property(x => x.PersonId).HasMaxLength(IdLength).IsUnicode(false).IsRequired();
        e.Property(x => x.MemberUnitId).HasMaxLength(IdLength).IsUnicode(false);
        e.Property(x => x.DistrictId).HasMaxLength(12).IsUnicode(false);
        e.HasOne<Branch>().WithMany().HasForeignKey(x => x.BranchId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<MemberUnit>().WithMany().HasForeignKey(x => x.MemberUnitId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<District>().WithMany().HasForeignKey(x => x.DistrictId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => new { x.BranchId, x.Position });
        e.HasIndex(x => x.PersonId);
    }
}

internal sealed class PartyBranchConfiguration : IEntityTypeConfiguration<PartyBranch>
{
    public void Configure(EntityTypeBuilder<PartyBranch> e)
    {
        e.ToTable("assoc_party_branches");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasMaxLength(IdLength).IsUnicode(false);
        e.Property(x => x.BranchId).HasMaxLength(IdLength).IsUnicode(false).IsRequired();
        e.Property(x => x.Name).HasMaxLength(NameLength).IsRequired();
        e.Property(x => x.SecretaryPersonId).HasMaxLength(IdLength).IsUnicode(false);
        e.Property(x => x.SecretaryReason).HasMaxLength(ShortTextLength);
        e.HasOne<Branch>().WithMany().HasForeignKey(x => x.BranchId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Person>().WithMany().HasForeignKey(x => x.SecretaryPersonId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(x => x.Members).WithOne().HasForeignKey(x => x.PartyBranchId).OnDelete(DeleteBehavior.Cascade);

        // One special party branch per branch (000 §4.2.1).
        e.HasIndex(x => x.BranchId).IsUnique();
    }
}

internal sealed class PartyBranchMemberConfiguration : IEntityTypeConfiguration<PartyBranchMember>
{
    public void Configure(EntityTypeBuilder<PartyBranchMember> e)
    {
        e.ToTable("assoc_party_branch_members");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasMaxLength(IdLength).IsUnicode(false);
        e.Property(x => x.PartyBranchId).HasMaxLength(IdLength).IsUnicode(false).IsRequired();
        e.Property(x => x.PersonId).HasMaxLength(IdLength).IsUnicode(false).IsRequired();
        e.Property(x => x.AssessmentComment).HasMaxLength(ShortTextLength);
        e.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => new { x.PartyBranchId, x.PersonId }).IsUnique();
    }
}

internal sealed class AssessmentConfiguration : IEntityTypeConfiguration<Assessment>
{
    public void Configure(EntityTypeBuilder<Assessment> e)
    {
        e.ToTable("assoc_assessments");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasMaxLength(IdLength).IsUnicode(false);
        e.Property(x => x.BranchId).HasMaxLength(IdLength).IsUnicode(false).IsRequired();
        e.Property(x => x.SelfScoreTarget).HasPrecision(5, 2);
        e.Property(x => x.SelfScoreIdeology).HasPrecision(5, 2);
        e.Property(x => x.SelfScoreIntegrity).HasPrecision(5, 2);
        e.Property(x => x.ReviewScoreTarget).HasPrecision(5, 2);
        e.Property(x => x.ReviewScoreIdeology).HasPrecision(5, 2);
        e.Property(x => x.ReviewScoreIntegrity).HasPrecision(5, 2);
        e.Property(x => x.SelfEvidence).HasMaxLength(LongTextLength);
        e.Property(x => x.ReviewComment).HasMaxLength(LongTextLength);
        e.Property(x => x.WorkflowInstanceId).HasMaxLength(IdLength).IsUnicode(false);
        e.HasOne<Branch>().WithMany().HasForeignKey(x => x.BranchId).OnDelete(DeleteBehavior.Cascade);

        // One assessment per branch and year (P3); the yearly job relies on it to be re-runnable.
        e.HasIndex(x => new { x.BranchId, x.Year }).IsUnique();
        e.HasIndex(x => new { x.Year, x.Status });
    }
}

internal sealed class ActivityApplicationConfiguration : IEntityTypeConfiguration<ActivityApplication>
{
    public void Configure(EntityTypeBuilder<ActivityApplication> e)
    {
        e.ToTable("assoc_activity_applications");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasMaxLength(IdLength).IsUnicode(false);
        e.Property(x => x.BranchId).HasMaxLength(IdLength).IsUnicode(false).IsRequired();
        e.Property(x => x.Title).HasMaxLength(NameLength).IsRequired();
        e.Property(x => x.Venue).HasMaxLength(NameLength);
        e.Property(x => x.Budget).HasPrecision(18, 2);
        e.Property(x => x.Sponsors).HasMaxLength(ShortTextLength);
        e.Property(x => x.Partners).HasMaxLength(ShortTextLength);
        e.Property(x => x.Agenda).HasMaxLength(LongTextLength);
        e.Property(x => x.DecisionComment).HasMaxLength(ShortTextLength);
        e.Property(x => x.ApplicantUserName).HasMaxLength(NameLength);
        e.Property(x => x.WorkflowInstanceId).HasMaxLength(IdLength).IsUnicode(false);
        e.HasOne<Branch>().WithMany().HasForeignKey(x => x.BranchId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => new { x.BranchId, x.Status });
        e.HasIndex(x => new { x.Status, x.StartsAtUtc });
    }
}

internal sealed class FoundingApplicationConfiguration : IEntityTypeConfiguration<FoundingApplication>
{
    public void Configure(EntityTypeBuilder<FoundingApplication> e)
    {
        e.ToTable("assoc_founding_applications");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasMaxLength(IdLength).IsUnicode(false);
        e.Property(x => x.ProposedName).HasMaxLength(NameLength).IsRequired();
        e.Property(x => x.Discipline).HasMaxLength(NameLength);
        e.Property(x => x.ProposedChairUnitId).HasMaxLength(IdLength).IsUnicode(false);
        e.Property(x => x.ProposedChairPersonId).HasMaxLength(IdLength).IsUnicode(false);
        e.Property(x => x.Evidence).HasMaxLength(LongTextLength);
        e.Property(x => x.DecisionReason).HasMaxLength(ShortTextLength);
        e.Property(x => x.WarningsAcknowledgement).HasMaxLength(ShortTextLength);
        e.Property(x => x.ApplicantUserName).HasMaxLength(NameLength);
        e.Property(x => x.ResultingBranchId).HasMaxLength(IdLength).IsUnicode(false);
        e.Property(x => x.WorkflowInstanceId).HasMaxLength(IdLength).IsUnicode(false);
        e.HasOne<MemberUnit>().WithMany().HasForeignKey(x => x.ProposedChairUnitId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Person>().WithMany().HasForeignKey(x => x.ProposedChairPersonId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Branch>().WithMany().HasForeignKey(x => x.ResultingBranchId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(x => x.ProposedOfficeHolders).WithOne().HasForeignKey(x => x.FoundingApplicationId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(x => x.Votes).WithOne().HasForeignKey(x => x.FoundingApplicationId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => new { x.Status, x.Kind });
    }
}

internal sealed class FoundingOfficeHolderConfiguration : IEntityTypeConfiguration<FoundingOfficeHolder>
{
    public void Configure(EntityTypeBuilder<FoundingOfficeHolder> e)
    {
        e.ToTable("assoc_founding_office_holders");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasMaxLength(IdLength).IsUnicode(false);
        e.Property(x => x.FoundingApplicationId).HasMaxLength(IdLength).IsUnicode(false).IsRequired();
        e.Property(x => x.PersonId).HasMaxLength(IdLength).IsUnicode(false).IsRequired();
        e.Property(x => x.MemberUnitId).HasMaxLength(IdLength).IsUnicode(false);
        e.Property(x => x.DistrictId).HasMaxLength(12).IsUnicode(false);
        e.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<MemberUnit>().WithMany().HasForeignKey(x => x.MemberUnitId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<District>().WithMany().HasForeignKey(x => x.DistrictId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => new { x.FoundingApplicationId, x.PersonId }).IsUnique();
    }
}

internal sealed class FoundingVoteConfiguration : IEntityTypeConfiguration<FoundingVote>
{
    public void Configure(EntityTypeBuilder<FoundingVote> e)
    {
        e.ToTable("assoc_founding_votes");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasMaxLength(IdLength).IsUnicode(false);
        e.Property(x => x.FoundingApplicationId).HasMaxLength(IdLength).IsUnicode(false).IsRequired();
        e.Property(x => x.VoterUserName).HasMaxLength(NameLength).IsRequired();

        // One vote per council member and application.
        e.HasIndex(x => new { x.FoundingApplicationId, x.VoterUserName }).IsUnique();
    }
}
