using Workflows.Runtime.Scheduling;

namespace Workflows.Runtime.Tests.Scheduling;

/// <summary>Periods, cron checks and translation, ticks, configuration validation, without a scheduler.</summary>
public sealed class SchedulingRulesTests
{
    [Theory]
    // 5 January 09:00 Beijing time is 01:00 UTC.
    [InlineData("previousYear", "2027-01-05T01:00:00Z", "2026")]
    [InlineData("currentYear", "2027-01-05T01:00:00Z", "2027")]
    [InlineData("previousMonth", "2027-01-05T01:00:00Z", "2026-12")]
    [InlineData("currentMonth", "2027-01-05T01:00:00Z", "2027-01")]
    [InlineData("none", "2027-01-05T01:00:00Z", "202701050900")]
    // 31 December 20:00 UTC is already 1 January in Beijing: the period follows Beijing time.
    [InlineData("previousYear", "2026-12-31T20:00:00Z", "2026")]
    public void Compute_Period_FollowsBeijingTime(string period, string tick, string expected) =>
        Assert.Equal(expected, RunPeriods.Compute(period, DateTimeOffset.Parse(tick, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Next_YearlyCron_IsNineOClockBeijingTime()
    {
        var next = CronText.Next("0 0 9 5 1 ?", new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero))!.Value;

        Assert.Equal(new DateTimeOffset(2027, 1, 5, 1, 0, 0, TimeSpan.Zero), next.ToUniversalTime());
    }

    [Fact]
    public void Next_EveryThreeYears_SkipsTheYearsBetween()
    {
        var first = CronText.Next("0 0 9 1 9 ? 2027/3", new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero))!.Value;
        var second = CronText.Next("0 0 9 1 9 ? 2027/3", first)!.Value;

        Assert.Equal(2027, first.Year);
        Assert.Equal(2030, second.Year);
    }

    [Fact]
    public void Options_BadRuns_AreAllReportedAtStart()
    {
        var options = new SchedulingOptions
        {
            Runs =
            [
                new ScheduledRunOptions { Name = "a", DefinitionId = "p3", Cron = "0 0 9 5 1 ?", Period = "previousYear" },
                new ScheduledRunOptions { Name = "a", DefinitionId = "", Cron = "nine o'clock", Period = "fortnight" },
                new ScheduledRunOptions { Name = "x/y", DefinitionId = "p3", Cron = "0 0 9 5 1 ?" },
            ],
        };

        var result = new SchedulingOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = string.Join("\n", result.Failures!);
        Assert.Contains("Scheduling:Runs:1:Name 'a' is used twice", failures);
        Assert.Contains("Scheduling:Runs:1:DefinitionId is required", failures);
        Assert.Contains("Scheduling:Runs:1:Cron", failures);
        Assert.Contains("Period 'fortnight'", failures);
        Assert.Contains("Scheduling:Runs:2:Name", failures);
    }

    [Fact]
    public void Options_Defaults_AreValid() =>
        Assert.True(new SchedulingOptionsValidator().Validate(null, new SchedulingOptions()).Succeeded);

    [Theory]
    // Quartz counts weekdays 1-7 from Sunday, Cronos (Hangfire) 0-6; '#' and '/' are followed by counts, not weekdays.
    [InlineData("0 0 9 ? * 2", "0 0 9 ? * 1")]
    [InlineData("0 0 9 ? * 2-6", "0 0 9 ? * 1-5")]
    [InlineData("0 0 9 ? * 6#3", "0 0 9 ? * 5#3")]
    [InlineData("0 0 9 ? * 1/2", "0 0 9 ? * 0/2")]
    [InlineData("0 0 9 ? * MON-FRI", "0 0 9 ? * MON-FRI")]
    [InlineData("0 0 9 1 9 ? 2027/3", "0 0 9 1 9 ?")]
    public void ForHangfire_QuartzSyntax_IsTranslatedToCronos(string quartz, string hangfire) =>
        Assert.Equal(hangfire, CronText.ForHangfire(quartz));

    [Fact]
    public void Next_QuartzMonday_IsAMonday()
    {
        var next = CronText.Next("0 0 9 ? * 2", new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero))!.Value;

        Assert.Equal(DayOfWeek.Monday, TimeZoneInfo.ConvertTime(next, CronText.China).DayOfWeek);
    }

    [Theory]
    // The tick a firing belongs to: the latest occurrence at or before the moment its job was created.
    [InlineData("0/6 * * * * ?", "2026-11-22T00:00:13Z", "2026-11-22T00:00:12Z")]
    [InlineData("0/6 * * * * ?", "2026-11-22T00:00:12Z", "2026-11-22T00:00:12Z")]
    [InlineData("0 0 9 5 1 ?", "2026-11-22T00:00:00Z", "2026-01-05T01:00:00Z")]
    [InlineData("0 0 9 1 9 ? 2027/3", "2031-01-01T00:00:00Z", "2030-09-01T01:00:00Z")]
    public void Latest_IsTheLastOccurrenceAtOrBefore(string cron, string at, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            CronText.Latest(cron, DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Latest_BeforeTheFirstYear_IsNone() =>
        Assert.Null(CronText.Latest("0 0 9 1 9 ? 2027/3", new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero)));

    [Theory]
    [InlineData("0 0 9 1 9 ? 20x7")]
    [InlineData("0 0 9 1 9 ? 1900")]
    [InlineData("0 0 9 1 9")]
    [InlineData("0 0 25 1 9 ?")]
    public void Validate_Malformed_IsRefusedInChinese(string cron) => Assert.StartsWith("Cron 表达式无效", CronText.Validate(cron));

    [Theory]
    [InlineData("runs/annualAssessment", "runs", "annualAssessment")]
    [InlineData("workflow-cron/p9:tick", "workflow-cron", "p9:tick")]
    [InlineData("system/task-deadlines", "system", "task-deadlines")]
    public void ScheduleKey_Text_RoundTrips(string text, string group, string name)
    {
        Assert.True(ScheduleKey.TryParse(text, out var key));
        Assert.Equal((group, name), (key.Group, key.Name));
        Assert.Equal(text, key.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("runs")]
    [InlineData("runs/")]
    [InlineData("/x")]
    [InlineData("DEFAULT/x")]
    public void ScheduleKey_NotOurs_DoesNotParse(string? text) => Assert.False(ScheduleKey.TryParse(text, out _));
}
