using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workflows.Association.Domain;
using Workflows.Association.Json;
using Workflows.Association.Rules.Validation;
using Workflows.Engine.Expressions;

namespace Workflows.Association.Applications;

public sealed record ProposedOfficeHolder(string PersonId, OfficePosition Position, string? MemberUnitId, string? DistrictId);

/// <summary>A founding application as submitted (P1 step 1); the workflow input <c>Application</c>.</summary>
public sealed record FoundingApplicationData
{
    public BranchKind Kind { get; init; }
    public required string Name { get; init; }
    public ClinicCategory? ClinicCategory { get; init; }
    public string? Discipline { get; init; }
    public bool SecondLevelDiscipline { get; init; }
    public int? UnitsWithDepartment { get; init; }
    public string? ChairUnitId { get; init; }
    public string? ChairPersonId { get; init; }
    public bool FundingCommitment { get; init; }
    public int? CommitteeSize { get; init; }
    public int? DistrictsCovered { get; init; }
    public int? StandingMembersPerDistrict { get; init; }
    public string? Evidence { get; init; }
    public IReadOnlyList<ProposedOfficeHolder> OfficeHolders { get; init; } = [];
}

/// <summary>An activity pre-approval request (P4 step 1).</summary>
public sealed record ActivityApplicationData
{
    public required string BranchId { get; init; }
    public ActivityType Type { get; init; }
    public required string Title { get; init; }
    public DateTimeOffset StartsAt { get; init; }
    public DateTimeOffset EndsAt { get; init; }
    public string? Venue { get; init; }
    public decimal? Budget { get; init; }
    public bool InvolvesFunds { get; init; }
    public string? Sponsors { get; init; }
    public string? Partners { get; init; }
    public string? Agenda { get; init; }
}

/// <summary>A quality-review (or credit / star rating) application (P5 step 1).</summary>
public sealed record QualityReviewApplicationData
{
    public required string InstitutionId { get; init; }
    public QualityReviewKind Kind { get; init; }
    public string? Description { get; init; }
}

/// <summary>
/// Reads the three application forms from JSON and checks them against the register, reporting every bad
/// field with its path and a Chinese message (English beside it). The start pages show these messages next to
/// the fields; the workflows' register activities run the same parser and fault with them, so an application
/// started through the API is held to the same rules.
/// </summary>
public static class ApplicationForms
{
    public static async Task<InputParseResult<FoundingApplicationData>> ParseFoundingAsync(JsonNode? body, DbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var r = new JsonFieldReader();
        var root = r.Root(body);
        if (root is null)
        {
            return new(null, r.Errors);
        }

        var kind = r.Enum<BranchKind>(root, "", "kind", required: true);
        var name = RequiredText(r, root, "name", 200);
        var category = kind == BranchKind.Clinic ? r.Enum<ClinicCategory>(root, "", "clinicCategory", required: true) : null;
        var discipline = OptionalText(r, root, "discipline", 200);
        if (kind == BranchKind.Academic && discipline is null)
        {
            r.Error("discipline", "学术分会须填写学科", "an academic branch needs a discipline");
        }

        var secondLevel = r.Bool(root, "", "secondLevelDiscipline", required: false) ?? false;
        var units = r.Integer(root, "", "unitsWithDepartment", required: kind == BranchKind.Academic && secondLevel);
        var funding = r.Bool(root, "", "fundingCommitment", required: true) ?? false;
        var chairUnitId = OptionalText(r, root, "chairUnitId", 64);
        var chairPersonId = OptionalText(r, root, "chairPersonId", 64);
        if (kind == BranchKind.Academic && chairUnitId is null)
        {
            r.Error("chairUnitId", "学术分会须提出主任委员单位", "an academic branch needs a proposed chair unit");
        }

        int? size = null, districts = null, standing = null;
        if (kind == BranchKind.Clinic && r.Object(root, "", "committee", required: true) is { } committee)
        {
            size = r.Integer(committee, "committee", "size", required: true);
            districts = r.Integer(committee, "committee", "districtsCovered", required: true, max: 38);
            standing = r.Integer(committee, "committee", "standingMembersPerDistrict", required: true);
        }

        var holders = new List<ProposedOfficeHolder>();
        if (root.TryGetPropertyValue("officeHolders", out var holdersNode) && holdersNode is not null)
        {
            if (holdersNode is not JsonArray list)
            {
                r.Error("officeHolders", "必须为数组", "must be an array");
            }
            else
            {
                for (var i = 0; i < list.Count; i++)
                {
                    var path = string.Create(CultureInfo.InvariantCulture, $"officeHolders[{i}]");
                    if (list[i] is not JsonObject item)
                    {
                        r.Error(path, "必须为对象", "must be an object");
                        continue;
                    }

                    var personId = RequiredText(r, item, "personId", 64, path);
                    var position = r.Enum<OfficePosition>(item, path, "position", required: true);
                    if (personId is not null && position is { } p)
                    {
                        holders.Add(new ProposedOfficeHolder(personId, p, OptionalText(r, item, "memberUnitId", 64, path), OptionalText(r, item, "districtId", 12, path)));
                    }
                }
            }
        }

        // References must exist: the database refuses dangling ids, and a typo should be reported, not stored.
        if (chairUnitId is not null && await db.Set<MemberUnit>().FindAsync([chairUnitId], cancellationToken) is null)
        {
            r.Error("chairUnitId", $"会员单位 {chairUnitId} 不存在", $"member unit {chairUnitId} does not exist");
        }

        if (chairPersonId is not null && await db.Set<Person>().FindAsync([chairPersonId], cancellationToken) is null)
        {
            r.Error("chairPersonId", $"人员 {chairPersonId} 不存在", $"person {chairPersonId} does not exist");
        }

        for (var i = 0; i < holders.Count; i++)
        {
            if (await db.Set<Person>().FindAsync([holders[i].PersonId], cancellationToken) is null)
            {
                r.Error(string.Create(CultureInfo.InvariantCulture, $"officeHolders[{i}].personId"), $"人员 {holders[i].PersonId} 不存在", $"person {holders[i].PersonId} does not exist");
            }
        }

        if (holders.GroupBy(h => h.PersonId).Any(g => g.Count() > 1))
        {
            r.Error("officeHolders", "同一人不能重复任职", "a person appears twice");
        }

        // Branch names are unique for good, dissolved and merged ones included (the history keeps them).
        if (name is not null && await db.Set<Branch>().AnyAsync(b => b.Name == name, cancellationToken))
        {
            r.Error("name", $"已有名为“{name}”的分会（含已撤销、已合并的）", $"a branch named {name} exists (dissolved and merged ones count)");
        }

        if (r.Errors.Count > 0 || kind is null || name is null)
        {
            return new(null, r.Errors);
        }

        return new(new FoundingApplicationData
        {
            Kind = kind.Value,
            Name = name,
            ClinicCategory = category,
            Discipline = discipline,
            SecondLevelDiscipline = kind == BranchKind.Academic && secondLevel,
            UnitsWithDepartment = units,
            ChairUnitId = chairUnitId,
            ChairPersonId = chairPersonId,
            FundingCommitment = funding,
            CommitteeSize = size,
            DistrictsCovered = districts,
            StandingMembersPerDistrict = standing,
            Evidence = OptionalText(r, root, "evidence", 8000),
            OfficeHolders = holders,
        }, r.Errors);
    }

    public static async Task<InputParseResult<ActivityApplicationData>> ParseActivityAsync(JsonNode? body, DbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var r = new JsonFieldReader();
        var root = r.Root(body);
        if (root is null)
        {
            return new(null, r.Errors);
        }

        var branchId = RequiredText(r, root, "branchId", 64);
        var type = r.Enum<ActivityType>(root, "", "type", required: true);
        var title = RequiredText(r, root, "title", 200);
        var starts = RequiredDate(r, root, "startsAt");
        var ends = RequiredDate(r, root, "endsAt");
        if (starts is not null && ends is not null && ends < starts)
        {
            r.Error("endsAt", "结束时间不能早于开始时间", "must not be before the start");
        }

        var budget = r.Number(root, "", "budget", required: false);
        if (branchId is not null && await db.Set<Branch>().FindAsync([branchId], cancellationToken) is null)
        {
            r.Error("branchId", $"分会 {branchId} 不存在", $"branch {branchId} does not exist");
        }

        if (r.Errors.Count > 0 || branchId is null || type is null || title is null || starts is null || ends is null)
        {
            return new(null, r.Errors);
        }

        return new(new ActivityApplicationData
        {
            BranchId = branchId,
            Type = type.Value,
            Title = title,
            StartsAt = starts.Value,
            EndsAt = ends.Value,
            Venue = OptionalText(r, root, "venue", 200),
            Budget = budget,
            InvolvesFunds = r.Bool(root, "", "involvesFunds", required: false) ?? false,
            Sponsors = OptionalText(r, root, "sponsors", 1000),
            Partners = OptionalText(r, root, "partners", 1000),
            Agenda = OptionalText(r, root, "agenda", 8000),
        }, r.Errors);
    }

    public static async Task<InputParseResult<QualityReviewApplicationData>> ParseQualityReviewAsync(JsonNode? body, DbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var r = new JsonFieldReader();
        var root = r.Root(body);
        if (root is null)
        {
            return new(null, r.Errors);
        }

        var institutionId = RequiredText(r, root, "institutionId", 64);
        var kind = r.Enum<QualityReviewKind>(root, "", "kind", required: true);
        if (institutionId is not null && await db.Set<MemberUnit>().FindAsync([institutionId], cancellationToken) is null)
        {
            r.Error("institutionId", $"机构 {institutionId} 不存在", $"institution {institutionId} does not exist");
        }

        if (r.Errors.Count > 0 || institutionId is null || kind is null)
        {
            return new(null, r.Errors);
        }

        return new(new QualityReviewApplicationData { InstitutionId = institutionId, Kind = kind.Value, Description = OptionalText(r, root, "description", 8000) }, r.Errors);
    }

    /// <summary>Merges the fields a revision form sent (non-empty ones) over an application's JSON.</summary>
    public static JsonObject Merge(JsonObject original, JsonObject? changes)
    {
        ArgumentNullException.ThrowIfNull(original);
        var merged = (JsonObject)original.DeepClone();
        foreach (var (key, value) in changes ?? [])
        {
            if (value is null || (value is JsonValue v && v.GetValueKind() == JsonValueKind.String && string.IsNullOrWhiteSpace(v.GetValue<string>())))
            {
                continue;
            }

            merged[key] = value.DeepClone();
        }

        return merged;
    }

    private static string? RequiredText(JsonFieldReader r, JsonObject parent, string name, int maxLength, string prefix = "")
    {
        var text = OptionalText(r, parent, name, maxLength, prefix);
        if (text is null && !r.Errors.Any(e => e.Path == JsonFieldReader.Join(prefix, name)))
        {
            r.Error(JsonFieldReader.Join(prefix, name), "必填", "is required");
        }

        return text;
    }

    private static string? OptionalText(JsonFieldReader r, JsonObject parent, string name, int maxLength, string prefix = "")
    {
        if (!parent.TryGetPropertyValue(name, out var node) || node is null)
        {
            return null;
        }

        var path = JsonFieldReader.Join(prefix, name);
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
        {
            r.Error(path, "必须为文字", "must be a string");
            return null;
        }

        var text = value.GetValue<string>().Trim();
        if (text.Length > maxLength)
        {
            r.Error(path, $"不能超过 {maxLength} 个字", $"must not exceed {maxLength} characters");
            return null;
        }

        return text.Length == 0 ? null : text;
    }

    private static DateTimeOffset? RequiredDate(JsonFieldReader r, JsonObject parent, string name)
    {
        if (!parent.TryGetPropertyValue(name, out var node) || node is null || ValueConversion.ToText(node) is not { Length: > 0 })
        {
            r.Error(name, "必填（日期时间，如 2026-05-20T09:00）", "is required (a date and time)");
            return null;
        }

        if (ValueConversion.ToDateTimeOffset(node) is { } parsed)
        {
            return parsed;
        }

        r.Error(name, "不是有效的日期时间（如 2026-05-20T09:00，未写时区按北京时间）", "is not a valid date and time");
        return null;
    }
}
