using System.Collections.ObjectModel;
using System.Text.RegularExpressions;

namespace Workflows.Runtime.Mail;

/// <summary>
/// One outgoing e-mail, immutable and independent of any mail library, so an outbox row can be turned back into
/// exactly the same message on every attempt.
/// </summary>
public sealed partial class MailMessageData
{
    /// <summary>Headers the sender writes itself; setting them as extra headers would duplicate or fight them.</summary>
    private static readonly HashSet<string> ReservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Message-ID", "From", "Sender", "To", "Cc", "Bcc", "Reply-To", "Subject", "Date", "MIME-Version",
        "Content-Type", "Content-Transfer-Encoding", "Content-Disposition", "Importance", "Priority", "X-Priority",
    };

    /// <param name="messageId">
    /// The Message-ID in RFC 5322 form <c>&lt;id@domain&gt;</c>, derived from the outbox row (see <see cref="CreateMessageId"/>)
    /// so that every attempt carries the same one and receivers can de-duplicate.
    /// </param>
    /// <param name="to">Primary recipients.</param>
    /// <param name="subject">The subject, one line.</param>
    /// <param name="htmlBody">The HTML alternative (already encoded by the template renderer).</param>
    /// <param name="textBody">The plain-text alternative.</param>
    /// <param name="from">The sender; null to use <c>Smtp:FromAddress</c> / <c>Smtp:FromDisplayName</c>.</param>
    /// <param name="cc">Copy recipients, shown to everyone.</param>
    /// <param name="bcc">Blind copy recipients, in the SMTP envelope only.</param>
    /// <param name="headers">Extra headers such as <c>X-Workflow-Instance-Id</c> or <c>X-Outbox-Id</c>.</param>
    /// <exception cref="ArgumentException">A value is malformed: the Message-ID, no recipient at all, a multi-line subject, a reserved or malformed header.</exception>
    public MailMessageData(
        string messageId,
        IEnumerable<EmailAddress> to,
        string subject,
        string htmlBody,
        string textBody,
        EmailAddress? from = null,
        IEnumerable<EmailAddress>? cc = null,
        IEnumerable<EmailAddress>? bcc = null,
        IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(htmlBody);
        ArgumentNullException.ThrowIfNull(textBody);

        if (!MessageIdPattern().IsMatch(messageId))
        {
            throw new ArgumentException($"'{messageId}' is not a Message-ID of the form <id@domain>.", nameof(messageId));
        }

        if (subject.Any(char.IsControl))
        {
            throw new ArgumentException("The subject must be a single line without control characters.", nameof(subject));
        }

        // Copies, so that a caller changing its list afterwards cannot change this message.
        To = CopyAddresses(to, nameof(to));
        Cc = CopyAddresses(cc ?? [], nameof(cc));
        Bcc = CopyAddresses(bcc ?? [], nameof(bcc));
        if (To.Count + Cc.Count + Bcc.Count == 0)
        {
            throw new ArgumentException("A message needs at least one recipient in To, Cc or Bcc.", nameof(to));
        }

        MessageId = messageId;
        From = from;
        Subject = subject;
        HtmlBody = htmlBody;
        TextBody = textBody;
        Headers = CopyHeaders(headers ?? []);
    }

    /// <summary>The Message-ID, angle brackets included, sent exactly as given.</summary>
    public string MessageId { get; }

    /// <summary>The sender, or null for the configured default.</summary>
    public EmailAddress? From { get; }

    public IReadOnlyList<EmailAddress> To { get; }

    public IReadOnlyList<EmailAddress> Cc { get; }

    public IReadOnlyList<EmailAddress> Bcc { get; }

    public string Subject { get; }

    public string HtmlBody { get; }

    public string TextBody { get; }

    /// <summary>Extra headers, names compared case-insensitively.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>
    /// Builds a Message-ID <c>&lt;localPart@domain&gt;</c>, e.g. <c>CreateMessageId("outbox.42", "workflow.example.org")</c>.
    /// Use a value that is unique per outbox row and the same on every attempt, never a fresh Guid per send.
    /// </summary>
    /// <exception cref="ArgumentException">A part holds characters a Message-ID cannot carry (spaces, @, angle brackets, non-ASCII).</exception>
    public static string CreateMessageId(string localPart, string domain)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(localPart);
        ArgumentException.ThrowIfNullOrWhiteSpace(domain);
        var id = $"<{localPart}@{domain}>";
        if (!MessageIdPattern().IsMatch(id))
        {
            throw new ArgumentException($"'{localPart}' and '{domain}' do not make a valid Message-ID (letters, digits, dots and !#$%&'*+-/=?^_`{{|}}~ only).", nameof(localPart));
        }

        return id;
    }

    private static ReadOnlyCollection<EmailAddress> CopyAddresses(IEnumerable<EmailAddress> addresses, string parameterName)
    {
        var copy = addresses.ToList();
        if (copy.Contains(null!))
        {
            throw new ArgumentException("Recipient lists must not contain null.", parameterName);
        }

        return copy.AsReadOnly();
    }

    private static ReadOnlyDictionary<string, string> CopyHeaders(IEnumerable<KeyValuePair<string, string>> headers)
    {
        var copy = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            if (name is null || !HeaderNamePattern().IsMatch(name))
            {
                throw new ArgumentException($"'{name}' is not a valid header name (printable ASCII without ':' or spaces).", nameof(headers));
            }

            if (ReservedHeaders.Contains(name))
            {
                throw new ArgumentException($"The header '{name}' is set by the mail sender from the message itself and cannot be given as an extra header.", nameof(headers));
            }

            // A line break in a value would start a new header (header injection).
            if (value is null || value.Any(c => char.IsControl(c) && c != '\t'))
            {
                throw new ArgumentException($"The value of header '{name}' must be a single line without control characters.", nameof(headers));
            }

            if (!copy.TryAdd(name, value))
            {
                throw new ArgumentException($"The header '{name}' is given more than once.", nameof(headers));
            }
        }

        return copy.AsReadOnly();
    }

    // RFC 5322 msg-id with dot-atom-text on both sides (no quoted strings or domain literals: we create them ourselves).
    [GeneratedRegex(@"^<[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*>$", RegexOptions.CultureInvariant)]
    private static partial Regex MessageIdPattern();

    // RFC 5322 field-name: printable US-ASCII except ':'.
    [GeneratedRegex("^[!-9;-~]+$", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderNamePattern();
}
