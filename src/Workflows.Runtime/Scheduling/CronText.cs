using System.Globalization;
using Quartz;

namespace Workflows.Runtime.Scheduling;

/// <summary>
/// Cron expressions as the secretariat writes them: Quartz syntax (seconds first, optional year), in Beijing time.
/// </summary>
public static class CronText
{
    /// <summary>
    /// Beijing time by its IANA id, because Quartz stores a trigger's zone by id and must find it again after a
    /// restart (a custom zone would not be found). Etc/GMT-8 is the same fixed +08:00 (China has no daylight saving).
    /// </summary>
    public static readonly TimeZoneInfo China = FindChina();

    /// <summary>Null when <paramref name="cron"/> is valid and fires at least once more; else a message, Chinese first.</summary>
    public static string? Validate(string? cron, DateTimeOffset? after = null)
    {
        if (string.IsNullOrWhiteSpace(cron))
            return "请填写 Cron 表达式（例如每年1月5日9点：0 0 9 5 1 ?）。 / A cron expression is required (e.g. 0 0 9 5 1 ? for 5 January 09:00).";
        CronExpression expression;
        try
        {
            expression = new CronExpression(cron.Trim(), China);
        }
        catch (FormatException ex)
        {
            return $"Cron 表达式无效：{ex.Message}（格式：秒 分 时 日 月 周 [年]，例如 0 0 9 5 1 ?） / Invalid cron expression: {ex.Message} (format: sec min hour day month weekday [year])";
        }
        if (after is { } from && expression.GetNextValidTimeAfter(from) is null)
            return "该 Cron 表达式以后不会再触发。 / The cron expression never fires again.";
        return null;
    }

    /// <summary>The next occurrence after <paramref name="after"/>, or null.</summary>
    public static DateTimeOffset? Next(string cron, DateTimeOffset after) =>
        new CronExpression(cron.Trim(), China).GetNextValidTimeAfter(after);

    /// <summary>A time as the pages show it: Beijing time, e.g. 2027-01-05 09:00:00.</summary>
    public static string Format(DateTimeOffset? time) =>
        time is { } t ? TimeZoneInfo.ConvertTime(t, China).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "—";

    public static string Format(DateTime? utc) =>
        utc is { } t ? Format(new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc))) : "—";

    private static TimeZoneInfo FindChina()
    {
        foreach (var id in new[] { "Asia/Shanghai", "Etc/GMT-8", "China Standard Time" })
        {
            if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)) return zone;
        }
        throw new InvalidOperationException("The time zone Asia/Shanghai is not installed; install the tzdata package.");
    }
}

/// <summary>What one firing of a run covers, from its scheduled time in Beijing time. Part of the idempotency key.</summary>
public static class RunPeriods
{
    /// <summary>The fire time itself (yyyyMMddHHmm): every firing is its own period.</summary>
    public const string None = "none";
    public const string PreviousYear = "previousYear";
    public const string CurrentYear = "currentYear";
    public const string PreviousMonth = "previousMonth";
    public const string CurrentMonth = "currentMonth";

    public static readonly IReadOnlyList<string> All = [None, PreviousYear, CurrentYear, PreviousMonth, CurrentMonth];

    public static bool IsKnown(string? period) => period is not null && All.Contains(period, StringComparer.OrdinalIgnoreCase);

    /// <summary>"2025" for the previous year of a January 2026 firing, "2026-01" for the current month, and so on.</summary>
    public static string Compute(string period, DateTimeOffset tick)
    {
        var local = TimeZoneInfo.ConvertTime(tick, CronText.China);
        var culture = CultureInfo.InvariantCulture;
        return period.ToUpperInvariant() switch
        {
            "PREVIOUSYEAR" => (local.Year - 1).ToString(culture),
            "CURRENTYEAR" => local.Year.ToString(culture),
            "PREVIOUSMONTH" => local.AddMonths(-1).ToString("yyyy-MM", culture),
            "CURRENTMONTH" => local.ToString("yyyy-MM", culture),
            _ => local.ToString("yyyyMMddHHmm", culture),
        };
    }
}
