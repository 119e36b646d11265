using System.Globalization;
using System.Text.Json.Serialization;
using Workflows.Association.Json;

namespace Workflows.Association.Rules;

/// <summary>How a rule's failure is treated.</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<RuleKind>))]
public enum RuleKind
{
    /// <summary>Blocks: the application is returned with the reason.</summary>
    Hard,

    /// <summary>"In principle" (原则上): a warning a reviewer must acknowledge with a reason.</summary>
    Soft,

    /// <summary>A judgement item a reviewer ticks in the task form; always reported as not (yet) passed, never blocks.</summary>
    Confirm,
}

/// <summary>One rule's outcome: <c>{rule, source, kind, passed, message, messageEn}</c>.</summary>
public sealed record RuleResult
{
    /// <summary>Stable name, e.g. "clinicBranch.committeeSize"; see <see cref="RuleNames"/>.</summary>
    [JsonPropertyName("rule")]
    public required string Rule { get; init; }

    /// <summary>The seed document and section, e.g. "000 §4.2.2".</summary>
    [JsonPropertyName("source")]
    public required string Source { get; init; }

    [JsonPropertyName("kind")]
    public required RuleKind Kind { get; init; }

    [JsonPropertyName("passed")]
    public required bool Passed { get; init; }

    /// <summary>Chinese message stating the threshold and the actual value.</summary>
    [JsonPropertyName("message")]
    public required string Message { get; init; }

    [JsonPropertyName("messageEn")]
    public required string MessageEn { get; init; }

    public static RuleResult Hard(string rule, string source, bool passed, string message, string messageEn) =>
        new() { Rule = rule, Source = source, Kind = RuleKind.Hard, Passed = passed, Message = message, MessageEn = messageEn };

    public static RuleResult Soft(string rule, string source, bool passed, string message, string messageEn) =>
        new() { Rule = rule, Source = source, Kind = RuleKind.Soft, Passed = passed, Message = message, MessageEn = messageEn };

    /// <summary>A judgement item: passed is false until a reviewer confirms it in the task form.</summary>
    public static RuleResult Confirm(string rule, string source, string message, string messageEn) =>
        new() { Rule = rule, Source = source, Kind = RuleKind.Confirm, Passed = false, Message = message, MessageEn = messageEn };
}

/// <summary>
/// The outcome of a check: <c>{eligible, rules:[…]}</c>. <see cref="Eligible"/> is true when every hard rule
/// passed; soft failures and confirm items never make it false.
/// </summary>
public record RuleCheckResult
{
    [JsonConstructor]
    public RuleCheckResult(IReadOnlyList<RuleResult> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        Rules = rules;
    }

    [JsonPropertyName("eligible")]
    [JsonPropertyOrder(-2)]
    public bool Eligible => Rules.All(r => r.Kind != RuleKind.Hard || r.Passed);

    [JsonPropertyName("rules")]
    [JsonPropertyOrder(-1)]
    public IReadOnlyList<RuleResult> Rules { get; }

    /// <summary>Hard rules that failed: the reasons to return an application.</summary>
    [JsonIgnore]
    public IReadOnlyList<RuleResult> Failures => Rules.Where(r => r.Kind == RuleKind.Hard && !r.Passed).ToArray();

    /// <summary>Soft rules that failed: warnings a reviewer must acknowledge with a reason.</summary>
    [JsonIgnore]
    public IReadOnlyList<RuleResult> Warnings => Rules.Where(r => r.Kind == RuleKind.Soft && !r.Passed).ToArray();

    /// <summary>Judgement items for the reviewer's checklist.</summary>
    [JsonIgnore]
    public IReadOnlyList<RuleResult> ToConfirm => Rules.Where(r => r.Kind == RuleKind.Confirm).ToArray();

    /// <summary>The result of one rule by name, or null when the rule did not apply.</summary>
    public RuleResult? Find(string rule) => Rules.FirstOrDefault(r => r.Rule == rule);
}

/// <summary>Number formatting for messages: invariant digits, thousands separators for money.</summary>
internal static class Fmt
{
    public static string N(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Money(decimal value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);

    public static string Date(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string ZhDate(DateOnly value) =>
        string.Create(CultureInfo.InvariantCulture, $"{value.Year}年{value.Month}月{value.Day}日");
}
