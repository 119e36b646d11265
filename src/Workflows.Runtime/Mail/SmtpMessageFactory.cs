using System.Net.Mail;
using System.Net.Mime;
using System.Text;

namespace Workflows.Runtime.Mail;

/// <summary>Builds the System.Net.Mail message for a <see cref="MailMessageData"/>.</summary>
internal static class SmtpMessageFactory
{
    /// <summary>
    /// The caller disposes the result. Recipients named more than once (say in To and Cc) are kept only at their
    /// first place: System.Net.Mail would otherwise send RCPT TO twice and some servers deliver twice.
    /// </summary>
    public static MailMessage Create(MailMessageData data, SmtpOptions options)
    {
        var from = data.From ?? new EmailAddress(options.FromAddress, options.FromDisplayName);
        var mail = new MailMessage
        {
            From = ToMailAddress(from),
            Subject = data.Subject,
            SubjectEncoding = Encoding.UTF8,
            HeadersEncoding = Encoding.UTF8,
            BodyEncoding = Encoding.UTF8,
        };
        try
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            AddDistinct(mail.To, data.To, seen);
            AddDistinct(mail.CC, data.Cc, seen);
            AddDistinct(mail.Bcc, data.Bcc, seen);

            // Verified (see SmtpMailSenderTests): System.Net.Mail keeps a Message-ID header given here and does not
            // add its own. It does overwrite Date (with the machine's clock), MIME-Version and Content-Type.
            mail.Headers.Add("Message-ID", data.MessageId);
            foreach (var (name, value) in data.Headers)
            {
                mail.Headers.Add(name, value);
            }

            // Two alternate views and no Body make multipart/alternative, text first: clients show the last part
            // they can render, so HTML wins where it is supported. Base64 rather than quoted-printable because
            // Chinese text would triple in size as =XX escapes.
            mail.AlternateViews.Add(CreateView(ToCanonicalLineBreaks(data.TextBody), MediaTypeNames.Text.Plain));
            mail.AlternateViews.Add(CreateView(data.HtmlBody, MediaTypeNames.Text.Html));
            return mail;
        }
        catch
        {
            mail.Dispose();
            throw;
        }
    }

    /// <summary>The number of distinct envelope recipients <see cref="Create"/> produces.</summary>
    public static int CountRecipients(MailMessageData data) =>
        data.To.Concat(data.Cc).Concat(data.Bcc).Select(a => a.Address).Distinct(StringComparer.OrdinalIgnoreCase).Count();

    private static void AddDistinct(MailAddressCollection target, IEnumerable<EmailAddress> addresses, HashSet<string> seen)
    {
        foreach (var address in addresses)
        {
            if (seen.Add(address.Address))
            {
                target.Add(ToMailAddress(address));
            }
        }
    }

    private static MailAddress ToMailAddress(EmailAddress address) =>
        new(address.Address, address.DisplayName, Encoding.UTF8);

    private static AlternateView CreateView(string content, string mediaType)
    {
        var view = AlternateView.CreateAlternateViewFromString(content, Encoding.UTF8, mediaType);
        view.TransferEncoding = TransferEncoding.Base64;
        return view;
    }

    // MIME text is canonically CRLF (RFC 2046 §4.1.1); templates use \n.
    private static string ToCanonicalLineBreaks(string text) =>
        text.ReplaceLineEndings("\r\n");
}
