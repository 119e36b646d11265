using System.Net.Mail;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Workflows.Runtime.Mail;

/// <summary>What went wrong in one send, in the terms the outbox needs.</summary>
internal sealed record SmtpFailure(bool IsTransient, int? StatusCode, IReadOnlyList<string> FailedRecipients, string Reason);

/// <summary>
/// Turns what System.Net.Mail throws into transient or permanent. The rule: only a reply that says this message
/// or this recipient is unacceptable is permanent; anything that a later attempt (or an operator fixing the
/// configuration) can cure is transient, because giving up loses the mail.
/// </summary>
internal static class SmtpFailureClassifier
{
    public static SmtpFailure Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        switch (exception)
        {
            // Several recipients refused. One refused recipient is an SmtpFailedRecipientException (checked below).
            case SmtpFailedRecipientsException many when many.InnerExceptions.Length > 0:
                {
                    var recipients = many.InnerExceptions.Select(e => PlainAddress(e.FailedRecipient)).ToList();
                    // Any recipient that may succeed later makes the whole message worth retrying.
                    var transient = many.InnerExceptions.FirstOrDefault(e => IsTransientCode((int)e.StatusCode));
                    var code = (int)(transient ?? many.InnerExceptions[0]).StatusCode;
                    return new SmtpFailure(transient is not null, code, recipients, "recipients refused");
                }

            case SmtpFailedRecipientException one:
                return new SmtpFailure(IsTransientCode((int)one.StatusCode), (int)one.StatusCode, [PlainAddress(one.FailedRecipient)], "recipient refused");

            // GeneralFailure (-1) means no SMTP reply at all: refused connection, DNS, reset, timeout, TLS handshake.
            case SmtpException smtp when smtp.StatusCode != SmtpStatusCode.GeneralFailure:
                return new SmtpFailure(IsTransientCode((int)smtp.StatusCode), (int)smtp.StatusCode, [], "server replied with an error");

            default:
                return new SmtpFailure(true, null, [], DescribeNoReply(exception));
        }
    }

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

    // System.Net.Mail reports the address as it wrote it in RCPT TO, angle brackets included.
    private static string PlainAddress(string? recipient) => (recipient ?? string.Empty).Trim().TrimStart('<').TrimEnd('>');

    private static string DescribeNoReply(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SocketException socket:
                    return $"network error ({socket.SocketErrorCode})";
                case AuthenticationException:
                    return "TLS handshake failed";
                case TimeoutException:
                    return "timed out";
            }
        }

        return exception.Message.Contains("timed out", StringComparison.OrdinalIgnoreCase) ? "timed out" : "no reply from the server";
    }
}
