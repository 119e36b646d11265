namespace Workflows.Testing.MailDev;

/// <summary>A mailbox as maildev parsed it from a message header (display name already decoded).</summary>
public sealed record MailDevAddress(string Address, string Name);

/// <summary>
/// One message held by maildev, from its REST API (<c>GET /api/email</c>). Header names are lower case,
/// as maildev reports them; <see cref="Headers"/> looks them up case-insensitively.
/// </summary>
public sealed record MailDevMessage
{
    /// <summary>maildev's own id of the stored message (for <c>/api/email/{id}/…</c>).</summary>
    public required string Id { get; init; }

    /// <summary>The decoded subject.</summary>
    public required string Subject { get; init; }

    public required IReadOnlyList<MailDevAddress> From { get; init; }

    public required IReadOnlyList<MailDevAddress> To { get; init; }

    public required IReadOnlyList<MailDevAddress> Cc { get; init; }

    /// <summary>Recipients that were in the SMTP envelope but in no header, i.e. blind copies.</summary>
    public required IReadOnlyList<MailDevAddress> Bcc { get; init; }

    /// <summary>Every address the client gave in <c>RCPT TO</c>.</summary>
    public required IReadOnlyList<string> EnvelopeTo { get; init; }

    /// <summary>The decoded text/plain part, if any.</summary>
    public string? Text { get; init; }

    /// <summary>The decoded text/html part, if any.</summary>
    public string? Html { get; init; }

    /// <summary>Headers as maildev reports them (not all of them: it leaves out From, To, Date and Content-*).</summary>
    public required IReadOnlyDictionary<string, string> Headers { get; init; }

    /// <summary>When maildev received the message.</summary>
    public DateTimeOffset Time { get; init; }

    /// <summary>The Message-ID header exactly as received, angle brackets included.</summary>
    public string? MessageId => Headers.TryGetValue("message-id", out var value) ? value : null;
}
