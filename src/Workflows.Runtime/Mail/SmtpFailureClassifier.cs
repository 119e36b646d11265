using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace Workflows.Runtime.Mail;

/// <summary>What went wrong in one send, in the terms the outbox needs.</summary>
internal sealed record SmtpFailure(bool IsTransient, int? StatusCode, IReadOnlyList<string> FailedRecipients, string Reason);

/// <summary>One recipient the server refused at RCPT TO, with its reply code.</summary>
internal sealed record SmtpRefusal(string Address, int StatusCode);

/// <summary>
/// Turns what MailKit throws into transient or permanent. The rule: only a reply that says this message or this
/// recipient is unacceptable is permanent; anything that a later attempt (or an operator fixing the
/// configuration) can cure is transient, because giving up loses the mail.
/// </summary>
internal static class SmtpFailureClassifier
{
    /// <summary>Recipients refused one by one (the connection records them instead of aborting the message).</summary>
    public static SmtpFailure Classify(IReadOnlyList<SmtpRefusal> refusals)
    {
        ArgumentNullException.ThrowIfNull(refusals);
        // Any recipient that may succeed later makes the message worth retrying (for that recipient).
        var transient = refusals.FirstOrDefault(r => IsTransientCode(r.StatusCode));
        var code = (transient ?? refusals[0]).StatusCode;
        return new SmtpFailure(transient is not null, code, refusals.Select(r => r.Address).ToList(), refusals.Count == 1 ? "recipient refused" : "recipients refused");
    }

    public static SmtpFailure Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        switch (exception)
        {
            case SmtpCommandException command:
                {
                    var code = (int)command.StatusCode;
                    var recipients = command.ErrorCode == SmtpErrorCode.RecipientNotAccepted && command.Mailbox is { } mailbox ? new[] { mailbox.Address } : [];
                    var reason = command.ErrorCode switch
                    {
                        SmtpErrorCode.RecipientNotAccepted => "recipient refused",
                        SmtpErrorCode.SenderNotAccepted => "sender refused",
                        SmtpErrorCode.MessageNotAccepted => "message refused",
                        _ => "server replied with an error",
                    };
                    return new SmtpFailure(IsTransientCode(code), code, recipients, reason);
                }

            // Bad credentials or no common mechanism: an operator fixes the configuration, the same mail then goes.
            case AuthenticationException:
                return new SmtpFailure(true, 535, [], "authentication failed");

            case SslHandshakeException:
                return new SmtpFailure(true, null, [], "TLS handshake failed (certificate not trusted?)");

            // The server does not offer STARTTLS although it is required: a downgrade is refused, not tried.
            case NotSupportedException when exception.Message.Contains("STARTTLS", StringComparison.OrdinalIgnoreCase):
                return new SmtpFailure(true, null, [], "the server does not offer STARTTLS");

            default:
                return new SmtpFailure(true, null, [], DescribeNoReply(exception));
        }
    }

    /// <summary>
    /// Whether the connection itself failed (dropped, reset, closed by the server), as opposed to a reply about
    /// this message: on a connection taken from the pool, such a failure is worth one more try on a fresh one.
    /// </summary>
    public static bool IsConnectionLost(Exception exception) => exception switch
    {
        SmtpProtocolException or IOException or SocketException or ServiceNotConnectedException => true,
        // 421: the server is closing this connection (RFC 5321 §3.8), typically an idle one.
        SmtpCommandException { StatusCode: SmtpStatusCode.ServiceNotAvailable } => true,
        _ => false,
    };

    /// <summary>4xx is transient by definition (RFC 5321 §4.2.1); among 5xx only authentication and TLS trouble is.</summary>
    internal static bool IsTransientCode(int code) => code switch
    {
        >= 400 and < 500 => true,
        // 530 authentication/STARTTLS required, 534 mechanism too weak, 535 bad credentials, 538 encryption
        // required: the configuration is wrong, not the message; after an operator fixes it the same message goes through.
        530 or 534 or 535 or 538 => true,
        >= 500 and < 600 => false,
        // Anything else is not a real SMTP reply code; treat it as a glitch rather than give the mail up.
        _ => true,
    };

    private static string DescribeNoReply(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SocketException socket:
                    return $"network error ({socket.SocketErrorCode})";
                case System.Security.Authentication.AuthenticationException:
                    return "TLS handshake failed";
                case TimeoutException:
                    return "timed out";
                case SmtpProtocolException:
                    return "connection lost";
            }
        }

        return exception.Message.Contains("timed out", StringComparison.OrdinalIgnoreCase) ? "timed out" : "no reply from the server";
    }
}
