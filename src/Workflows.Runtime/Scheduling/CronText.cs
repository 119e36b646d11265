using System.Globalization;
using System.Text.RegularExpressions;
using Cronos;

namespace Workflows.Runtime.Scheduling;

/// <summary>
/// Cron expressions as the secretariat writes them: Quartz syntax (seconds first, '?', weekdays 1-7 from Sunday,
/// an optional year field), in Beijing time. They are evaluated with Cronos, the parser Hangfire itself uses, after
/// two translations: weekday numbers move to Cronos' 0-6 from Sunday, and the year field (which neither Cronos nor
/// Hangfire has) is kept aside as a filter on the years an occurrence may fall in.
/// </summary>
public static class CronText
{
    /// <summary>Beijing time by its IANA id, so that Hangfire finds the zone of a recurring job again on every node.</summary>
    public static readonly TimeZoneInfo China = FindChina();

    /// <summary>Null when <paramref name="cron"/> is valid and fires at least once more; else a message, Chinese first.</summary>
    public static string? Validate(string? cron, DateTimeOffset? after = null)
    {
        if (string.IsNullOrWhiteSpace(cron))
            return "请填写 Cron 表达式（例如每年1月5日9点：0 0 9 5 1 ?）。 / A cron expression is required (e.g. 0 0 9 5 1 ? for 5 January 09:00).";
        if (!QuartzCron.TryParse(cron, out _, out var problem))
            return $"Cron 表达式无效：{problem}（格式：秒 分 时 日 月 周 [年]，例如 0 0 9 5 1 ?） / Invalid cron expression: {problem} (format: sec min hour day month weekday [year])";
        if (after is { } from && Next(cron, from) is null)
            return "该 Cron 表达式以后不会再触发。 / The cron expression never fires again.";
        return null;
    }

    /// <summary>The next occurrence strictly after <paramref name="after"/>, or null.</summary>
    public static DateTimeOffset? Next(string cron, DateTimeOffset after) => QuartzCron.Parse(cron).Next(after);

    /// <summary>The latest occurrence at or before <paramref name="at"/>, or null when there was none.</summary>
    public static DateTimeOffset? Latest(string cron, DateTimeOffset at) => QuartzCron.Parse(cron).Latest(at);

    /// <summary>The expression Hangfire's recurring job runs on: six fields, no year (the year filter is applied by the job).</summary>
    public static string ForHangfire(string cron) => QuartzCron.Parse(cron).HangfireExpression;

    /// <summary>True when the cron has a year field that is not '*' (Hangfire fires every year; the job skips the others).</summary>
    public static bool HasYearFilter(string cron) => QuartzCron.Parse(cron).Years is not null;

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

/// <summary>A parsed Quartz cron: the Cronos expression of its first six fields and the years it may fire in.</summary>
internal sealed partial class QuartzCron
{
    private const int FirstYear = 1970;
    private const int LastYear = 2099;

    private readonly CronExpression _expression;

    private QuartzCron(CronExpression expression, string hangfireExpression, SortedSet<int>? years)
    {
        _expression = expression;
        HangfireExpression = hangfireExpression;
        Years = years;
    }

    public string HangfireExpression { get; }

    /// <summary>Null when every year is allowed.</summary>
    public SortedSet<int>? Years { get; }

    public static QuartzCron Parse(string cron) =>
        TryParse(cron, out var parsed, out var problem) ? parsed! : throw new FormatException(problem);

    public static bool TryParse(string cron, out QuartzCron? parsed, out string? problem)
    {
        parsed = null;
        problem = null;
        var fields = cron.Trim().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is not (6 or 7))
        {
            problem = $"需要 6 或 7 个字段，实际 {fields.Length} 个 / 6 or 7 fields expected, found {fields.Length}";
            return false;
        }
        // Quartz counts weekdays 1-7 from Sunday, Cronos 0-6; a number after '#' (the nth weekday) or '/' (a step) is not a weekday.
        fields[5] = WeekdayNumber().Replace(fields[5], m => (int.Parse(m.Value, CultureInfo.InvariantCulture) - 1).ToString(CultureInfo.InvariantCulture));
        var six = string.Join(' ', fields.Take(6));
        SortedSet<int>? years = null;
        if (fields.Length == 7 && fields[6] != "*" && !TryParseYears(fields[6], out years))
        {
            problem = $"年份字段 {fields[6]} 无效 / invalid year field {fields[6]}";
            return false;
        }
        try
        {
            parsed = new QuartzCron(CronExpression.Parse(six, CronFormat.IncludeSeconds), six, years);
            return true;
        }
        catch (CronFormatException ex)
        {
            problem = ex.Message;
            return false;
        }
    }

    public DateTimeOffset? Next(DateTimeOffset after)
    {
        var from = after;
        while (_expression.GetNextOccurrence(from, CronText.China) is { } next)
        {
            var year = TimeZoneInfo.ConvertTime(next, CronText.China).Year;
            if (Years is null || Years.Contains(year)) return next;
            // Jump to the first allowed year after this one.
            if (year >= LastYear || Years.GetViewBetween(year + 1, LastYear).Min is var nextYear && nextYear == 0) return null;
            from = new DateTimeOffset(nextYear, 1, 1, 0, 0, 0, CronText.China.BaseUtcOffset).AddTicks(-1);
        }
        return null;
    }

    /// <summary>
    /// The latest occurrence at or before <paramref name="at"/>: look back over a window that doubles until it holds
    /// one, then walk forward through it (a few steps, since the window is at most twice the last gap).
    /// </summary>
    public DateTimeOffset? Latest(DateTimeOffset at)
    {
        var limit = new DateTimeOffset(FirstYear, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var window = TimeSpan.FromSeconds(1); at - window > limit; window *= 2)
        {
            var start = at - window;
            if (Next(start.AddTicks(-1)) is not { } first || first > at) continue;
            var latest = first;
            while (Next(latest) is { } next && next <= at) latest = next;
            return latest;
        }
        return null;
    }

    private static bool TryParseYears(string field, out SortedSet<int>? years)
    {
        years = [];
        foreach (var part in field.Split(','))
        {
            var stepAt = part.IndexOf('/', StringComparison.Ordinal);
            var range = stepAt < 0 ? part : part[..stepAt];
            var step = 1;
            if (stepAt >= 0 && (!int.TryParse(part[(stepAt + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out step) || step < 1)) return false;
            int from, to;
            if (range == "*")
            {
                (from, to) = (FirstYear, LastYear);
            }
            else if (range.Split('-') is [var a, var b])
            {
                if (!int.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out from) || !int.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out to)) return false;
            }
            else
            {
                if (!int.TryParse(range, NumberStyles.None, CultureInfo.InvariantCulture, out from)) return false;
                to = stepAt >= 0 ? LastYear : from;
            }
            if (from < FirstYear || to > LastYear || from > to) return false;
            for (var y = from; y <= to; y += step) years.Add(y);
        }
        return years.Count > 0;
    }

    [GeneratedRegex(@"(?<![#/\d])[1-7](?!\d)")]
    private static partial Regex WeekdayNumber();
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
