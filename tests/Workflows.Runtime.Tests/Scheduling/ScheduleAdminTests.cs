using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Hangfire.Storage;
using Workflows.Runtime.Scheduling;
using Workflows.Runtime.Tests.Support;
using Workflows.Testing;

namespace Workflows.Runtime.Tests.Scheduling;

/// <summary>What the secretariat does on the schedules page, against the real scheduler and its store.</summary>
public sealed class ScheduleAdminTests
{
    private const string Schedule = "runs/announce";

    private static Dictionary<string, string?> Settings() => new()
    {
        ["Scheduling:Runs:0:Name"] = "announce",
        ["Scheduling:Runs:0:DisplayName"] = "年度报告截止提醒",
        ["Scheduling:Runs:0:DefinitionId"] = "announce-test",
        ["Scheduling:Runs:0:Cron"] = "0 0 9 1 12 ?",
        ["Scheduling:Runs:0:Period"] = RunPeriods.CurrentYear,
    };

    /// <summary>The schedule's recurring job in Hangfire's store; a paused schedule has none (Hangfire has no paused state).</summary>
    private static Task<RecurringJobDto?> TriggerAsync(ServiceHost host) =>
        Task.FromResult(host.Services.GetRequiredService<WorkflowScheduler>().GetRecurringJob(ScheduleKey.ForRun("announce")));

    private static Task<T> AdminAsync<T>(ServiceHost host, Func<ScheduleAdmin, Task<T>> action) =>
        host.WithScopeAsync(sp => action(sp.GetRequiredService<ScheduleAdmin>()));

    [Fact]
    public async Task List_ConfiguredRun_ShowsItsNextFireTimeInBeijingTime()
    {
        using var folder = new TempFolder("admin");
        await using var host = await ServiceHost.StartAsync(folder.File("wf.db"), Settings());

        var view = Assert.Single(await AdminAsync(host, a => a.ListAsync(CancellationToken.None)), v => v.Entry.Key.ToString() == Schedule);

        Assert.Equal("年度报告截止提醒", view.Entry.DisplayName);
        Assert.Equal(ScheduleKind.Run, view.Entry.Kind);
        var next = TimeZoneInfo.ConvertTime(view.NextFireAt!.Value, CronText.China);
        Assert.Equal((12, 1, 9, 0), (next.Month, next.Day, next.Hour, next.Minute));
        Assert.True(view.Entry.CronEditable);
        Assert.Null(view.LastRun);
    }

    [Fact]
    public async Task PauseAndResume_SurviveARestart()
    {
        using var folder = new TempFolder("admin");
        var file = folder.File("wf.db");
        await using (var host = await ServiceHost.StartAsync(file, Settings()))
        {
            var paused = await AdminAsync(host, a => a.PauseAsync(Schedule, "mishu1", CancellationToken.None));
            Assert.True(paused.Succeeded);
            Assert.StartsWith("已暂停", paused.Message);
            Assert.Null(await TriggerAsync(host));
            var view = Assert.Single(await AdminAsync(host, a => a.ListAsync(CancellationToken.None)), v => v.Entry.Key.ToString() == Schedule);
            Assert.True(view.Entry.IsPaused);
            Assert.Null(view.NextFireAt);
        }

        await using (var host = await ServiceHost.StartAsync(file, Settings()))
        {
            Assert.Null(await TriggerAsync(host));
            Assert.True((await AdminAsync(host, a => a.ResumeAsync(Schedule, "mishu2", CancellationToken.None))).Succeeded);
            Assert.Equal("0 0 9 1 12 ?", (await TriggerAsync(host))!.Cron);
            var setting = await host.QueryAsync(db => db.Set<ScheduleSettingRecord>().AsNoTracking().SingleAsync(s => s.Key == Schedule));
            Assert.Equal((false, "mishu2"), (setting.IsPaused, setting.UpdatedBy));
        }
    }

    [Theory]
    [InlineData("", "请填写 Cron 表达式")]
    [InlineData("every day at nine", "Cron 表达式无效")]
    [InlineData("0 0 9 1 12 ? 2020", "该 Cron 表达式以后不会再触发")]
    public async Task UpdateCron_Invalid_ExplainsInChineseAndChangesNothing(string cron, string expected)
    {
        using var folder = new TempFolder("admin");
        await using var host = await ServiceHost.StartAsync(folder.File("wf.db"), Settings());

        var result = await AdminAsync(host, a => a.UpdateCronAsync(Schedule, cron, "mishu1", CancellationToken.None));

        Assert.False(result.Succeeded);
        Assert.StartsWith(expected, result.Message);
        Assert.Contains(" / ", result.Message);
        Assert.Equal("0 0 9 1 12 ?", (await TriggerAsync(host))!.Cron);
        Assert.Equal(0, await host.QueryAsync(db => db.Set<ScheduleSettingRecord>().CountAsync()));
    }

    [Fact]
    public async Task UpdateCron_Valid_ReschedulesKeepsItAcrossRestartsAndTheConfiguredValueClearsIt()
    {
        using var folder = new TempFolder("admin");
        var file = folder.File("wf.db");
        await using (var host = await ServiceHost.StartAsync(file, Settings()))
        {
            var result = await AdminAsync(host, a => a.UpdateCronAsync(Schedule, " 0 30 8 10 12 ? ", "mishu1", CancellationToken.None));
            Assert.True(result.Succeeded, result.Message);
            var trigger = (await TriggerAsync(host))!;
            Assert.Equal("0 30 8 10 12 ?", trigger.Cron);
            var next = TimeZoneInfo.ConvertTime(new DateTimeOffset(trigger.NextExecution!.Value, TimeSpan.Zero), CronText.China);
            Assert.Equal((12, 10, 8, 30), (next.Month, next.Day, next.Hour, next.Minute));
        }

        await using (var host = await ServiceHost.StartAsync(file, Settings()))
        {
            Assert.Equal("0 30 8 10 12 ?", (await TriggerAsync(host))!.Cron);
            var view = Assert.Single(await AdminAsync(host, a => a.ListAsync(CancellationToken.None)), v => v.Entry.Key.ToString() == Schedule);
            Assert.Equal("0 0 9 1 12 ?", view.Entry.ConfiguredCron);

            Assert.True((await AdminAsync(host, a => a.UpdateCronAsync(Schedule, "0 0 9 1 12 ?", "mishu1", CancellationToken.None))).Succeeded);
            Assert.Null(await host.QueryAsync(db => db.Set<ScheduleSettingRecord>().AsNoTracking().Where(s => s.Key == Schedule).Select(s => s.CronExpression).SingleAsync()));
            Assert.Equal("0 0 9 1 12 ?", (await TriggerAsync(host))!.Cron);
        }
    }

    [Fact]
    public async Task UpdateCron_DefinitionSchedule_IsRefusedWithAPointerToTheDesigner()
    {
        using var folder = new TempFolder("admin");
        await using var host = await ServiceHost.StartAsync(folder.File("wf.db"));
        await host.PublishAsync(CronDefinitions.Ticking("cron-admin", "0 0 9 5 1 ?"));

        var result = await AdminAsync(host, a => a.UpdateCronAsync("workflow-cron/cron-admin:tick", "0 0 9 6 1 ?", "mishu1", CancellationToken.None));

        Assert.False(result.Succeeded);
        Assert.Contains("流程设计器", result.Message);
    }

    [Theory]
    [InlineData("runs/nothing-here")]
    [InlineData("nonsense")]
    [InlineData("quartz/announce")]
    public async Task Actions_UnknownSchedule_AreRefused(string key)
    {
        using var folder = new TempFolder("admin");
        await using var host = await ServiceHost.StartAsync(folder.File("wf.db"), Settings());

        Assert.False((await AdminAsync(host, a => a.PauseAsync(key, "mishu1", CancellationToken.None))).Succeeded);
        Assert.False((await AdminAsync(host, a => a.RunNowAsync(key, "mishu1", CancellationToken.None))).Succeeded);
        Assert.False((await AdminAsync(host, a => a.UpdateCronAsync(key, "0 0 9 1 12 ?", "mishu1", CancellationToken.None))).Succeeded);
        Assert.Equal(0, await host.QueryAsync(db => db.Set<ScheduleSettingRecord>().CountAsync()));
    }

    [Fact]
    public async Task RemovedRun_AfterRestart_IsUnscheduled()
    {
        using var folder = new TempFolder("admin");
        var file = folder.File("wf.db");
        await using (await ServiceHost.StartAsync(file, Settings())) { }

        await using var host = await ServiceHost.StartAsync(file);

        Assert.Null(await TriggerAsync(host));
    }
}
