using System.Globalization;
using System.Text.Json.Nodes;
using Workflows.Engine.Expressions;
using Workflows.Engine.Model;

namespace Workflows.Runtime.Inbox;

public enum CountersignMode
{
    /// <summary>会签: every signer must approve.</summary>
    All,

    /// <summary>或签: one approval is enough.</summary>
    Any,

    /// <summary>票签: more than <see cref="CountersignSettings.Ratio"/> of the signers must approve.</summary>
    Ratio,
}

public enum CountersignOrder
{
    Parallel,

    /// <summary>One signer at a time, in the listed order.</summary>
    Sequential,
}

public enum CountersignRejectRule
{
    /// <summary>一票否决: the first rejection ends the countersign as rejected.</summary>
    AnyReject,

    /// <summary>Rejection is decided only once every signer has voted (approval may still be decided early).</summary>
    AfterAll,
}

/// <summary>
/// The HumanTask's Countersign input: <c>{mode: all|any|ratio, ratio: 0.5, order: parallel|sequential,
/// rejectRule: anyReject|afterAll, signers: [...], approveOutcome: "Approve", rejectOutcome: "Reject"}</c>.
/// Defaults: all, parallel, anyReject (afterAll for ratio: a vote is counted to the end), signers from the task's
/// assignees or, failing those, every holder of its candidate role at creation.
/// </summary>
public sealed record CountersignSettings(
    CountersignMode Mode,
    double Ratio,
    CountersignOrder Order,
    CountersignRejectRule RejectRule,
    IReadOnlyList<string> Signers,
    string ApproveOutcome,
    string RejectOutcome)
{
    /// <summary>
    /// An outcome that is a vote neither for nor against (弃权): the signer is present and counted, and the
    /// countersign goes on. Without it every outcome other than approve/reject ends the countersign at once.
    /// </summary>
    public string? AbstainOutcome { get; init; }

    /// <summary>
    /// ratio mode: "present" counts the ratio among those who voted (approve, reject or abstain; a removed signer
    /// is absent), as "majority of those present" (processes.md P1 step 7); "signers" (default) among all signers.
    /// </summary>
    public bool RatioOfPresent { get; init; }

    /// <summary>The share of all listed signers that must have voted for the vote to count (法定人数); 0 for none.</summary>
    public double Quorum { get; init; }

    public static (CountersignSettings? Settings, string? Error) Parse(JsonObject json, IReadOnlyList<string> taskOutcomes)
    {
        var modeText = json.GetString("mode")?.Trim().ToLowerInvariant() ?? "all";
        CountersignMode? mode = modeText switch
        {
            "all" or "会签" => CountersignMode.All,
            "any" or "或签" => CountersignMode.Any,
            "ratio" or "vote" or "票签" => CountersignMode.Ratio,
            _ => null,
        };
        if (mode is null) return (null, $"会签方式 {modeText} 无效，可选 all、any、ratio。 / Countersign mode {modeText} is not all, any or ratio.");

        var ratio = ValueConversion.ToNumber(json["ratio"]) ?? 0.5;
        if (mode == CountersignMode.Ratio && (ratio < 0 || ratio >= 1 || double.IsNaN(ratio)))
            return (null, $"票签比例 {ratio.ToString(CultureInfo.InvariantCulture)} 无效，应在 0 到 1 之间（不含 1）。 / The ratio must be at least 0 and below 1.");

        var orderText = json.GetString("order")?.Trim().ToLowerInvariant() ?? "parallel";
        CountersignOrder? order = orderText switch
        {
            "parallel" or "并行" => CountersignOrder.Parallel,
            "sequential" or "serial" or "顺序" => CountersignOrder.Sequential,
            _ => null,
        };
        if (order is null) return (null, $"会签顺序 {orderText} 无效，可选 parallel、sequential。 / Countersign order {orderText} is not parallel or sequential.");

        var rejectText = json.GetString("rejectRule")?.Trim().ToLowerInvariant();
        CountersignRejectRule? reject = rejectText switch
        {
            null or "" => mode == CountersignMode.Ratio ? CountersignRejectRule.AfterAll : CountersignRejectRule.AnyReject,
            "anyreject" or "veto" => CountersignRejectRule.AnyReject,
            "afterall" => CountersignRejectRule.AfterAll,
            _ => null,
        };
        if (reject is null) return (null, $"驳回规则 {rejectText} 无效，可选 anyReject、afterAll。 / Reject rule {rejectText} is not anyReject or afterAll.");

        var approve = json.GetString("approveOutcome") ?? "Approve";
        var rejectOutcome = json.GetString("rejectOutcome") ?? "Reject";
        foreach (var outcome in new[] { approve, rejectOutcome })
        {
            if (!taskOutcomes.Contains(outcome, StringComparer.Ordinal))
                return (null, $"会签需要办理结果 {outcome}，但此待办的结果只有 {string.Join("、", taskOutcomes)}。 / Countersign needs outcome {outcome}; the task offers {string.Join(", ", taskOutcomes)}.");
        }

        var abstain = json.GetString("abstainOutcome");
        if (abstain is not null && (!taskOutcomes.Contains(abstain, StringComparer.Ordinal) || abstain == approve || abstain == rejectOutcome))
            return (null, $"弃权结果 {abstain} 须是此待办的另一个办理结果。 / The abstain outcome {abstain} must be another outcome of the task.");
        var baseText = json.GetString("base")?.Trim().ToLowerInvariant() ?? "signers";
        if (baseText is not ("signers" or "present"))
            return (null, $"计票基数 {baseText} 无效，可选 signers、present。 / Countersign base {baseText} is not signers or present.");
        var quorum = ValueConversion.ToNumber(json["quorum"]) ?? 0;
        if (quorum < 0 || quorum > 1 || double.IsNaN(quorum))
            return (null, "法定人数比例应在 0 到 1 之间。 / The quorum must be between 0 and 1.");

        var signers = ValueConversion.ToStringList(json["signers"]).Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        return (new CountersignSettings(mode.Value, ratio, order.Value, reject.Value, signers, approve, rejectOutcome)
        {
            AbstainOutcome = abstain,
            RatioOfPresent = baseText == "present",
            Quorum = quorum,
        }, null);
    }

    public static CountersignSettings? FromTask(Persistence.TaskRecord task) =>
        task.CountersignJson is not null && ValueConversion.TryParse(task.CountersignJson) is JsonObject json
            ? Parse(json, TaskJson.Outcomes(task)).Settings
            : null;
}
