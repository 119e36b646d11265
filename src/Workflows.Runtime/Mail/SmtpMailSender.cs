using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Workflows.Runtime.Mail;

/// <summary>
/// Sends mail over SMTP with MailKit, reusing open connections: at most <see cref="SmtpOptions.MaxConnections"/>
/// sends run at once, each on a connection of its own taken from the pool (one per outbox parallelism slot), and
/// a connection goes back to the pool after a successful send. A connection that fails is closed, never reused;
/// a pooled one found dead (the server dropped it while idle) is replaced by a fresh one for the same mail, once.
/// </summary>
public sealed partial class SmtpMailSender : IMailSender, IAsyncDisposable, IDisposable
{
    private readonly IOptionsMonitor<SmtpOptions> options;
    private readonly TimeProvider timeProvider;
    private readonly ILogger<SmtpMailSender> logger;
    private readonly SemaphoreSlim slots;
    private readonly ConcurrentStack<SmtpConnection> idle = new();
    private int disposed;

    /// <summary>Options are read per send, so a rotated password applies without a restart (new connections use it).</summary>
    public SmtpMailSender(IOptionsMonitor<SmtpOptions> options, TimeProvider timeProvider, ILogger<SmtpMailSender> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        this.options = options;
        this.timeProvider = timeProvider;
        this.logger = logger;
        var max = options.CurrentValue.MaxConnections;
        slots = new SemaphoreSlim(Math.Max(1, max), Math.Max(1, max));
    }

    /// <inheritdoc />
    public async Task SendAsync(MailMessageData message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        var settings = options.CurrentValue;
        var recipientCount = SmtpMessageFactory.CountRecipients(message);
        if (!settings.Enabled)
        {
            LogDisabled(message.MessageId, recipientCount);
            return;
        }

        MimeMessage mime;
        MailboxAddress sender;
        IReadOnlyList<MailboxAddress> recipients;
        try
        {
            (mime, sender, recipients) = SmtpMessageFactory.Create(message, settings, timeProvider.GetLocalNow());
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or ParseException)
        {
            // Only a bad configured sender gets here (the message validated itself); retrying cannot help this message.
            LogCannotBuild(ex, message.MessageId);
            throw new MailDeliveryException($"Mail {message.MessageId} could not be built: {ex.Message}", isTransient: false, message.MessageId, innerException: ex);
        }

        using (mime)
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await SendOnPooledConnectionAsync(message, mime, sender, recipients, recipientCount, settings, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                slots.Release();
            }
        }
    }

    private async Task SendOnPooledConnectionAsync(MailMessageData message, MimeMessage mime, MailboxAddress sender, IReadOnlyList<MailboxAddress> recipients, int recipientCount, SmtpOptions settings, CancellationToken cancellationToken)
    {
        var key = SettingsKey(settings);
        var started = timeProvider.GetTimestamp();
        while (true)
        {
            var connection = TakeIdle(key, settings);
            var reused = connection is not null;
            connection ??= new SmtpConnection(key, started);
            IReadOnlyList<SmtpRefusal> refused;

            // One bound for the whole send, connecting included: MailKit's Timeout only covers single reads and writes.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
            try
            {
                if (!connection.IsConnected)
                {
                    LogConnecting(settings.Host, settings.Port, settings.ImplicitTls ? "implicit TLS" : settings.EnableStartTls ? "STARTTLS" : "none");
                    await connection.OpenAsync(settings, timeout.Token).ConfigureAwait(false);
                }

                LogSending(message.MessageId, recipientCount, settings.Host, settings.Port, reused);
                refused = await connection.SendAsync(mime, sender, recipients, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await connection.CloseAsync().ConfigureAwait(false);
                throw;
            }
            catch (Exception ex) when (reused && SmtpFailureClassifier.IsConnectionLost(ex))
            {
                // The pooled connection had died while idle; the mail may or may not have reached the server
                // (a resend carries the same Message-ID), so try it once on a fresh connection.
                LogStaleConnection(ex, message.MessageId);
                await connection.CloseAsync().ConfigureAwait(false);
                continue;
            }
            catch (OperationCanceledException ex)
            {
                await connection.CloseAsync().ConfigureAwait(false);
                throw Fail(new TimeoutException($"The send took longer than {settings.TimeoutSeconds} s.", ex), message, recipientCount, settings);
            }
            catch (NoRecipientAcceptedException ex)
            {
                await connection.CloseAsync().ConfigureAwait(false);
                throw Refused(ex, ex.Refusals, message, recipientCount, settings);
            }
            catch (Exception ex)
            {
                await connection.CloseAsync().ConfigureAwait(false);
                throw Fail(ex, message, recipientCount, settings);
            }

            connection.LastUsed = timeProvider.GetTimestamp();
            Return(connection);
            if (refused.Count > 0)
            {
                // The others got it; the outbox records the refused ones and retries only those.
                throw Refused(null, refused, message, recipientCount, settings);
            }

            LogSent(message.MessageId, recipientCount, timeProvider.GetElapsedTime(started).TotalMilliseconds);
            return;
        }
    }

    private SmtpConnection? TakeIdle(string key, SmtpOptions settings)
    {
        while (idle.TryPop(out var connection))
        {
            var idleFor = timeProvider.GetElapsedTime(connection.LastUsed);
            if (connection.SettingsKey == key && connection.IsConnected && idleFor < TimeSpan.FromSeconds(settings.IdleTimeoutSeconds))
            {
                return connection;
            }

            _ = connection.CloseAsync();
        }

        return null;
    }

    private void Return(SmtpConnection connection)
    {
        if (Volatile.Read(ref disposed) != 0)
        {
            _ = connection.CloseAsync();
            return;
        }

        idle.Push(connection);
    }

    /// <summary>What a connection was opened with; the password enters only as a hash, so it never sits in memory twice.</summary>
    private static string SettingsKey(SmtpOptions s)
    {
        var text = string.Join('\n', s.Host, s.Port, s.EnableStartTls, s.ImplicitTls, s.TrustedCertificateThumbprint, s.CheckCertificateRevocation, s.UserName, s.Password);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private MailDeliveryException Refused(Exception? ex, IReadOnlyList<SmtpRefusal> refusals, MailMessageData message, int recipientCount, SmtpOptions settings)
    {
        var failure = refusals.Count > 0 ? SmtpFailureClassifier.Classify(refusals) : new SmtpFailure(false, null, [], "every recipient refused");
        return Fail(failure, ex, message, recipientCount, settings);
    }

    private MailDeliveryException Fail(Exception ex, MailMessageData message, int recipientCount, SmtpOptions settings) =>
        Fail(SmtpFailureClassifier.Classify(ex), ex, message, recipientCount, settings);

    private MailDeliveryException Fail(SmtpFailure failure, Exception? ex, MailMessageData message, int recipientCount, SmtpOptions settings)
    {
        // Refused recipients while others were accepted: the message went to those others.
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
        var refusedNames = failure.FailedRecipients.Count > 0 ? $" Refused: {string.Join(", ", failure.FailedRecipients)}." : string.Empty;
        return new MailDeliveryException(
            $"Mail {message.MessageId} was not delivered via {settings.Host}:{settings.Port}: {failure.Reason}{code}, {kind}.{refusedNames}",
            failure.IsTransient,
            message.MessageId,
            failure.StatusCode,
            failure.FailedRecipients,
            partial,
            ex);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        while (idle.TryPop(out var connection))
        {
            await connection.CloseAsync().ConfigureAwait(false);
        }

        // The semaphore is left undisposed on purpose: a send still finishing at shutdown releases its slot.
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    [LoggerMessage(EventId = 4100, Level = LogLevel.Debug, Message = "Sending mail {MessageId} to {RecipientCount} recipient(s) via {SmtpHost}:{SmtpPort} (pooled connection: {Reused})")]
    private partial void LogSending(string messageId, int recipientCount, string smtpHost, int smtpPort, bool reused);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Sent mail {MessageId} to {RecipientCount} recipient(s) in {ElapsedMs:0} ms")]
    private partial void LogSent(string messageId, int recipientCount, double elapsedMs);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Mail {MessageId} not delivered via {SmtpHost}:{SmtpPort}, will be retried: {Reason} (SMTP status {SmtpStatusCode})")]
    private partial void LogTransientFailure(Exception? exception, string messageId, string smtpHost, int smtpPort, string reason, int? smtpStatusCode);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Error, Message = "Mail {MessageId} refused permanently: {Reason} (SMTP status {SmtpStatusCode}), refused recipients {FailedRecipients}")]
    private partial void LogPermanentFailure(Exception? exception, string messageId, string reason, int? smtpStatusCode, IReadOnlyList<string> failedRecipients);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Information, Message = "Mail is switched off (Smtp:Enabled = false); mail {MessageId} to {RecipientCount} recipient(s) was not sent")]
    private partial void LogDisabled(string messageId, int recipientCount);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Error, Message = "Mail {MessageId} could not be built")]
    private partial void LogCannotBuild(Exception exception, string messageId);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Debug, Message = "Opening an SMTP connection to {SmtpHost}:{SmtpPort} (TLS: {Tls})")]
    private partial void LogConnecting(string smtpHost, int smtpPort, string tls);

    [LoggerMessage(EventId = 4107, Level = LogLevel.Information, Message = "A pooled SMTP connection was lost before mail {MessageId}; sending it again on a fresh connection")]
    private partial void LogStaleConnection(Exception exception, string messageId);
}
