using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Runtime.Mail.Outbox;
using Workflows.Runtime.Persistence;
using Workflows.Runtime.Scheduling;
using Workflows.Server.Tests.Support;

namespace Workflows.Server.Tests.Admin;

/// <summary>The secretariat's schedules and outbox pages through the real HTTP pipeline (the runs of appsettings.json).</summary>
public sealed partial class AdminPagesTests(WorkflowsApp app) : IClassFixture<WorkflowsApp>
{
    private async Task<HttpClient> ClientAsync(string user)
    {
        await app.ClientAsync();
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await WorkflowsApp.TokenAsync(client, user));
        await app.Services.GetRequiredService<SchedulingService>().Ready.WaitAsync(TimeSpan.FromSeconds(60));
        return client;
    }

    private static string Row(string page, string key)
    {
        var match = Regex.Match(page, $"<tr data-key=\"{Regex.Escape(key)}\">(.*?)</tr>", RegexOptions.Singleline);
        Assert.True(match.Success, $"no row for {key}");
        return match.Groups[1].Value;
    }

    [Fact]
    public async Task SchedulesPage_Secretariat_ListsEveryRunWithItsNextFireTimeInChinese()
    {
        var client = await ClientAsync("mishu1");

        var page = await PageForms.GetAsync(client, "/admin/schedules");

        Assert.Contains("<h1>定时任务</h1>", page);
        var assessment = Row(page, "runs/annualAssessment");
        Assert.Contains("三个责任制年度综合考核（全部在册分会）", assessment);
        Assert.Contains("p3-annual-assessment", assessment);
        Assert.Contains("逐项启动：<code>activeBranches</code> · 上一年度", assessment);
        Assert.Matches(@"\d{4}-01-05 09:00(?!:)", assessment);
        Assert.Contains("正常", assessment);
        Assert.Matches(@"\d{4}-12-01 09:00(?!:)", Row(page, "runs/annualReportDeadline"));
        Assert.Matches(@"20(27|30|33)-09-01 09:00(?!:)", Row(page, "runs/leaderUnitTerm"));
    }

    [Fact]
    public async Task SchedulesPage_English_SaysSchedules()
    {
        var client = await ClientAsync("mishu1");

        var page = await PageForms.GetAsync(client, "/admin/schedules?lang=en");

        Assert.Contains("<h1>Schedules</h1>", page);
        Assert.Contains("Annual three-responsibility assessment (every active branch)", page);
    }

    [Theory]
    [InlineData("/admin/schedules")]
    [InlineData("/admin/outbox")]
    public async Task AdminPages_Member_AreForbidden(string path)
    {
        var client = await ClientAsync("chengyuan1");

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("/admin/schedules")]
    [InlineData("/admin/outbox")]
    public async Task AdminPages_Anonymous_AreSentToSignIn(string path)
    {
        await app.ClientAsync();
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/login", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task SchedulesPage_PauseThenResume_ShowsTheStateAndKeepsIt()
    {
        var client = await ClientAsync("mishu1");
        var fields = new Dictionary<string, string> { ["key"] = "runs/leaderUnitTerm" };

        using (var paused = await PageForms.PostAsync(client, "/admin/schedules", "Pause", fields))
            Assert.Equal(HttpStatusCode.Redirect, paused.StatusCode);
        var page = await PageForms.GetAsync(client, "/admin/schedules");
        Assert.Contains("已暂停“评审评价中心组长单位三年任期届满提醒”", page);
        Assert.Contains("恢复", Row(page, "runs/leaderUnitTerm"));
        Assert.Contains("badge warn\">已暂停", Row(page, "runs/leaderUnitTerm"));

        using (var resumed = await PageForms.PostAsync(client, "/admin/schedules", "Resume", fields))
            Assert.Equal(HttpStatusCode.Redirect, resumed.StatusCode);
        Assert.Contains("badge ok\">正常", Row(await PageForms.GetAsync(client, "/admin/schedules"), "runs/leaderUnitTerm"));
    }

    [Fact]
    public async Task SchedulesPage_InvalidCron_AnswersWithTheReasonAndChangesNothing()
    {
        var client = await ClientAsync("mishu1");

        using var response = await PageForms.PostAsync(client, "/admin/schedules", "Cron", new() { ["key"] = "runs/annualReportDeadline", ["cron"] = "每年12月1日" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("Cron 表达式无效", page);
        Assert.Contains("value=\"每年12月1日\"", Row(page, "runs/annualReportDeadline"));
        await using var scope = app.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>().Set<ScheduleSettingRecord>().AnyAsync(s => s.Key == "runs/annualReportDeadline"));
        Assert.Matches(@"\d{4}-12-01 09:00(?!:)", Row(await PageForms.GetAsync(client, "/admin/schedules"), "runs/annualReportDeadline"));
    }

    [Fact]
    public async Task SchedulesPage_ChangeCron_ShowsTheNewNextFireTime()
    {
        var client = await ClientAsync("mishu2");

        using var response = await PageForms.PostAsync(client, "/admin/schedules", "Cron", new() { ["key"] = "runs/annualAssessment", ["cron"] = "0 30 10 8 1 ?" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var row = Row(await PageForms.GetAsync(client, "/admin/schedules"), "runs/annualAssessment");
        Assert.Matches(@"\d{4}-01-08 10:30(?!:)", row);
        Assert.Contains("配置值：<code>0 0 9 5 1 ?</code>", row);
    }

    [Fact]
    public async Task SchedulesPage_RunNowWithoutTheDefinition_HistoryShowsAClearFailure()
    {
        var client = await ClientAsync("mishu1");
        // The run's definition is retracted (as the secretariat may do in the designer) while the schedule stays.
        await using (var scope = app.Services.CreateAsyncScope())
            Assert.NotNull(await scope.ServiceProvider.GetRequiredService<Workflows.Runtime.Definitions.DefinitionStore>().RetractAsync("annual-report-deadline", CancellationToken.None));
        try
        {
            using (var response = await PageForms.PostAsync(client, "/admin/schedules", "Run", new() { ["key"] = "runs/annualReportDeadline" }))
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

            var page = await Eventually(() => PageForms.GetAsync(client, "/admin/schedules?schedule=runs/annualReportDeadline"), p => p.Contains("data-status=\"Failed\"", StringComparison.Ordinal));
            var history = Regex.Match(page, "<table class=\"list\" id=\"history\">(.*?)</table>", RegexOptions.Singleline).Groups[1].Value;
            Assert.Contains("流程定义 annual-report-deadline 不存在或尚未发布", history);
            Assert.Contains("mishu1", history);
            Assert.Contains("badge bad\">失败", history);
        }
        finally
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<Workflows.Runtime.Definitions.DefinitionStore>().PublishAsync("annual-report-deadline", "mishu1", CancellationToken.None);
        }
    }

    [Fact]
    public async Task OutboxPage_FailedMail_ShowsTheErrorAndRetryQueuesItAgain()
    {
        var client = await ClientAsync("mishu1");
        var id = await FailedMailAsync("审批结果通知", "SMTP 550 mailbox unavailable");

        var list = await PageForms.GetAsync(client, "/admin/outbox?status=Failed");
        Assert.Contains("<h1>邮件发送</h1>", list);
        var row = Regex.Match(list, $"<tr data-id=\"{id}\" data-status=\"Failed\">(.*?)</tr>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("SMTP 550 mailbox unavailable", row);
        Assert.Contains("zuzhang", row);
        Assert.Contains("重发", row);

        using (var response = await PageForms.PostAsync(client, "/admin/outbox?status=Failed", "Retry", new() { ["id"] = id }))
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        Assert.NotEqual(OutboxStatuses.Failed, (await db.Outbox.AsNoTracking().SingleAsync(o => o.Id == id)).Status);
        var detail = await PageForms.GetAsync(client, $"/admin/outbox?id={id}");
        Assert.Contains("已重新放入发件队列", detail);
        Assert.Contains("已手动重发", detail);
    }

    [Fact]
    public async Task OutboxPage_RetryOfAMailThatDidNotFail_IsRefused()
    {
        var client = await ClientAsync("mishu1");
        await FailedMailAsync("会议通知", "timed out"); // a page with a retry form on it

        using var response = await PageForms.PostAsync(client, "/admin/outbox?status=Failed", "Retry", new() { ["id"] = "no-such-mail" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("邮件 no-such-mail 不存在", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OutboxPage_UnknownStatus_IsABadRequest()
    {
        var client = await ClientAsync("mishu1");

        using var response = await client.GetAsync("/admin/outbox?status=Lost");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("未知的状态：Lost", await response.Content.ReadAsStringAsync());
    }

    private async Task<string> FailedMailAsync(string subject, string error)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var id = Guid.NewGuid().ToString("N")[..16];
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        db.Outbox.Add(new OutboxRecord
        {
            Id = id,
            MessageId = $"<{id}.page@workflows.local>",
            IdempotencyKey = "page:" + id,
            ToJson = "[\"zuzhang\"]",
            Subject = subject,
            Body = "<p>同意。</p>",
            Status = OutboxStatuses.Failed,
            Attempts = 8,
            NextAttemptAt = now,
            LastError = error,
            CreatedAt = now,
        });
        await db.SaveChangesAsync();
        return id;
    }

    private static async Task<string> Eventually(Func<Task<string>> probe, Func<string, bool> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (condition(value)) return value;
            if (waited.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException("The page did not show the expected state.");
            await Task.Delay(100);
        }
    }
}
