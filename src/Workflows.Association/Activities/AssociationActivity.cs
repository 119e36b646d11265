using System.Globalization;
using System.Linq.Expressions;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workflows.Association.Domain;
using Workflows.Association.Json;
using Workflows.Association.Rules;
using Workflows.Engine.Activities;
using Workflows.Engine.Execution;
using Workflows.Engine.Expressions;
using Workflows.Runtime.Execution;
using Workflows.Runtime.Persistence;
using static Workflows.Engine.Activities.Describe;

namespace Workflows.Association.Activities;

/// <summary>Toolbox categories of the Association's activities.</summary>
public static class AssociationCategories
{
    public static readonly LocalizedText Rules = new("协会·规则检查", "Association · Rules");
    public static readonly LocalizedText Founding = new("协会·分会成立", "Association · Branch founding");
    public static readonly LocalizedText PartyBranch = new("协会·特设党支部", "Association · Party branch");
    public static readonly LocalizedText Assessment = new("协会·年度考核", "Association · Annual assessment");
    public static readonly LocalizedText ActivityApproval = new("协会·活动审批", "Association · Activity approval");
    public static readonly LocalizedText QualityReview = new("协会·质量评审", "Association · Quality review");
    public static readonly LocalizedText Registry = new("协会·名册与记录", "Association · Registry");
}

/// <summary>
/// Base of the Association's activities. Each runs one domain step and completes on the outcome it returns.
/// Domain changes go through the burst's scoped <see cref="WorkflowsDbContext"/>, so they commit in the burst's
/// transaction together with the instance state, or not at all. Rows an activity creates get ids derived from
/// the instance (and activity), and every write is an upsert: a burst that is retried from its last committed
/// state, or a loop that runs the step again, finds what it wrote instead of writing it twice.
/// Validation happens before the first change, so an activity that faults leaves nothing half-written.
/// </summary>
public abstract class AssociationActivity : ActivityBase
{
    public const string TypePrefix = "Association.";

    // Chinese stays readable in stored JSON (audit records are read by people).
    internal static JsonSerializerOptions JsonOptions => RuleJson.Options;

    private static readonly TimeSpan BeijingOffset = TimeSpan.FromHours(8);

    public sealed override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var outcome = await RunAsync(context);
        context.Complete(outcome);
    }

    /// <summary>Does the step; returns the outcome (port) to continue on.</summary>
    protected abstract ValueTask<string> RunAsync(ActivityExecutionContext context);

    protected const string Done = "Done";

    protected static ActivityDescriptor Build(
        string name, LocalizedText category, string zh, string en, string descriptionZh, string descriptionEn,
        IReadOnlyList<InputDescriptor> inputs, IReadOnlyList<OutputDescriptor> outputs, params (string Name, string Zh, string En)[] outcomes) => new()
        {
            TypeName = TypePrefix + name,
            Name = name,
            Category = category,
            DisplayName = new(zh, en),
            Description = new(descriptionZh, descriptionEn),
            Inputs = inputs.Select((input, i) => input with { Order = i }).ToList(),
            Outputs = outputs,
            Ports = outcomes.Select(o => Flow(o.Name, o.Zh, o.En)).ToList(),
        };

    protected static InputDescriptor In(string name, string type, string zh, string en, string descriptionZh = "", string descriptionEn = "", string uiHint = "singleline", JsonObject? ui = null, JsonNode? defaultValue = null, bool required = false) =>
        Input(name, type, zh, en, descriptionZh, descriptionEn, uiHint: uiHint, uiSpecifications: ui, defaultValue: defaultValue, required: required);

    protected static OutputDescriptor Out(string name, string type, string zh, string en) => Output(name, type, zh, en);

    // ---- services and time -------------------------------------------------------------------------

    protected static WorkflowsDbContext Db(ActivityExecutionContext context) => context.GetRequiredService<WorkflowsDbContext>();

    protected static RuleThresholds Thresholds(ActivityExecutionContext context) => context.GetRequiredService<RuleThresholds>();

    /// <summary>Today in Chongqing: dates people read (founding date, deadlines) are Beijing dates.</summary>
    protected static DateOnly Today(ActivityExecutionContext context) => DateOnly.FromDateTime(context.Now.ToOffset(BeijingOffset).DateTime);

    protected static DateTime UtcNow(ActivityExecutionContext context) => context.Now.UtcDateTime;

    /// <summary>The end of a Beijing day (23:59:59 +08:00), the moment a deadline "by that date" passes.</summary>
    protected static DateTimeOffset EndOfDay(DateOnly date) => new(date.ToDateTime(new TimeOnly(23, 59, 59)), BeijingOffset);

    /// <summary>The user who started the instance (the applicant), when the burst runs in the runtime.</summary>
    protected static string? InitiatedBy(ActivityExecutionContext context) => context.GetService<BurstUnitOfWork>()?.Instance?.InitiatedBy;

    // ---- inputs ------------------------------------------------------------------------------------

    protected static async ValueTask<string> RequiredStringAsync(ActivityExecutionContext context, string input)
    {
        var value = await context.GetStringAsync(input);
        return string.IsNullOrWhiteSpace(value)
            ? throw new ActivityFaultException($"活动“{context.Node.Label}”缺少输入 {input}。 / Activity {context.Node.Id} needs input {input}.")
            : value.Trim();
    }

    protected static async ValueTask<string?> OptionalStringAsync(ActivityExecutionContext context, string input) =>
        await context.GetStringAsync(input) is { } text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;

    protected static async ValueTask<JsonObject> ObjectAsync(ActivityExecutionContext context, string input)
    {
        var value = await context.EvaluateInputAsync(input);
        if (value is JsonValue text && text.GetValueKind() == JsonValueKind.String && ValueConversion.TryParse(text.GetValue<string>()) is JsonObject parsed)
        {
            return parsed;
        }

        return value as JsonObject ?? [];
    }

    // ---- reading loosely typed form data -----------------------------------------------------------

    protected static string? Text(JsonObject data, string name) =>
        data.TryGetPropertyValue(name, out var node) && ValueConversion.ToText(node) is { } text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;

    protected static decimal? Number(JsonObject data, string name)
    {
        if (!data.TryGetPropertyValue(name, out var node) || node is null)
        {
            return null;
        }

        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
        {
            return decimal.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        return ValueConversion.ToText(node) is { } text && decimal.TryParse(text.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
    }

    protected static bool? Bool(JsonObject data, string name) =>
        data.TryGetPropertyValue(name, out var node) && node is not null ? ValueConversion.ToBool(node) : null;

    protected static DateTimeOffset? Date(JsonObject data, string name) =>
        data.TryGetPropertyValue(name, out var node) && node is not null && ValueConversion.ToText(node) is { Length: > 0 } ? ValueConversion.ToDateTimeOffset(node) : null;

    protected static TEnum? Enum<TEnum>(JsonObject data, string name)
        where TEnum : struct, Enum =>
        EnumWire.TryFromWire<TEnum>(Text(data, name), out var parsed) ? parsed : null;

    // ---- outputs -----------------------------------------------------------------------------------

    protected static JsonNode? ToNode<T>(T value) => JsonSerializer.SerializeToNode(value, JsonOptions);

    protected static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    /// <summary>Sets the standard outputs of a rule check and returns the outcome: Eligible, Warnings or Ineligible.</summary>
    protected static string SetCheckOutputs(ActivityExecutionContext context, RuleCheckResult result)
    {
        context.SetOutput("Result", ToNode(result));
        context.SetOutput("Eligible", result.Eligible);
        context.SetOutput("Failures", Strings(result.Failures.Select(f => f.Message)));
        context.SetOutput("Warnings", Strings(result.Warnings.Select(f => f.Message)));
        context.SetOutput("ToConfirm", Strings(result.ToConfirm.Select(f => f.Message)));
        context.JournalMessage = result.Eligible
            ? result.Warnings.Count > 0 ? $"符合硬性条件，{result.Warnings.Count} 项提示须确认" : "全部条件符合"
            : "不符合：" + string.Join("；", result.Failures.Select(f => f.Message));
        return !result.Eligible ? "Ineligible" : result.Warnings.Count > 0 ? "Warnings" : "Eligible";
    }

    protected static readonly OutputDescriptor[] CheckOutputs =
    [
        Out("Result", "Object", "检查结果", "Result"),
        Out("Eligible", "Boolean", "是否符合", "Eligible"),
        Out("Failures", "String[]", "不符合项", "Failures"),
        Out("Warnings", "String[]", "须确认的提示", "Warnings"),
        Out("ToConfirm", "String[]", "待人工确认事项", "To confirm"),
    ];

    protected static readonly (string, string, string)[] CheckOutcomes =
    [
        ("Eligible", "符合", "Eligible"),
        ("Warnings", "有提示须确认", "Warnings"),
        ("Ineligible", "不符合", "Ineligible"),
    ];

    // ---- domain look-ups ---------------------------------------------------------------------------

    /// <summary>
    /// The first entity matching <paramref name="predicate"/>, looking at what this burst added or changed before
    /// asking the database (a query does not see rows added earlier in the same, uncommitted burst).
    /// </summary>
    protected static async ValueTask<T?> FindAsync<T>(WorkflowsDbContext db, Expression<Func<T, bool>> predicate, CancellationToken cancellationToken)
        where T : class
    {
        var local = db.Set<T>().Local.FirstOrDefault(predicate.Compile());
        return local ?? await db.Set<T>().FirstOrDefaultAsync(predicate, cancellationToken);
    }

    protected static async ValueTask<T> RequireAsync<T>(WorkflowsDbContext db, string id, string whatZh, CancellationToken cancellationToken)
        where T : class =>
        await db.Set<T>().FindAsync([id], cancellationToken)
        ?? throw new ActivityFaultException($"{whatZh} {id} 不存在。 / {typeof(T).Name} {id} does not exist.");

    protected static async ValueTask<Branch> BranchAsync(WorkflowsDbContext db, string branchId, CancellationToken cancellationToken) =>
        await RequireAsync<Branch>(db, branchId, "分会", cancellationToken);

    /// <summary>
    /// The current chair of a branch and the person. Terms on record often ended on paper while the chair stays in
    /// office until replaced, so: the chair whose term is running (no end, or not yet ended), else the latest one.
    /// </summary>
    protected static async ValueTask<(BranchOfficeHolder Holder, Person Person)?> ChairAsync(WorkflowsDbContext db, string branchId, DateOnly today, CancellationToken cancellationToken)
    {
        var current = CurrentTerm(await HoldersAsync(db, branchId, [OfficePosition.Chair], cancellationToken), today).FirstOrDefault();
        if (current is null)
        {
            return null;
        }

        var person = await db.Set<Person>().FindAsync([current.PersonId], cancellationToken);
        return person is null ? null : (current, person);
    }

    /// <summary>Office holders of the given positions, including rows this burst added and excluding ones it removed.</summary>
    protected static async ValueTask<List<BranchOfficeHolder>> HoldersAsync(WorkflowsDbContext db, string branchId, OfficePosition[] positions, CancellationToken cancellationToken)
    {
        var stored = await db.Set<BranchOfficeHolder>().Where(h => h.BranchId == branchId && positions.Contains(h.Position)).ToListAsync(cancellationToken);
        return stored
            .Concat(db.Set<BranchOfficeHolder>().Local.Where(h => h.BranchId == branchId && positions.Contains(h.Position)))
            .Distinct()
            .Where(h => db.Entry(h).State != EntityState.Deleted)
            .ToList();
    }

    /// <summary>Holders whose term is running; if none is (terms lapsed on paper), those of the latest term.</summary>
    protected static IEnumerable<BranchOfficeHolder> CurrentTerm(IEnumerable<BranchOfficeHolder> holders, DateOnly today) =>
        OfficeTerms.Current(holders, today);

    /// <summary>
    /// Adds a line to the branch history once: the key is the instance, the activity and <paramref name="key"/>,
    /// so a step that runs again (a retried burst, a loop) finds its line instead of adding another.
    /// </summary>
    protected static async ValueTask<BranchRecord> RecordAsync(
        ActivityExecutionContext context, WorkflowsDbContext db, string branchId, BranchRecordKind kind, int? year, string summary, object? detail, string? key = null, string? recordedBy = null)
    {
        var idempotencyKey = $"{context.InstanceId}:{context.Node.Id}:{key ?? EnumWireName(kind)}";
        if (idempotencyKey.Length > AssociationModelLimits.KeyLength)
        {
            idempotencyKey = idempotencyKey[..AssociationModelLimits.KeyLength];
        }

        var existing = await FindAsync<BranchRecord>(db, r => r.IdempotencyKey == idempotencyKey, context.CancellationToken);
        var record = existing ?? new BranchRecord { Id = NewId(context, "br"), IdempotencyKey = idempotencyKey };
        record.BranchId = branchId;
        record.Kind = kind;
        record.Year = year;
        record.Summary = summary.Length > 1000 ? summary[..1000] : summary;
        record.DetailJson = detail is null ? null : JsonSerializer.Serialize(detail, JsonOptions);
        record.RecordedBy = recordedBy ?? InitiatedBy(context);
        record.RecordedAtUtc = UtcNow(context);
        record.WorkflowInstanceId = context.InstanceId;
        if (existing is null)
        {
            db.Add(record);
        }

        return record;
    }

    protected static string EnumWireName<TEnum>(TEnum value)
        where TEnum : struct, Enum => EnumWire.ToWire(value);

    /// <summary>A fresh id for a row this burst creates (ids are random; idempotency comes from natural keys).</summary>
    protected static string NewId(ActivityExecutionContext context, string prefix) => $"{prefix}-{context.NewId()}";

    protected static string Iso(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);

    protected static string ZhDate(DateOnly value) => string.Create(CultureInfo.InvariantCulture, $"{value.Year}年{value.Month}月{value.Day}日");
}

internal static class AssociationModelLimits
{
    public const int KeyLength = 200;
}
