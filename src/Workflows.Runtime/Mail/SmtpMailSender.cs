using System.Net;
using System.Net.Mail;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Workflows.Runtime.Mail;

/// <summary>
/// Sends mail with System.Net.Mail's <see cref="SmtpClient"/> (MailKit is not available here). One client per
/// send: SmtpClient cannot run two sends at once and does not pool connections anyway.
/// </summary>
public sealed partial class SmtpMailSender : IMailSender
{
    private readonly IOptionsMonitor<SmtpOptions> options;
    private readonly TimeProvider timeProvider;
    private readonly ILogger<SmtpMailSender> logger;

    /// <summary>Options are read per send, so a rotated password applies without a restart.</summary>
    public SmtpMailSender(IOptionsMonitor<SmtpOptions> options, TimeProvider timeProvider, ILogger<SmtpMailSender> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        this.options = options;
        this.timeProvider = timeProvider;
        this.logger = logger;
    }

    /// <inheritdoc />
    public async Task SendAsync(MailMessageData message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        var settings = options.CurrentValue;
        var recipientCount = SmtpMessageFactory.CountRecipients(message);
        if (!settings.Enabled)
        {
            LogDisabled(message.MessageId, recipientCount);
            return;
        }

        MailMessage mail;
        try
        {
            mail = SmtpMessageFactory.Create(message, settings);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            // Only a bad configured sender gets here (the message validated itself); retrying cannot help this message.
            LogCannotBuild(ex, message.MessageId);
            throw new MailDeliveryException($"Mail {message.MessageId} could not be built: {ex.Message}", isTransient: false, message.MessageId, innerException: ex);
        }

        using (mail)
        using (var client = CreateClient(settings))
        {
            LogSending(message.MessageId, recipientCount, settings.Host, settings.Port);
            var started = timeProvider.GetTimestamp();
            try
            {
                await client.SendMailAsync(mail, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                throw Fail(ex, message, recipientCount, settings);
            }

            LogSent(message.MessageId, recipientCount, timeProvider.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    private static SmtpClient CreateClient(SmtpOptions settings)
    {
        var client = new SmtpClient(settings.Host, settings.Port)
        {
            DeliveryMethod = SmtpDeliveryMethod.Network,
            EnableSsl = settings.EnableStartTls,
            // Verified on .NET 10 (SmtpMailSenderTests): Timeout also bounds SendMailAsync, connection included.
            Timeout = checked(settings.TimeoutSeconds * 1000),
            UseDefaultCredentials = false,
        };
        if (!string.IsNullOrEmpty(settings.UserName))
        {
            client.Credentials = new NetworkCredential(settings.UserName, settings.Password);
        }

        return client;
    }

    private MailDeliveryException Fail(Exception ex, MailMessageData message, int recipientCount, SmtpOptions settings)
    {
        var failure = SmtpFailureClassifier.Classify(ex);

        // System.Net.Mail sends the message to the accepted recipients and only then reports the refused ones.
        var partial = failure.FailedRecipients.Count > 0 && failure.FailedRecipients.Count < recipientCount;
        if (failure.IsTransient)
        {
            LogTransientFailure(ex, message.MessageId, settings.Host, settings.Port, failure.Reason, failure.StatusCode);
        }
        else
        {
            LogPermanentFailure(ex, message.MessageId, failure.Reason, failure.StatusCode, failure.FailedRecipients);
        }

        var kind = failure.IsTransient ? "transient" : "permanent";
        var code = failure.StatusCode is { } c ? $" (SMTP {c})" : string.Empty;
        return new MailDeliveryException(
            $"Mail {message.MessageId} was not delivered via {settings.Host}:{settings.Port}: {failure.Reason}{code}, {kind}. {ex.Message}",
            failure.IsTransient,
            message.MessageId,
            failure.StatusCode,
            failure.FailedRecipients,
            partial,
            ex);
    }

    [LoggerMessage(EventId = 4100, Level = LogLevel.Debug, Message = "Sending mail {MessageId} to {RecipientCount} recipient(s) via {SmtpHost}:{SmtpPort}")]
    private partial void LogSending(string messageId, int recipientCount, string smtpHost, int smtpPort);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Sent mail {MessageId} to {RecipientCount} recipient(s) in {ElapsedMs:0} ms")]
    private partial void LogSent(string messageId, int recipientCount, double elapsedMs);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Mail {MessageId} not delivered via {SmtpHost}:{SmtpPort}, will be retried: {Reason} (SMTP status {SmtpStatusCode})")]
    private partial void LogTransientFailure(Exception exception, string messageId, string smtpHost, int smtpPort, string reason, int? smtpStatusCode);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Error, Message = "Mail {MessageId} refused permanently: {Reason} (SMTP status {SmtpStatusCode}), refused recipients {FailedRecipients}")]
    private partial void LogPermanentFailure(Exception exception, string messageId, string reason, int? smtpStatusCode, IReadOnlyList<string> failedRecipients);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Information, Message = "Mail is switched off (Smtp:Enabled = false); mail {MessageId} to {RecipientCount} recipient(s) was not sent")]
    private partial void LogDisabled(string messageId, int recipientCount);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Error, Message = "Mail {MessageId} could not be built")]
    private partial void LogCannotBuild(Exception exception, string messageId);
}
