using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Workflows.Runtime.Mail;

/// <summary>
/// One SMTP connection of the pool. It records refused recipients instead of letting MailKit abort the whole
/// message at the first one, so the others still get it and the outbox learns the verdict per recipient.
/// </summary>
internal sealed class SmtpConnection : SmtpClient
{
    private readonly List<SmtpRefusal> refusals = [];

    public SmtpConnection(string settingsKey, long createdAt)
    {
        SettingsKey = settingsKey;
        LastUsed = createdAt;
    }

    /// <summary>The settings it was opened with: a connection opened before a configuration change is not reused.</summary>
    public string SettingsKey { get; }

    /// <summary>Timestamp (TimeProvider) of its last completed send, to close idle ones before the server does.</summary>
    public long LastUsed { get; set; }

    /// <summary>Sends once the connection is open and signed in, and returns the recipients the server refused.</summary>
    public async Task<IReadOnlyList<SmtpRefusal>> SendAsync(MimeMessage message, MailboxAddress sender, IReadOnlyList<MailboxAddress> recipients, CancellationToken cancellationToken)
    {
        refusals.Clear();
        await SendAsync(SmtpMessageFactory.Format, message, sender, recipients, cancellationToken).ConfigureAwait(false);
        return refusals.ToList();
    }

    public async Task OpenAsync(SmtpOptions settings, CancellationToken cancellationToken)
    {
        Timeout = checked(settings.TimeoutSeconds * 1000);
        CheckCertificateRevocation = settings.CheckCertificateRevocation;
        ServerCertificateValidationCallback = SmtpCertificatePolicy.Create(settings);
        var security = settings.ImplicitTls ? SecureSocketOptions.SslOnConnect
            : settings.EnableStartTls ? SecureSocketOptions.StartTls
            : SecureSocketOptions.None;
        await ConnectAsync(settings.Host, settings.Port, security, cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(settings.UserName))
        {
            await AuthenticateAsync(settings.UserName, settings.Password ?? string.Empty, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Says QUIT when it can; a connection that is already broken is just closed.</summary>
    public async Task CloseAsync()
    {
        try
        {
            if (IsConnected)
            {
                using var quit = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await DisconnectAsync(true, quit.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or SmtpProtocolException or SmtpCommandException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            // Closing a connection nobody will use again: nothing to report.
        }
        finally
        {
            Dispose();
        }
    }

    protected override void OnRecipientNotAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response) =>
        refusals.Add(new SmtpRefusal(mailbox.Address, (int)response.StatusCode));

    // MailKit's documented pairing with the override above: with nobody accepted there is nothing to send.
    protected override void OnNoRecipientsAccepted(MimeMessage message) =>
        throw new NoRecipientAcceptedException(refusals.ToList());
}

/// <summary>Every recipient of one message was refused at RCPT TO; the message was not sent.</summary>
internal sealed class NoRecipientAcceptedException : Exception
{
    public NoRecipientAcceptedException(IReadOnlyList<SmtpRefusal> refusals)
        : base("The server refused every recipient.")
    {
        Refusals = refusals;
    }

    public NoRecipientAcceptedException()
        : this([])
    {
    }

    public NoRecipientAcceptedException(string message)
        : base(message)
    {
        Refusals = [];
    }

    public NoRecipientAcceptedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Refusals = [];
    }

    public IReadOnlyList<SmtpRefusal> Refusals { get; }
}
