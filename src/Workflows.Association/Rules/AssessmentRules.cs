using System.Text.Json.Serialization;
using Workflows.Association.Domain;

namespace Workflows.Association.Rules;

/// <summary>The three part scores of the annual assessment, each on the 0–<see cref="RuleThresholds.AssessmentMaxPartScore"/> scale.</summary>
public sealed record AssessmentScores(decimal AnnualTarget, decimal Ideology, decimal PartyConduct);

/// <summary>A proposed grade with the per-part rules behind it.</summary>
public sealed record AssessmentGradeResult : RuleCheckResult
{
    public AssessmentGradeResult(IReadOnlyList<RuleResult> rules, AssessmentGrade grade)
        : base(rules)
    {
        Grade = grade;
    }

    [JsonPropertyName("grade")]
    public AssessmentGrade Grade { get; }
}

public sealed record SponsorFeeReductionResult : RuleCheckResult
{
    public SponsorFeeReductionResult(IReadOnlyList<RuleResult> rules, decimal currentPoints, decimal nextYearPoints)
        : base(rules)
    {
        CurrentPoints = currentPoints;
        NextYearPoints = nextYearPoints;
    }

    /// <summary>Reduction in percentage points this year.</summary>
    [JsonPropertyName("currentPoints")]
    public decimal CurrentPoints { get; }

    /// <summary>Reduction in percentage points next year.</summary>
    [JsonPropertyName("nextYearPoints")]
    public decimal NextYearPoints { get; }
}

/// <summary>
/// Annual three-responsibility assessment (001 §7, §20) and its reward (001 §21).
/// Score scale (the documents give none, so this is ours and lives in <see cref="RuleThresholds"/>): each of
/// the three parts is scored 0–100; a part below 60 is not met, a part of 90 or more is "fully completed"
/// (全面完成). Excellent = all three fully completed (001 §20); Fail = any part not met, because each
/// responsibility stands on its own and a strong part cannot make up for a failed one; otherwise Pass.
/// </summary>
public static class AssessmentRules
{
    /// <summary>
    /// Proposes the grade from the review scores. <see cref="RuleCheckResult.Eligible"/> is false when a part is
    /// not met (the year fails). The leadership group (and the party committee for parts 2 and 3) still
    /// confirms the grade: that is the confirm item.
    /// </summary>
    public static AssessmentGradeResult Grade(AssessmentScores scores, RuleThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(thresholds);
        var t = thresholds;
        var parts = new[]
        {
            (Rule: RuleNames.AssessmentTarget, Zh: "年度目标责任制", En: "Annual target responsibility", Score: scores.AnnualTarget, Name: nameof(scores.AnnualTarget)),
            (Rule: RuleNames.AssessmentIdeology, Zh: "意识形态责任制", En: "Ideology responsibility", Score: scores.Ideology, Name: nameof(scores.Ideology)),
            (Rule: RuleNames.AssessmentIntegrity, Zh: "党风廉政建设责任制", En: "Party conduct and clean governance responsibility", Score: scores.PartyConduct, Name: nameof(scores.PartyConduct)),
        };

        var rules = new List<RuleResult>();
        foreach (var part in parts)
        {
            if (part.Score < 0 || part.Score > t.AssessmentMaxPartScore)
            {
                throw new ArgumentOutOfRangeException(nameof(scores), part.Score, $"{part.Name} must be between 0 and {t.AssessmentMaxPartScore}.");
            }

            var met = part.Score >= t.AssessmentPassPartScore;
            var completed = part.Score >= t.AssessmentCompletedPartScore;
            var (stateZh, stateEn) = completed ? ("全面完成", "fully completed") : met ? ("合格，未全面完成", "met, not fully completed") : ("未达合格线", "below the pass mark");
            rules.Add(RuleResult.Hard(part.Rule, "001 §7", met,
                $"{part.Zh}得分 {Fmt.N(part.Score)} 分（满分 {Fmt.N(t.AssessmentMaxPartScore)}，合格线 {Fmt.N(t.AssessmentPassPartScore)}，全面完成线 {Fmt.N(t.AssessmentCompletedPartScore)}）：{stateZh}",
                $"{part.En}: {Fmt.N(part.Score)} of {Fmt.N(t.AssessmentMaxPartScore)} (pass {Fmt.N(t.AssessmentPassPartScore)}, fully completed {Fmt.N(t.AssessmentCompletedPartScore)}): {stateEn}"));
        }

        var grade = parts.Any(p => p.Score < t.AssessmentPassPartScore) ? AssessmentGrade.Fail
            : parts.All(p => p.Score >= t.AssessmentCompletedPartScore) ? AssessmentGrade.Excellent
            : AssessmentGrade.Pass;

        rules.Add(RuleResult.Confirm(RuleNames.AssessmentConfirmation, "001 §7",
            $"建议等级为“{grade.Zh()}”，须经领导小组确认；意识形态、党风廉政建设两部分还须协会党委确认",
            $"Proposed grade: {grade}; the leadership group confirms it, and the party committee confirms the ideology and party-conduct parts"));

        return new AssessmentGradeResult(rules, grade);
    }

    /// <summary>
    /// Next year's sponsor-fee reduction (001 §21): +2 percentage points after an excellent year, cumulative,
    /// the total capped at 5. A year that is not excellent earns nothing and takes nothing away: the
    /// document rewards excellent years and says nothing about withdrawing an earned reduction (the
    /// secretariat may decide otherwise; then this is where to change it).
    /// </summary>
    public static SponsorFeeReductionResult NextYearSponsorFeeReduction(decimal currentPoints, AssessmentGrade lastYearGrade, RuleThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        ArgumentOutOfRangeException.ThrowIfNegative(currentPoints);
        var t = thresholds;
        var excellent = lastYearGrade == AssessmentGrade.Excellent;
        var rules = new List<RuleResult>
        {
            RuleResult.Hard(RuleNames.SponsorFeeExcellent, "001 §21", excellent,
                excellent
                    ? $"上年度考核优秀，次年赞助商管理费提取比例再降 {Fmt.N(t.SponsorFeeReductionPerExcellentYear)} 个百分点"
                    : $"上年度考核为“{lastYearGrade.Zh()}”，不增加降幅（仅考核优秀可再降 {Fmt.N(t.SponsorFeeReductionPerExcellentYear)} 个百分点），维持现有降幅",
                excellent
                    ? $"Excellent last year: the sponsor management fee drops another {Fmt.N(t.SponsorFeeReductionPerExcellentYear)} points next year"
                    : $"Last year's grade was {lastYearGrade}: no further reduction (only an excellent year earns {Fmt.N(t.SponsorFeeReductionPerExcellentYear)} points); the current reduction stays"),
        };

        var uncapped = currentPoints + (excellent ? t.SponsorFeeReductionPerExcellentYear : 0);
        var next = Math.Min(uncapped, t.SponsorFeeMaxReduction);
        rules.Add(RuleResult.Hard(RuleNames.SponsorFeeCap, "001 §21", true,
            uncapped > t.SponsorFeeMaxReduction
                ? $"累计降幅 {Fmt.N(uncapped)} 个百分点超过上限 {Fmt.N(t.SponsorFeeMaxReduction)} 个百分点，次年按 {Fmt.N(next)} 个百分点执行"
                : $"次年累计降幅 {Fmt.N(next)} 个百分点，未超过上限 {Fmt.N(t.SponsorFeeMaxReduction)} 个百分点",
            uncapped > t.SponsorFeeMaxReduction
                ? $"Cumulative reduction of {Fmt.N(uncapped)} points exceeds the cap of {Fmt.N(t.SponsorFeeMaxReduction)}; {Fmt.N(next)} points apply next year"
                : $"Cumulative reduction next year: {Fmt.N(next)} points, within the cap of {Fmt.N(t.SponsorFeeMaxReduction)}"));

        return new SponsorFeeReductionResult(rules, currentPoints, next);
    }
}
