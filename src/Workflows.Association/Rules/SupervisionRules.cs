using System.Text.Json.Serialization;
using Workflows.Association.Domain;

namespace Workflows.Association.Rules;

public sealed record BadPracticeResult : RuleCheckResult
{
    public BadPracticeResult(IReadOnlyList<RuleResult> rules, int totalPoints, bool warning)
        : base(rules)
    {
        TotalPoints = totalPoints;
        Warning = warning;
    }

    [JsonPropertyName("totalPoints")]
    public int TotalPoints { get; }

    /// <summary>True when the institution must be warned (实施警示).</summary>
    [JsonPropertyName("warning")]
    public bool Warning { get; }
}

/// <summary>Supervision rules: bad-practice points (003), insurance-fraud ban (004 §2.3.3), calendar duties.</summary>
public static class SupervisionRules
{
    /// <summary>
    /// A warning at 6 bad-practice points (003, Shanghai association). Reported as a soft rule: a warning
    /// a reviewer acknowledges; it does not by itself block anything.
    /// </summary>
    public static BadPracticeResult CheckBadPractice(int totalPoints, RuleThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        ArgumentOutOfRangeException.ThrowIfNegative(totalPoints);
        var warning = totalPoints >= thresholds.BadPracticeWarningPoints;
        var rule = RuleResult.Soft(RuleNames.BadPracticeWarning, "003", !warning,
            warning
                ? $"不良执业行为累计积分 {Fmt.N(totalPoints)} 分，已达 {Fmt.N(thresholds.BadPracticeWarningPoints)} 分警示线，应实施警示"
                : $"不良执业行为累计积分 {Fmt.N(totalPoints)} 分，未达 {Fmt.N(thresholds.BadPracticeWarningPoints)} 分警示线",
            warning
                ? $"{Fmt.N(totalPoints)} bad-practice points reach the warning line of {Fmt.N(thresholds.BadPracticeWarningPoints)}: issue a warning"
                : $"{Fmt.N(totalPoints)} bad-practice points, below the warning line of {Fmt.N(thresholds.BadPracticeWarningPoints)}");
        return new BadPracticeResult([rule], totalPoints, warning);
    }

    /// <summary>Sum of points of the records given (the caller picks the scoring period).</summary>
    public static int TotalPoints(IEnumerable<BadPracticeRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        return records.Sum(r => r.Points);
    }

    /// <summary>
    /// No new insurance-designation application within 3 years after an agreement was ended for fraud
    /// (004 §2.3.3). "Within 3 years" ends the day before the third anniversary: applying on the
    /// anniversary itself is allowed.
    /// </summary>
    public static RuleCheckResult CheckInsuranceApplication(DateOnly? agreementEndedForFraudOn, DateOnly applicationDate, RuleThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        const string source = "004 §2.3.3";
        if (agreementEndedForFraudOn is not { } ended)
        {
            return new RuleCheckResult(
            [
                RuleResult.Hard(RuleNames.InsuranceFraudBan, source, true,
                    "无因欺诈骗保被解除医保服务协议的记录", "No insurance agreement ended for fraud"),
            ]);
        }

        var allowedFrom = ended.AddYears(thresholds.InsuranceFraudBanYears);
        var ok = applicationDate >= allowedFrom;
        return new RuleCheckResult(
        [
            RuleResult.Hard(RuleNames.InsuranceFraudBan, source, ok,
                ok
                    ? $"医保服务协议于 {Fmt.ZhDate(ended)} 因欺诈骗保被解除，已满 {Fmt.N(thresholds.InsuranceFraudBanYears)} 年（{Fmt.ZhDate(allowedFrom)} 起可申请），申请日期 {Fmt.ZhDate(applicationDate)}"
                    : $"医保服务协议于 {Fmt.ZhDate(ended)} 因欺诈骗保被解除，{Fmt.N(thresholds.InsuranceFraudBanYears)} 年内不得申请医保定点，{Fmt.ZhDate(allowedFrom)} 起方可申请；申请日期 {Fmt.ZhDate(applicationDate)}",
                ok
                    ? $"Insurance agreement ended for fraud on {Fmt.Date(ended)}; {Fmt.N(thresholds.InsuranceFraudBanYears)} years have passed (allowed from {Fmt.Date(allowedFrom)}); application date {Fmt.Date(applicationDate)}"
                    : $"Insurance agreement ended for fraud on {Fmt.Date(ended)}: no application within {Fmt.N(thresholds.InsuranceFraudBanYears)} years, allowed from {Fmt.Date(allowedFrom)}; application date {Fmt.Date(applicationDate)}"),
        ]);
    }

    /// <summary>The annual evaluation report of <paramref name="year"/> is due on 15 December of that year (004 §3).</summary>
    public static DateOnly AnnualReportDueDate(int year, RuleThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        return new DateOnly(year, thresholds.AnnualReportDueMonth, thresholds.AnnualReportDueDay);
    }

    /// <summary>
    /// The next annual-report due date on or after <paramref name="today"/>: this year's, or next year's once
    /// this year's has passed (for the yearly reminder job).
    /// </summary>
    public static DateOnly NextAnnualReportDueDate(DateOnly today, RuleThresholds thresholds)
    {
        var due = AnnualReportDueDate(today.Year, thresholds);
        return today <= due ? due : AnnualReportDueDate(today.Year + 1, thresholds);
    }

    /// <summary>
    /// The last day of a leader unit's term of the quality-review center (3 years, 002 §3.4); the next term
    /// starts the day after.
    /// </summary>
    public static DateOnly LeaderUnitTermEnd(DateOnly termStart, RuleThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        return termStart.AddYears(thresholds.LeaderUnitTermYears).AddDays(-1);
    }
}
