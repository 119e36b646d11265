using System.Globalization;
using System.Text.Json.Serialization;
using Workflows.Association.Domain;
using Workflows.Association.Json;

namespace Workflows.Association.Rules;

/// <summary>How the leadership group signs an activity approval task.</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<CountersignMode>))]
public enum CountersignMode
{
    /// <summary>One leader's signature decides (any one holder of the role).</summary>
    Any,

    /// <summary>Every group member must sign (会签).</summary>
    All,
}

public sealed record ActivityPreApprovalInput
{
    public ActivityType Type { get; init; }

    /// <summary>The branch's current status, read from the database.</summary>
    public BranchStatus BranchStatus { get; init; }

    public DateTimeOffset StartsAt { get; init; }

    public DateTimeOffset? EndsAt { get; init; }

    /// <summary>Budget in CNY.</summary>
    public decimal? Budget { get; init; }

    /// <summary>Whether a meeting or cooperation involves income or spending (fees, venue, travel).</summary>
    public bool InvolvesFunds { get; init; }
}

/// <summary>
/// Prior approval of branch activities by the leadership group (000 §6.3): branches have no legal personality
/// and income and spending are managed centrally, so nothing happens without approval.
/// </summary>
public static class ActivityRules
{
    private static readonly TimeSpan BeijingOffset = TimeSpan.FromHours(8);

    /// <summary>
    /// Sponsorship/exhibitions and centralised procurement move money by their nature and always need a budget;
    /// a meeting or an external cooperation needs one when it involves funds.
    /// </summary>
    public static bool RequiresBudget(ActivityType type, bool involvesFunds) =>
        type is ActivityType.Sponsorship or ActivityType.Procurement || involvesFunds;

    /// <summary>
    /// Sponsorship and procurement need every leadership-group member's signature; other types one leader's
    /// (processes P4 step 3, reading 000 §6.3's economic-activity ban strictly for money-raising and buying).
    /// </summary>
    public static CountersignMode ApprovalMode(ActivityType type) =>
        type is ActivityType.Sponsorship or ActivityType.Procurement ? CountersignMode.All : CountersignMode.Any;

    /// <summary>Automatic checks before the leadership group sees the request (P4 step 2).</summary>
    public static RuleCheckResult CheckPreApproval(ActivityPreApprovalInput input, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(input);
        var rules = new List<RuleResult>();

        // Only an active branch may act: not one suspended or under rectification.
        var active = input.BranchStatus == BranchStatus.Active;
        rules.Add(RuleResult.Hard(RuleNames.ActivityBranchActive, "000 §6.3", active,
            active ? "分会状态正常" : $"分会当前状态为“{input.BranchStatus.Zh()}”，仅状态正常的分会可申请举办活动",
            active ? "The branch is active" : $"The branch is {EnumWire.ToWire(input.BranchStatus)}; only an active branch may apply"));

        // Approval must come before the event (事前审批): the start must lie strictly in the future.
        var future = input.StartsAt > now;
        rules.Add(RuleResult.Hard(RuleNames.ActivityStartsInFuture, "000 §6.3", future,
            future
                ? $"活动开始时间 {BeijingZh(input.StartsAt)} 晚于当前时间 {BeijingZh(now)}"
                : $"活动开始时间 {BeijingZh(input.StartsAt)} 不晚于当前时间 {BeijingZh(now)}；须事前审批，开始时间应在将来",
            future
                ? $"Starts {Beijing(input.StartsAt)}, after now ({Beijing(now)})"
                : $"Starts {Beijing(input.StartsAt)}, not after now ({Beijing(now)}); approval must come first, so the start must be in the future"));

        if (input.EndsAt is { } ends)
        {
            var ordered = ends >= input.StartsAt;
            rules.Add(RuleResult.Hard(RuleNames.ActivityDates, "000 §6.3", ordered,
                ordered ? $"活动结束时间 {BeijingZh(ends)} 不早于开始时间" : $"活动结束时间 {BeijingZh(ends)} 早于开始时间 {BeijingZh(input.StartsAt)}",
                ordered ? $"Ends {Beijing(ends)}, not before the start" : $"Ends {Beijing(ends)}, before the start {Beijing(input.StartsAt)}"));
        }

        if (RequiresBudget(input.Type, input.InvolvesFunds))
        {
            var given = input.Budget is > 0;
            rules.Add(RuleResult.Hard(RuleNames.ActivityBudget, "000 §6.3", given,
                given
                    ? $"{input.Type.Zh()}已填写预算 {Fmt.Money(input.Budget!.Value)} 元"
                    : $"{input.Type.Zh()}涉及资金收支，须填写大于 0 的预算（收支由协会统一管理）",
                given
                    ? $"Budget given: CNY {Fmt.Money(input.Budget!.Value)}"
                    : "Money is involved: a budget above zero is required (income and spending are managed centrally)"));
        }

        return new RuleCheckResult(rules);
    }

    private static string Beijing(DateTimeOffset value) => Minutes(value) + " (UTC+8)";

    // The Chinese text names the zone in Chinese, as every other time on the zh-CN pages does.
    private static string BeijingZh(DateTimeOffset value) => Minutes(value) + "（北京时间）";

    private static string Minutes(DateTimeOffset value) =>
        value.ToOffset(BeijingOffset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
