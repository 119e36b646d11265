using Microsoft.Data.Sqlite;
using Workflows.Server.Tests.Support;

namespace Workflows.Server.Tests.Browser;

/// <summary>The schedules and outbox pages in Chromium against the real service: what the secretariat sees and clicks.</summary>
[Collection(nameof(Durability.ProcessTests))]
public sealed class AdminPagesBrowserTests(LiveServer live) : IClassFixture<LiveServer>
{
    [Fact]
    public async Task SchedulesPage_PauseResumeAndAWrongCron_InChromium()
    {
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync(live.BaseAddress);
        await Chromium.SignInAsync(page, "mishu1");

        await page.GotoAsync("/admin/schedules");
        Assert.Equal("定时任务", await page.TextContentAsync("h1"));
        Assert.True(await page.Locator("#schedules tbody tr").CountAsync() >= 3);
        await Chromium.ScreenshotAsync(page, "schedules-zh");

        const string row = "tr[data-key='runs/annualReportDeadline']";
        await page.ClickAsync($"{row} button:has-text('暂停')");
        Assert.Contains("已暂停", await page.TextContentAsync("#schedule-message"));
        Assert.Equal("已暂停", await page.TextContentAsync($"{row} td.state .badge"));
        await page.ClickAsync($"{row} button:has-text('恢复')");
        Assert.Equal("正常", await page.TextContentAsync($"{row} td.state .badge"));

        const string assessment = "tr[data-key='runs/annualAssessment']";
        await page.FillAsync($"{assessment} input[name=cron]", "每年一月五日");
        await page.ClickAsync($"{assessment} button:has-text('修改')");
        Assert.Contains("Cron 表达式无效", await page.TextContentAsync("#schedule-error"));
        await Chromium.ScreenshotAsync(page, "schedules-invalid-cron");

        await page.ClickAsync($"{assessment} button:has-text('立即执行')");
        // The page shows the run once it has ended; the secretariat reloads. The demo register's active branches
        // each get their assessment for last year.
        const string doneRun = "#history tr[data-key='runs/annualAssessment'][data-status='Succeeded']";
        for (var i = 0; i < 120 && await page.Locator(doneRun).CountAsync() == 0; i++)
        {
            await Task.Delay(500);
            await page.ReloadAsync();
        }
        Assert.Matches(@"^共 (\d+) 项：新启动 \1，此前已启动 0，失败 0。", await page.TextContentAsync($"{doneRun} td.message"));
        await Chromium.ScreenshotAsync(page, "schedules-history");
    }

    [Fact]
    public async Task OutboxPage_FailedMail_RetryInChromium()
    {
        var id = "browser" + Guid.NewGuid().ToString("N")[..8];
        await using (var connection = new SqliteConnection($"Data Source={live.DatabaseFile}"))
        {
            await connection.OpenAsync();
            await using var insert = connection.CreateCommand();
            insert.CommandText = """
                PRAGMA busy_timeout=30000;
                INSERT INTO wf_outbox (Id, MessageId, IdempotencyKey, ToJson, Subject, Body, Status, Attempts, NextAttemptAt, LastError, CreatedAt)
                VALUES ($id, '<' || $id || '.browser@workflows.local>', 'browser:' || $id, '["role:partyCommittee"]', '党支部委员任命结果', '<p>已任命。</p>', 'Failed', 8, '2026-01-01 00:00:00', '已尝试 8 次仍未发出，不再自动重试。 / Gave up after 8 attempts.', '2026-01-01 00:00:00');
                """;
            insert.Parameters.AddWithValue("$id", id);
            await insert.ExecuteNonQueryAsync();
        }
        SqliteConnection.ClearAllPools();

        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync(live.BaseAddress);
        await Chromium.SignInAsync(page, "mishu1");
        await page.GotoAsync("/admin/outbox?status=Failed");
        Assert.Equal("邮件发送", await page.TextContentAsync("h1"));
        var row = $"#outbox tr[data-id='{id}']";
        Assert.Contains("角色：协会党委", await page.TextContentAsync(row)); // role:partyCommittee by its name
        Assert.Contains("已尝试 8 次仍未发出", await page.TextContentAsync($"{row} td.error"));
        await Chromium.ScreenshotAsync(page, "outbox-failed");

        await page.ClickAsync($"{row} button:has-text('重发')");
        Assert.Contains("已重新放入发件队列", await page.TextContentAsync("#outbox-message"));
        await page.GotoAsync($"/admin/outbox?id={id}");
        await page.WaitForSelectorAsync("#deliveries tr[data-status='Requeued']");
        await Chromium.ScreenshotAsync(page, "outbox-detail");
    }
}
