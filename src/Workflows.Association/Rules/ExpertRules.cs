using Workflows.Association.Domain;

namespace Workflows.Association.Rules;

public sealed record ExpertQualificationInput
{
    public ProfessionalTitle Title { get; init; }

    /// <summary>Year the title was obtained.</summary>
    public int? TitleYear { get; init; }

    /// <summary>A consultant or core-group member of the consultant pool (002 §3.3).</summary>
    public bool Consultant { get; init; }
}

/// <summary>An expert proposed for an on-site review panel.</summary>
public sealed record PanelCandidate
{
    public required string ExpertId { get; init; }

    public string? Name { get; init; }

    /// <summary>The expert's own unit; must not be the applicant (conflict of interest).</summary>
    public string? MemberUnitId { get; init; }

    public ProfessionalTitle Title { get; init; }

    public int? TitleYear { get; init; }

    public bool IsLeader { get; init; }
}

/// <summary>Expert-pool intake (002 §3.2–3.3) and review-panel composition (P5 step 3).</summary>
public static class ExpertRules
{
    /// <summary>
    /// A review expert needs an associate-senior title or higher held ≥ 5 years (002 §3.2). Years are counted
    /// in whole calendar years since the year the title was obtained (职称取得年份), as nominations state it:
    /// obtained in 2019 → 5 years in 2024. Consultants (002 §3.3) are judged by renown, which the documents
    /// give no number for, so for them the title rules do not apply and a reviewer confirms instead.
    /// </summary>
    public static RuleCheckResult CheckQualification(ExpertQualificationInput input, int currentYear, RuleThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(thresholds);
        if (input.Consultant)
        {
            return new RuleCheckResult(
            [
                RuleResult.Confirm(RuleNames.ExpertRenown, "002 §3.3",
                    "重庆市乃至全国范围内知名的医学领域专家或医院管理专家", "A renowned medical or hospital-management expert in Chongqing or nationally"),
            ]);
        }

        return new RuleCheckResult(TitleRules(input.Title, input.TitleYear, currentYear, thresholds));
    }

    /// <summary>
    /// An on-site panel: every member qualified (002 §3.2), none from the applicant institution (conflict of
    /// interest; processes P5 step 3), exactly one leader.
    /// </summary>
    public static RuleCheckResult CheckPanel(IReadOnlyList<PanelCandidate> members, string applicantInstitutionId, int currentYear, RuleThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentException.ThrowIfNullOrEmpty(applicantInstitutionId);
        ArgumentNullException.ThrowIfNull(thresholds);
        var rules = new List<RuleResult>();

        var unqualified = members
            .Where(m => TitleRules(m.Title, m.TitleYear, currentYear, thresholds).Any(r => !r.Passed))
            .Select(m => m.Name ?? m.ExpertId)
            .ToList();
        rules.Add(RuleResult.Hard(RuleNames.PanelExpertQualified, "002 §3.2", unqualified.Count == 0,
            unqualified.Count == 0
                ? $"评审专家 {Fmt.N(members.Count)} 人均具备副高以上职称满 {Fmt.N(thresholds.ExpertMinTitleYears)} 年"
                : $"以下专家不具备副高以上职称满 {Fmt.N(thresholds.ExpertMinTitleYears)} 年：{string.Join("、", unqualified)}",
            unqualified.Count == 0
                ? $"All {Fmt.N(members.Count)} experts have held an associate senior title or higher for {Fmt.N(thresholds.ExpertMinTitleYears)} years"
                : $"Not qualified (associate senior or higher for {Fmt.N(thresholds.ExpertMinTitleYears)} years): {string.Join(", ", unqualified)}"));

        var conflicted = members
            .Where(m => string.Equals(m.MemberUnitId, applicantInstitutionId, StringComparison.Ordinal))
            .Select(m => m.Name ?? m.ExpertId)
            .ToList();
        rules.Add(RuleResult.Hard(RuleNames.PanelConflictOfInterest, "002 §2(5)", conflicted.Count == 0,
            conflicted.Count == 0 ? "评审专家均不来自受评单位" : $"以下专家来自受评单位，须回避：{string.Join("、", conflicted)}",
            conflicted.Count == 0 ? "No expert comes from the applicant institution" : $"From the applicant institution, must withdraw: {string.Join(", ", conflicted)}"));

        var leaders = members.Count(m => m.IsLeader);
        rules.Add(RuleResult.Hard(RuleNames.PanelLeader, "002 §2(5)", leaders == 1,
            $"专家组组长 {Fmt.N(leaders)} 名，应为 1 名", $"{Fmt.N(leaders)} panel leader(s); exactly 1 required"));

        return new RuleCheckResult(rules);
    }

    private static List<RuleResult> TitleRules(ProfessionalTitle title, int? titleYear, int currentYear, RuleThresholds t)
    {
        var titleOk = title >= t.ExpertMinTitle;
        var rules = new List<RuleResult>
        {
            RuleResult.Hard(RuleNames.ExpertTitle, "002 §3.2", titleOk,
                $"职称为{title.Zh()}，评审专家须具备{t.ExpertMinTitle.Zh()}及以上",
                $"Has a {title.En()}; a review expert needs a {t.ExpertMinTitle.En()} or higher"),
        };

        if (titleYear is not { } year)
        {
            rules.Add(RuleResult.Hard(RuleNames.ExpertTitleYears, "002 §3.2", false,
                $"未提供职称取得年份；须取得现职称满 {Fmt.N(t.ExpertMinTitleYears)} 年",
                $"Year the title was obtained not given; it must have been held {Fmt.N(t.ExpertMinTitleYears)} years"));
        }
        else
        {
            var held = Math.Max(0, currentYear - year);
            rules.Add(RuleResult.Hard(RuleNames.ExpertTitleYears, "002 §3.2", titleOk && held >= t.ExpertMinTitleYears,
                $"{Fmt.N(year)} 年取得现职称，至 {Fmt.N(currentYear)} 年已满 {Fmt.N(held)} 年，须满 {Fmt.N(t.ExpertMinTitleYears)} 年",
                $"Title obtained in {Fmt.N(year)}: held {Fmt.N(held)} years by {Fmt.N(currentYear)}; {Fmt.N(t.ExpertMinTitleYears)} required"));
        }

        return rules;
    }
}
