using MimeKit;

namespace Workflows.Runtime.Mail;

/// <summary>The MimeKit message and the SMTP envelope for a <see cref="MailMessageData"/>.</summary>
internal static class SmtpMessageFactory
{
    /// <summary>
    /// How messages are written: 7-bit headers with RFC 2047 encoded words for Chinese subjects and names
    /// (International off), so that servers without SMTPUTF8 pass them unchanged.
    /// </summary>
    public static readonly FormatOptions Format = CreateFormat();

    /// <summary>
    /// The message and its envelope. Recipients named more than once (say in To and Cc) are kept only at their
    /// first place, so RCPT TO names each once (some servers deliver twice otherwise). Bcc recipients are only in
    /// the envelope, never in a header.
    /// </summary>
    public static (MimeMessage Message, MailboxAddress Sender, IReadOnlyList<MailboxAddress> Recipients) Create(MailMessageData data, SmtpOptions options, DateTimeOffset now)
    {
        var from = ToMailbox(data.From ?? new EmailAddress(options.FromAddress, options.FromDisplayName));
        var message = new MimeMessage
        {
            Subject = data.Subject,
            Date = now,
            // MimeKit keeps the id without angle brackets and writes them itself.
            MessageId = data.MessageId[1..^1],
        };
        message.From.Add(from);

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var envelope = new List<MailboxAddress>();
        AddDistinct(data.To, seen, envelope, message.To);
        AddDistinct(data.Cc, seen, envelope, message.Cc);
        AddDistinct(data.Bcc, seen, envelope, header: null);

        foreach (var (name, value) in data.Headers)
        {
            message.Headers.Add(name, value);
        }

        // Text first, HTML last: clients show the last alternative they can render (RFC 2046 §5.1.4). Base64
        // rather than quoted-printable, because Chinese text would triple in size as =XX escapes.
        message.Body = new MultipartAlternative
        {
            TextPart("plain", data.TextBody.ReplaceLineEndings("\r\n")),
            TextPart("html", data.HtmlBody),
        };
        return (message, from, envelope);
    }

    /// <summary>The number of distinct envelope recipients <see cref="Create"/> produces.</summary>
    public static int CountRecipients(MailMessageData data) =>
        data.To.Concat(data.Cc).Concat(data.Bcc).Select(a => a.Address).Distinct(StringComparer.OrdinalIgnoreCase).Count();

    private static void AddDistinct(IEnumerable<EmailAddress> addresses, HashSet<string> seen, List<MailboxAddress> envelope, InternetAddressList? header)
    {
        foreach (var address in addresses)
        {
            if (seen.Add(address.Address))
            {
                var mailbox = ToMailbox(address);
                envelope.Add(mailbox);
                header?.Add(mailbox);
            }
        }
    }

    private static MailboxAddress ToMailbox(EmailAddress address) => new(address.DisplayName ?? string.Empty, address.Address);

    private static TextPart TextPart(string subtype, string content)
    {
        var part = new TextPart(subtype) { ContentTransferEncoding = ContentEncoding.Base64 };
        part.SetText("utf-8", content);
        return part;
    }

    private static FormatOptions CreateFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.International = false;
        format.NewLineFormat = NewLineFormat.Dos;
        return format;
    }
}
