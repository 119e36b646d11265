using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workflows.Runtime.Mail;
using Workflows.Testing.MailDev;

namespace Workflows.Runtime.Tests.Mail;

/// <summary>The SMTP sender against a real maildev, started by each test on its own ports.</summary>
public sealed class SmtpMailSenderMailDevTests
{
    private static readonly TimeSpan ArrivalTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task SendAsync_ChineseTaskAssignedMail_ArrivesWithRecipientSubjectBodyLinkAndExactMessageId()
    {
        await using var mailDev = await MailDevServer.StartNewAsync();
        await using var services = MailTestServices.Create(mailDev.SmtpPort);
        var link = services.GetRequiredService<MailLinkBuilder>().Build("inbox/tasks/7f3c");
        var rendered = MailTemplateRenderer.Render(MailTemplateKind.TaskAssigned, "zh-CN", new MailTemplateModel
        {
            RecipientName = "张三",
            ProcessName = "分支机构年度考核",
            TaskTitle = "秘书处初审",
            InstanceTitle = "心血管病专业委员会2026年度考核",
            DueDate = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero),
            Link = link,
        });
        var messageId = MailMessageData.CreateMessageId("outbox.1001", "workflow.association.example");
        var message = new MailMessageData(
            messageId,
            [new EmailAddress("zhang.san@member.example", "张三")],
            rendered.Subject,
            rendered.Html,
            rendered.Text,
            headers: new Dictionary<string, string> { ["X-Workflow-Instance-Id"] = "inst-42", ["X-Outbox-Id"] = "1001" });

        await services.GetRequiredService<IMailSender>().SendAsync(message, CancellationToken.None);

        var received = Assert.Single(await mailDev.WaitForMessagesAsync(1, ArrivalTimeout));
        Assert.Equal("【待办】分支机构年度考核：秘书处初审", received.Subject);
        var to = Assert.Single(received.To);
        Assert.Equal(("zhang.san@member.example", "张三"), (to.Address, to.Name));
        var from = Assert.Single(received.From);
        Assert.Equal((MailTestServices.FromAddress, MailTestServices.FromDisplayName), (from.Address, from.Name));
        Assert.Equal(messageId, received.MessageId);
        Assert.Equal("inst-42", received.Headers["X-Workflow-Instance-Id"]);
        Assert.Equal("1001", received.Headers["X-Outbox-Id"]);

        Assert.NotNull(received.Text);
        Assert.Contains("张三，您好：", received.Text, StringComparison.Ordinal);
        Assert.Contains("待办事项：秘书处初审", received.Text, StringComparison.Ordinal);
        Assert.Contains("办理期限：2026年12月1日（星期二）17:00（北京时间）", received.Text, StringComparison.Ordinal);
        Assert.Contains("办理地址：https://workflow.association.example/inbox/tasks/7f3c", received.Text, StringComparison.Ordinal);
        Assert.NotNull(received.Html);
        Assert.Contains("<p>您有一项新的待办事项，请及时办理。</p>", received.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://workflow.association.example/inbox/tasks/7f3c\"", received.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_Message_IsMultipartAlternativeInUtf8WithOneMessageIdAsGiven()
    {
        await using var mailDev = await MailDevServer.StartNewAsync();
        await using var services = MailTestServices.Create(mailDev.SmtpPort);
        const string messageId = "<outbox.2002@workflow.association.example>";

        await services.GetRequiredService<IMailSender>().SendAsync(MailTestServices.Message(messageId, text: "中文正文", html: "<p>中文正文</p>"), CancellationToken.None);

        var received = Assert.Single(await mailDev.WaitForMessagesAsync(1, ArrivalTimeout));
        var source = await mailDev.GetMessageSourceAsync(received.Id);
        var headerBlock = source[..source.IndexOf("\r\n\r\n", StringComparison.Ordinal)];

        // The sender must neither replace nor add a Message-ID: exactly one, exactly ours (header names are case-insensitive, RFC 5322 §1.2.2).
        var messageIdLines = headerBlock.Split("\r\n").Where(l => l.StartsWith("Message-ID:", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.Equal($"Message-ID: {messageId}", Assert.Single(messageIdLines), ignoreCase: true);
        Assert.Contains("Content-Type: multipart/alternative;", headerBlock, StringComparison.Ordinal);
        Assert.Contains("Content-Type: text/plain; charset=utf-8", source, StringComparison.Ordinal);
        Assert.Contains("Content-Type: text/html; charset=utf-8", source, StringComparison.Ordinal);
        Assert.True(
            source.IndexOf("text/plain", StringComparison.Ordinal) < source.IndexOf("text/html", StringComparison.Ordinal),
            "The text part must come first so that clients prefer the HTML part.");
        Assert.Equal("中文正文", received.Text);
        Assert.Equal("<p>中文正文</p>", received.Html?.TrimEnd());
    }

    [Fact]
    public async Task SendAsync_CcAndBcc_CcInHeadersBccOnlyInEnvelope()
    {
        await using var mailDev = await MailDevServer.StartNewAsync();
        await using var services = MailTestServices.Create(mailDev.SmtpPort);
        var message = new MailMessageData(
            "<outbox.3003@workflow.association.example>",
            [new EmailAddress("applicant@member.example", "申请人")],
            "【抄送】测试",
            "<p>抄送</p>",
            "抄送",
            cc: [new EmailAddress("secretariat@association.example", "秘书处")],
            bcc: [new EmailAddress("archive@association.example")]);

        await services.GetRequiredService<IMailSender>().SendAsync(message, CancellationToken.None);

        var received = Assert.Single(await mailDev.WaitForMessagesAsync(1, ArrivalTimeout));
        Assert.Equal(["applicant@member.example"], received.To.Select(a => a.Address));
        Assert.Equal([("secretariat@association.example", "秘书处")], received.Cc.Select(a => (a.Address, a.Name)));
        Assert.Equal(["archive@association.example"], received.Bcc.Select(a => a.Address));
        Assert.Equal(
            ["applicant@member.example", "archive@association.example", "secretariat@association.example"],
            received.EnvelopeTo.Order(StringComparer.Ordinal));
        var source = await mailDev.GetMessageSourceAsync(received.Id);
        Assert.DoesNotContain("archive@association.example", source, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SendAsync_WhileMailDevStopped_ThrowsTransientThenDeliversOnceAfterRestart()
    {
        await using var mailDev = await MailDevServer.StartNewAsync();
        var logs = new CapturingLoggerProvider();
        await using var services = MailTestServices.Create(mailDev.SmtpPort, logs: logs);
        var sender = services.GetRequiredService<IMailSender>();
        const string messageId = "<outbox.4004@workflow.association.example>";
        var message = MailTestServices.Message(messageId, subject: "【到期提醒】重发测试");
        var smtpPort = mailDev.SmtpPort;

        await mailDev.StopAsync();
        var failure = await Assert.ThrowsAsync<MailDeliveryException>(() => sender.SendAsync(message, CancellationToken.None));

        Assert.True(failure.IsTransient, failure.Message);
        Assert.Null(failure.SmtpStatusCode);
        Assert.Equal(messageId, failure.MessageId);
        Assert.False(failure.PartiallyDelivered);
        var warning = Assert.Single(logs.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("{MessageId}", warning.Template, StringComparison.Ordinal);
        Assert.Equal(messageId, warning.Values["MessageId"]);

        // The outbox retries the very same message once SMTP is back, on the same port.
        await mailDev.StartAsync();
        Assert.Equal(smtpPort, mailDev.SmtpPort);
        await sender.SendAsync(message, CancellationToken.None);

        var received = await mailDev.WaitForMessagesAsync(1, ArrivalTimeout);
        var delivered = Assert.Single(received);
        Assert.Equal(messageId, delivered.MessageId);
        Assert.Equal("【到期提醒】重发测试", delivered.Subject);
    }

    [Fact]
    public async Task SendAsync_SameMessageSentTwice_BothCarryTheSameMessageId()
    {
        // At-least-once: a resend after a crash is a second SMTP transaction; the stable Message-ID is what lets
        // the receiver see it is the same mail.
        await using var mailDev = await MailDevServer.StartNewAsync();
        await using var services = MailTestServices.Create(mailDev.SmtpPort);
        var sender = services.GetRequiredService<IMailSender>();
        var message = MailTestServices.Message("<outbox.5005@workflow.association.example>");

        await sender.SendAsync(message, CancellationToken.None);
        await sender.SendAsync(message, CancellationToken.None);

        var received = await mailDev.WaitForMessagesAsync(2, ArrivalTimeout);
        Assert.Equal(2, received.Count);
        Assert.All(received, m => Assert.Equal("<outbox.5005@workflow.association.example>", m.MessageId));
    }
}
