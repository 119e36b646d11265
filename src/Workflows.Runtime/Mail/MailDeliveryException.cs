namespace Workflows.Runtime.Mail;

/// <summary>
/// A message could not be delivered to the mail server. The outbox decides from <see cref="IsTransient"/>:
/// transient means a later attempt with the same message may succeed (server down, timeout, 4xx reply,
/// misconfigured credentials an operator can fix); permanent means this message will never be accepted as it
/// is (5xx reply about a mailbox or the message itself, a message that cannot be built).
/// </summary>
public sealed class MailDeliveryException : Exception
{
    public MailDeliveryException()
        : this("The mail could not be delivered.", isTransient: true)
    {
    }

    public MailDeliveryException(string message)
        : this(message, isTransient: true)
    {
    }

    public MailDeliveryException(string message, Exception innerException)
        : this(message, isTransient: true, innerException: innerException)
    {
    }

    public MailDeliveryException(
        string message,
        bool isTransient,
        string? messageId = null,
        int? smtpStatusCode = null,
        IReadOnlyList<string>? failedRecipients = null,
        bool partiallyDelivered = false,
        Exception? innerException = null)
        : base(message, innerException)
    {
        IsTransient = isTransient;
        MessageId = messageId;
        SmtpStatusCode = smtpStatusCode;
        FailedRecipients = failedRecipients ?? [];
        PartiallyDelivered = partiallyDelivered;
    }

    /// <summary>Whether retrying the same message later may succeed.</summary>
    public bool IsTransient { get; }

    /// <summary>The Message-ID of the message that failed.</summary>
    public string? MessageId { get; }

    /// <summary>The SMTP reply code that caused the failure, or null when there was no reply (refused connection, timeout, TLS failure).</summary>
    public int? SmtpStatusCode { get; }

    /// <summary>Recipients the server refused (empty when the failure was not about recipients).</summary>
    public IReadOnlyList<string> FailedRecipients { get; }

    /// <summary>
    /// True when the server refused some recipients but accepted the message for the others: a retry will reach
    /// those others a second time (they de-duplicate on the Message-ID).
    /// </summary>
    public bool PartiallyDelivered { get; }
}
