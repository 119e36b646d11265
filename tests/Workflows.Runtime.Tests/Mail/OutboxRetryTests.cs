using Microsoft.Extensions.DependencyInjection;
using Workflows.Runtime.Mail.Outbox;
using Workflows.Runtime.Persistence;
using Workflows.Runtime.Tests.Support;
using Workflows.Testing;
using Workflows.Testing.MailDev;

namespace Workflows.Runtime.Tests.Mail;

/// <summary>Mail is never lost: an SMTP server that is down is retried with backoff; a failed mail can be sent again.</summary>
public sealed class OutboxRetryTests
{
    [Fact]
    public async Task SmtpDownThenUp_MailIsRetriedAndDeliveredOnce()
    {
        await using var mail = await MailDevServer.StartNewAsync();
        await mail.StopAsync();
        using var folder = new TempFolder("mail");
        await using var host = await ServiceHost.StartAsync(folder.File("wf.db"), OutboxTestKit.Smtp(mail));

        var id = await OutboxTestKit.QueueAsync(host, ["mishu1"], "reminder", OutboxTestKit.Reminder());
        var deferred = await ServiceHost.EventuallyAsync(() => OutboxTestKit.RowAsync(host, id), r => r.Attempts >= 2, TimeSpan.FromSeconds(30), "two failed attempts");
        Assert.Equal(OutboxStatuses.Pending, deferred.Status);
        Assert.Contains("transient", deferred.LastError);

        await mail.StartAsync();
        var sent = await OutboxTestKit.SettledAsync(host, id, OutboxStatuses.Sent);

        var messages = await mail.WaitForMessagesAsync(1, TimeSpan.FromSeconds(10));
        var message = Assert.Single(messages);
        Assert.Equal($"<{id}.test@workflows.local>", message.MessageId);
        Assert.Equal("【到期提醒】三个责任制年度综合考核：分会自评", message.Subject);
        Assert.Contains("2027年1月20日", message.Text);
        var log = await host.DeliveriesAsync(id);
        Assert.True(log.Count(d => d.Status == OutboxDeliveryStatuses.Deferred) >= 2);
        var delivered = Assert.Single(log, d => d.Status == OutboxDeliveryStatuses.Sent);
        Assert.Equal((sent.Attempts, "mishu1@example.org"), (delivered.Attempt, delivered.Address));
        Assert.Null(sent.LastError);
    }

    [Fact]
    public async Task LastAttemptFails_MailIsFailed_RetryFromThePageDeliversIt()
    {
        await using var mail = await MailDevServer.StartNewAsync();
        await mail.StopAsync();
        using var folder = new TempFolder("mail");
        var settings = OutboxTestKit.Smtp(mail);
        settings["Outbox:MaxAttempts"] = "2";
        await using var host = await ServiceHost.StartAsync(folder.File("wf.db"), settings);

        var id = await OutboxTestKit.QueueAsync(host, ["chengyuan1@example.org"], subject: "领导小组会议通知", body: "<p>请于<b>周五</b>参加会议。</p>");
        var failed = await OutboxTestKit.SettledAsync(host, id, OutboxStatuses.Failed);
        Assert.Equal(2, failed.Attempts);
        Assert.StartsWith("已尝试 2 次仍未发出", failed.LastError);

        await mail.StartAsync();
        var admin = await host.WithScopeAsync(sp => sp.GetRequiredService<OutboxAdmin>().RetryAsync(id, "mishu1", CancellationToken.None));
        Assert.True(admin.Succeeded, admin.Message);
        await OutboxTestKit.SettledAsync(host, id, OutboxStatuses.Sent);

        var message = Assert.Single(await mail.WaitForMessagesAsync(1, TimeSpan.FromSeconds(10)));
        Assert.Equal("领导小组会议通知", message.Subject);
        Assert.Contains("请于周五参加会议。", message.Text);
        Assert.Equal($"<{id}.test@workflows.local>", message.MessageId);
        var log = await host.DeliveriesAsync(id);
        Assert.Equal(["Deferred", "Deferred", "Requeued", "Sent"], log.Select(d => d.Status));
        Assert.Equal("mishu1", log.Single(d => d.Status == OutboxDeliveryStatuses.Requeued).UserName);
    }

    [Fact]
    public async Task Retry_MailNotFailed_IsRefusedAndChangesNothing()
    {
        using var folder = new TempFolder("mail");
        var settings = OutboxTestKit.Smtp(1);
        settings["Outbox:Enabled"] = "false";
        await using var host = await ServiceHost.StartAsync(folder.File("wf.db"), settings);
        var id = await OutboxTestKit.QueueAsync(host, ["mishu1"], "reminder", OutboxTestKit.Reminder());

        var pending = await host.WithScopeAsync(sp => sp.GetRequiredService<OutboxAdmin>().RetryAsync(id, "mishu1", CancellationToken.None));
        var missing = await host.WithScopeAsync(sp => sp.GetRequiredService<OutboxAdmin>().RetryAsync("nope", "mishu1", CancellationToken.None));

        Assert.False(pending.Succeeded);
        Assert.StartsWith("只有发送失败的邮件可以重发", pending.Message);
        Assert.False(missing.Succeeded);
        Assert.StartsWith("邮件 nope 不存在", missing.Message);
        Assert.Empty(await host.DeliveriesAsync(id));
    }

    [Fact]
    public async Task PermanentRefusal_FailsAtOnceAndRecordsTheServerAnswer()
    {
        await using var smtp = new ScriptedSmtpServer { RecipientReply = a => a.StartsWith("mishu2", StringComparison.Ordinal) ? "550 5.1.1 no such mailbox" : "250 OK" };
        using var folder = new TempFolder("mail");
        await using var host = await ServiceHost.StartAsync(folder.File("wf.db"), OutboxTestKit.Smtp(smtp.Port));

        var refused = await OutboxTestKit.QueueAsync(host, ["mishu2"], "reminder", OutboxTestKit.Reminder());
        var row = await OutboxTestKit.SettledAsync(host, refused, OutboxStatuses.Failed);
        Assert.Equal(1, row.Attempts);
        Assert.Contains("550", row.LastError);

        // To a role: the holder who is refused does not stop the other one from getting it.
        var toRole = await OutboxTestKit.QueueAsync(host, ["role:secretariat"], "reminder", OutboxTestKit.Reminder());
        var partly = await OutboxTestKit.SettledAsync(host, toRole, OutboxStatuses.Sent);
        Assert.Contains("550", partly.LastError);
        var log = await host.DeliveriesAsync(toRole);
        Assert.Equal(OutboxDeliveryStatuses.Sent, log.Single(d => d.Address == "mishu1@example.org").Status);
        Assert.Equal(OutboxDeliveryStatuses.Failed, log.Single(d => d.Address == "mishu2@example.org").Status);
    }

    [Fact]
    public void Backoff_DoublesUpToTheMaximum()
    {
        var options = new OutboxOptions { RetryBaseDelay = TimeSpan.FromSeconds(30), RetryMaxDelay = TimeSpan.FromHours(2) };

        var delays = Enumerable.Range(1, 10).Select(a => OutboxSender.Backoff(options, a).TotalSeconds).ToList();

        Assert.Equal([30, 60, 120, 240, 480, 960, 1920, 3840, 7200, 7200], delays);
    }
}
