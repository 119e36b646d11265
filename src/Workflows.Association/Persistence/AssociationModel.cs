using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Workflows.Association.Domain;
using Workflows.Association.Json;
using Workflows.Association.Persistence.Configurations;

namespace Workflows.Association.Persistence;

/// <summary>
/// The Association's part of the EF Core model. The host's DbContext calls <see cref="Configure"/> from
/// OnModelCreating; this project deliberately has no DbContext of its own so that one context (and one
/// transaction) covers workflow state and domain data.
/// Every table is named assoc_*, uses only portable column types (SQLite and PostgreSQL), keeps enums as
/// camelCase strings and timestamps as UTC <see cref="DateTime"/>.
/// </summary>
public static class AssociationModel
{
    /// <summary>Length of id columns: GUID strings (36) and readable seed ids both fit.</summary>
    public const int IdLength = 64;

    public const int EnumLength = 32;
    public const int CodeLength = 32;
    public const int NameLength = 200;
    public const int EmailLength = 254;
    public const int ShortTextLength = 1000;
    public const int LongTextLength = 8000;

    public static void Configure(ModelBuilder b)
    {
        ArgumentNullException.ThrowIfNull(b);

        b.ApplyConfiguration(new DistrictConfiguration());
        b.ApplyConfiguration(new AssociationRoleConfiguration());
        b.ApplyConfiguration(new MemberUnitConfiguration());
        b.ApplyConfiguration(new MemberUnitInspectionConfiguration());
        b.ApplyConfiguration(new MemberUnitRevenueConfiguration());
        b.ApplyConfiguration(new MemberUnitKeySpecialtyConfiguration());
        b.ApplyConfiguration(new MemberUnitDepartmentConfiguration());
        b.ApplyConfiguration(new PersonConfiguration());
        b.ApplyConfiguration(new BranchConfiguration());
        b.ApplyConfiguration(new BranchOfficeHolderConfiguration());
        b.ApplyConfiguration(new PartyBranchConfiguration());
        b.ApplyConfiguration(new PartyBranchMemberConfiguration());
        b.ApplyConfiguration(new ExpertConfiguration());
        b.ApplyConfiguration(new AssessmentConfiguration());
        b.ApplyConfiguration(new ActivityApplicationConfiguration());
        b.ApplyConfiguration(new QualityReviewApplicationConfiguration());
        b.ApplyConfiguration(new ReviewPanelConfiguration());
        b.ApplyConfiguration(new PanelMemberConfiguration());
        b.ApplyConfiguration(new ExpertScoreConfiguration());
        b.ApplyConfiguration(new IntegrityPledgeConfiguration());
        b.ApplyConfiguration(new BadPracticeRecordConfiguration());
        b.ApplyConfiguration(new FoundingApplicationConfiguration());
        b.ApplyConfiguration(new FoundingOfficeHolderConfiguration());
        b.ApplyConfiguration(new FoundingVoteConfiguration());
        b.ApplyConfiguration(new ChairCandidateConfiguration());
        b.ApplyConfiguration(new PanelDrawConfiguration());
        b.ApplyConfiguration(new BranchRecordConfiguration());
        b.ApplyConfiguration(new CenterLeaderTermConfiguration());

        ApplyPortableConventions(b);
    }

    /// <summary>
    /// Applied to every Association entity after the configurations, so no property can be forgotten:
    /// enums become camelCase strings (readable, and stable when members are reordered), DateTimes are
    /// read back as UTC (SQLite returns Unspecified; Npgsql refuses non-UTC for timestamptz), and
    /// decimals get a precision so PostgreSQL does not fall back to unbounded numeric.
    /// </summary>
    private static void ApplyPortableConventions(ModelBuilder b)
    {
        var domainNamespace = typeof(District).Namespace;
        foreach (var entity in b.Model.GetEntityTypes().Where(e => e.ClrType.Namespace == domainNamespace))
        {
            foreach (var property in entity.GetProperties())
            {
                var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
                if (type.IsEnum)
                {
                    property.SetValueConverter(CreateEnumConverter(type));
                    property.SetMaxLength(EnumLength);
                    property.SetIsUnicode(false);
                }
                else if (type == typeof(DateTime))
                {
                    property.SetValueConverter(UtcDateTimeConverter);
                }
                else if (type == typeof(decimal) && property.GetPrecision() is null)
                {
                    property.SetPrecision(18);
                    property.SetScale(2);
                }
            }
        }
    }

    private static readonly ValueConverter<DateTime, DateTime> UtcDateTimeConverter = new(
        v => v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : DateTime.SpecifyKind(v, DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private static ValueConverter CreateEnumConverter(Type enumType)
    {
        var method = typeof(AssociationModel).GetMethod(nameof(CreateEnumConverterOf), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        return (ValueConverter)method.MakeGenericMethod(enumType).Invoke(null, null)!;
    }

    private static ValueConverter<TEnum, string> CreateEnumConverterOf<TEnum>()
        where TEnum : struct, Enum
    {
        Expression<Func<TEnum, string>> toProvider = v => EnumWire.ToWire(v);
        Expression<Func<string, TEnum>> fromProvider = v => EnumWire.FromWire<TEnum>(v);
        return new ValueConverter<TEnum, string>(toProvider, fromProvider);
    }

    /// <summary>The Association's table names, for hosts that need to check or clear them.</summary>
    public static IReadOnlyList<string> TableNames(IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.GetEntityTypes()
            .Select(e => e.GetTableName())
            .OfType<string>()
            .Where(n => n.StartsWith("assoc_", StringComparison.Ordinal))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToArray();
    }
}
