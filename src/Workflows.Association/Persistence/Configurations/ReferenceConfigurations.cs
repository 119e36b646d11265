using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Workflows.Association.Domain;
using static Workflows.Association.Persistence.AssociationModel;

namespace Workflows.Association.Persistence.Configurations;

internal sealed class DistrictConfiguration : IEntityTypeConfiguration<District>
{
    public void Configure(EntityTypeBuilder<District> e)
    {
        e.ToTable("assoc_districts");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasMaxLength(12).IsUnicode(false);
        e.Property(x => x.Name).HasMaxLength(NameLength).IsRequired();
        e.Property(x => x.NameEn).HasMaxLength(NameLength).IsRequired();
        e.HasIndex(x => x.Name).IsUnique();
    }
}

internal sealed class AssociationRoleConfiguration : IEntityTypeConfiguration<AssociationRole>
{
    public void Configure(EntityTypeBuilder<AssociationRole> e)
    {
        e.ToTable("assoc_roles");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasMaxLength(CodeLength * 2).IsUnicode(false);
        e.Property(x => x.Name).HasMaxLength(NameLength).IsRequired();
        e.Property(x => x.NameEn).HasMaxLength(NameLength).IsRequired();
        e.Property(x => x.Description).HasMaxLength(ShortTextLength).IsRequired();
        e.Property(x => x.DescriptionEn).HasMaxLength(ShortTextLength).IsRequired();
    }
}

internal sealed class MemberUnitConfiguration : IEntityTypeConfiguration<MemberUnit>
{
    public void Configure(EntityTypeBuilder<MemberUnit> e)
    {
        e.ToTable("assoc_member_units");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasMaxLength(IdLength).IsUnicode(false);
        e.Property(x => x.Name).HasMaxLength(NameLength).IsRequired();
        e.Property(x => x.DistrictId).HasMaxLength(12).IsUnicode(false).IsRequired();
        e.Property(x => x.Address).HasMaxLength(ShortTextLength);
        e.Property(x => x.GradeLabel).HasMaxLength(CodeLength);
        e.Property(x => x.FloorAreaSqm).HasPrecision(10, 2);
        e.Property(x => x.LeaseYears).HasPrecision(5, 1);
        e.HasOne<District>().WithMany().HasForeignKey(x => x.DistrictId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(x => x.Inspections).WithOne().HasForeignKey(x => x.MemberUnitId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(x => x.Revenues).WithOne().HasForeignKey(x => x.MemberUnitId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(x => x.KeySpecialties).WithOne().HasForeignKey(x => x.MemberUnitId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(x => x.Departments).WithOne().HasForeignKey(x => x.MemberUnitId).OnDelete(DeleteBehavior.Cascade);

        // Lists filter units by kind/category within a district, and look them up by name.
        e.HasIndex(x => x.Name);
        e.HasIndex(x => new { x.Kind, x.ClinicCategory });
        e.HasIndex(x => x.DistrictId);
    }
}

internal sealed class MemberUnitInspectionConfiguration : IEntityTypeConfiguration<MemberUnitInspection>
{
    public void Configure(EntityTypeBuilder<MemberUnitInspection> e)
    {
        e.ToTable("assoc_unit_inspections");
        e.HasKey(x => new { x.MemberUnitId, x.Year });
        e.Property(x => x.MemberUnitId).HasMaxLength(IdLength).IsUnicode(false);
    }
}

internal sealed class MemberUnitRevenueConfiguration : IEntityTypeConfiguration<MemberUnitRevenue>
{
    public void Configure(EntityTypeBuilder<MemberUnitRevenue> e)
    {
        e.ToTable("assoc_unit_revenues");
        e.HasKey(x => new { x.MemberUnitId, x.Year });
        e.Property(x => x.MemberUnitId).HasMaxLength(IdLength).IsUnicode(false);

        // SQLite stores decimal as TEXT: average revenues in memory (MemberUnit.AverageRevenue), not in SQL.
        e.Property(x => x.AmountCny).HasPrecision(18, 2);
    }
}

internal sealed class MemberUnitKeySpecialtyConfiguration : IEntityTypeConfiguration<MemberUnitKeySpecialty>
{
    public void Configure(EntityTypeBuilder<MemberUnitKeySpecialty> e)
    {
        e.ToTable("assoc_unit_key_specialties");
        e.HasKey(x => new { x.MemberUnitId, x.Name });
        e.Property(x => x.MemberUnitId).HasMaxLength(IdLength).IsUnicode(false);
        e.Property(x => x.Name).HasMaxLength(NameLength);
    }
}

internal sealed class MemberUnitDepartmentConfiguration : IEntityTypeConfiguration<MemberUnitDepartment>
{
    public void Configure(EntityTypeBuilder<MemberUnitDepartment> e)
    {
        e.ToTable("assoc_unit_departments");
        e.HasKey(x => new { x.MemberUnitId, x.Name });
        e.Property(x => x.MemberUnitId).HasMaxLength(IdLength).IsUnicode(false);
        e.Property(x => x.Name).HasMaxLength(NameLength);

        // "How many units have a 内科 department" (001 §9(2)) is a count by name.
        e.HasIndex(x => x.Name);
    }
}

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> e)
    {
        e.ToTable("assoc_people");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasMaxLength(IdLength).IsUnicode(false);
        e.Property(x => x.Name).HasMaxLength(NameLength).IsRequired();
        e.Property(x => x.MemberUnitId).HasMaxLength(IdLength).IsUnicode(false);
        e.Property(x => x.Affiliation).HasMaxLength(NameLength);
        e.Property(x => x.TitleName).HasMaxLength(CodeLength * 2);
        e.Property(x => x.Specialty).HasMaxLength(NameLength);
        e.Property(x => x.Email).HasMaxLength(EmailLength);
        e.Property(x => x.Phone).HasMaxLength(CodeLength);
        e.Property(x => x.UserName).HasMaxLength(NameLength);
        e.HasOne<MemberUnit>().WithMany().HasForeignKey(x => x.MemberUnitId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => x.MemberUnitId);
        e.HasIndex(x => x.Name);

        // One person per login. SQLite and PostgreSQL both allow many NULLs in a unique index.
        e.HasIndex(x => x.UserName).IsUnique();
    }
}
