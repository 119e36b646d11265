namespace Workflows.Runtime.Mail.Outbox;

/// <summary>
/// One attempt to deliver an outbox mail to one recipient: who was meant (user name, role or address), the address
/// it resolved to, and what the SMTP server said. A mail to a role has one row per holder per attempt.
/// </summary>
public sealed class OutboxDeliveryRecord
{
    public required string Id { get; set; }
    public required string OutboxId { get; set; }

    /// <summary>As written in the outbox row: an address, a user name or "role:key".</summary>
    public required string Recipient { get; set; }

    /// <summary>The address it resolved to; null when it did not resolve.</summary>
    public string? Address { get; set; }
    public string? UserName { get; set; }
    public string? Culture { get; set; }
    public string? MessageId { get; set; }

    /// <summary>Sent, Deferred (transient failure, retried), Failed (refused for good), Unresolved, Requeued (a person sent the mail again).</summary>
    public required string Status { get; set; }
    public int Attempt { get; set; }
    public DateTime At { get; set; }
    public string? Error { get; set; }
}

public static class OutboxDeliveryStatuses
{
    public const string Sent = "Sent";
    public const string Deferred = "Deferred";
    public const string Failed = "Failed";
    public const string Unresolved = "Unresolved";

    /// <summary>A person put the failed mail back in the queue (UserName says who): earlier refusals are tried again.</summary>
    public const string Requeued = "Requeued";
}
