using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workflows.Runtime.Mail;
using Workflows.Testing;

namespace Workflows.Runtime.Tests.Mail;

/// <summary>How SMTP failures reach the outbox: transient (retry) or permanent (give up), against a scripted server.</summary>
public sealed class SmtpMailSenderFailureTests
{
    private const string MessageId = "<outbox.9@workflow.association.example>";

    [Fact]
    public async Task SendAsync_NothingListening_ThrowsTransientWithoutStatusCode()
    {
        await using var services = MailTestServices.Create(FreePort.Get());

        var failure = await SendExpectingFailureAsync(services, MailTestServices.Message(MessageId));

        Assert.True(failure.IsTransient);
        Assert.Null(failure.SmtpStatusCode);
        Assert.Empty(failure.FailedRecipients);
    }

    [Fact]
    public async Task SendAsync_RecipientMailboxUnavailable550_ThrowsPermanent()
    {
        await using var server = new ScriptedSmtpServer { RecipientReply = _ => "550 5.1.1 No such user" };
        await using var services = MailTestServices.Create(server.Port);

        var failure = await SendExpectingFailureAsync(services, MailTestServices.Message(MessageId));

        Assert.False(failure.IsTransient);
        Assert.Equal(550, failure.SmtpStatusCode);
        Assert.Equal(["zhang.san@member.example"], failure.FailedRecipients);
        Assert.False(failure.PartiallyDelivered);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task SendAsync_RecipientGreylisted451_ThrowsTransient()
    {
        await using var server = new ScriptedSmtpServer { RecipientReply = _ => "451 4.7.1 Greylisted, try again later" };
        await using var services = MailTestServices.Create(server.Port);

        var failure = await SendExpectingFailureAsync(services, MailTestServices.Message(MessageId));

        Assert.True(failure.IsTransient);
        Assert.Equal(451, failure.SmtpStatusCode);
    }

    [Fact]
    public async Task SendAsync_OneOfTwoRecipientsRefused_ThrowsPermanentAndReportsPartialDelivery()
    {
        await using var server = new ScriptedSmtpServer
        {
            RecipientReply = address => address.StartsWith("gone", StringComparison.Ordinal) ? "550 5.1.1 No such user" : "250 OK",
        };
        await using var services = MailTestServices.Create(server.Port);
        var message = MailTestServices.Message(
            MessageId,
            to: [new EmailAddress("zhang.san@member.example"), new EmailAddress("gone@member.example")]);

        var failure = await SendExpectingFailureAsync(services, message);

        Assert.False(failure.IsTransient);
        Assert.Equal(["gone@member.example"], failure.FailedRecipients);
        Assert.True(failure.PartiallyDelivered);
        Assert.Single(server.Messages);
    }

    [Fact]
    public async Task SendAsync_ServerNotAvailable421_ThrowsTransient()
    {
        await using var server = new ScriptedSmtpServer { Greeting = "421 4.3.2 Service shutting down" };
        await using var services = MailTestServices.Create(server.Port);

        var failure = await SendExpectingFailureAsync(services, MailTestServices.Message(MessageId));

        Assert.True(failure.IsTransient);
        Assert.Equal(421, failure.SmtpStatusCode);
    }

    [Fact]
    public async Task SendAsync_MessageRejectedAfterData554_ThrowsPermanent()
    {
        await using var server = new ScriptedSmtpServer { DataReply = "554 5.6.0 Message content rejected" };
        await using var services = MailTestServices.Create(server.Port);

        var failure = await SendExpectingFailureAsync(services, MailTestServices.Message(MessageId));

        Assert.False(failure.IsTransient);
        Assert.Equal(554, failure.SmtpStatusCode);
    }

    [Fact]
    public async Task SendAsync_ServerNeverAnswers_TimesOutAsTransient()
    {
        await using var server = new ScriptedSmtpServer { Greeting = null };
        await using var services = MailTestServices.Create(server.Port, new Dictionary<string, string?> { ["Smtp:TimeoutSeconds"] = "1" });
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var failure = await SendExpectingFailureAsync(services, MailTestServices.Message(MessageId));

        Assert.True(failure.IsTransient);
        Assert.Null(failure.SmtpStatusCode);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task SendAsync_CallerCancels_ThrowsOperationCanceledNotDeliveryFailure()
    {
        await using var server = new ScriptedSmtpServer { Greeting = null };
        await using var services = MailTestServices.Create(server.Port);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => services.GetRequiredService<IMailSender>().SendAsync(MailTestServices.Message(MessageId), cancellation.Token));
    }

    [Fact]
    public async Task SendAsync_Disabled_CompletesWithoutConnecting()
    {
        await using var server = new ScriptedSmtpServer();
        var logs = new CapturingLoggerProvider();
        await using var services = MailTestServices.Create(
            server.Port,
            new Dictionary<string, string?> { ["Smtp:Enabled"] = "false", ["Smtp:FromAddress"] = string.Empty },
            logs);

        await services.GetRequiredService<IMailSender>().SendAsync(MailTestServices.Message(MessageId), CancellationToken.None);

        Assert.Equal(0, server.Connections);
        var entry = Assert.Single(logs.Entries, e => e.Level == LogLevel.Information);
        Assert.Equal(MessageId, entry.Values["MessageId"]);
    }

    [Fact]
    public async Task SendAsync_RecipientNamedInToAndCc_IsSentOneRcpt()
    {
        var recipients = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var server = new ScriptedSmtpServer
        {
            RecipientReply = address =>
            {
                recipients.Enqueue(address);
                return "250 OK";
            },
        };
        await using var services = MailTestServices.Create(server.Port);
        var message = new MailMessageData(
            MessageId,
            [new EmailAddress("zhang.san@member.example")],
            "s",
            "<p>h</p>",
            "t",
            cc: [new EmailAddress("Zhang.San@member.example"), new EmailAddress("li.si@member.example")]);

        await services.GetRequiredService<IMailSender>().SendAsync(message, CancellationToken.None);

        Assert.Equal(["zhang.san@member.example", "li.si@member.example"], recipients);
    }

    [Fact]
    public async Task SendAsync_PermanentFailure_LogsErrorWithTemplate()
    {
        await using var server = new ScriptedSmtpServer { RecipientReply = _ => "553 5.1.3 Bad recipient address syntax" };
        var logs = new CapturingLoggerProvider();
        await using var services = MailTestServices.Create(server.Port, logs: logs);

        await SendExpectingFailureAsync(services, MailTestServices.Message(MessageId));

        var error = Assert.Single(logs.Entries, e => e.Level == LogLevel.Error);
        Assert.Equal(4103, error.EventId.Id);
        Assert.NotNull(error.Template);
        Assert.DoesNotContain(MessageId, error.Template, StringComparison.Ordinal);
        Assert.Equal(MessageId, error.Values["MessageId"]);
        Assert.Equal(553, error.Values["SmtpStatusCode"]);
    }

    private static async Task<MailDeliveryException> SendExpectingFailureAsync(ServiceProvider services, MailMessageData message)
    {
        var failure = await Assert.ThrowsAsync<MailDeliveryException>(
            () => services.GetRequiredService<IMailSender>().SendAsync(message, CancellationToken.None));
        Assert.Equal(message.MessageId, failure.MessageId);
        return failure;
    }
}
