namespace Workflows.Runtime.Inbox;

/// <summary>Inbox settings (configuration section "Inbox").</summary>
public sealed class InboxOptions
{
    /// <summary>
    /// A task is "due soon" (即将到期) within this long of its due date, but never for more than
    /// <see cref="DueWarningFraction"/> of the time it was given: a seven-day task warns a day ahead, a two-hour task
    /// in its last 24 minutes rather than from the moment it appears.
    /// </summary>
    public TimeSpan DueWarningWithin { get; set; } = TimeSpan.FromHours(24);

    public double DueWarningFraction { get; set; } = 0.2;

    /// <summary>催办 at most this often per task.</summary>
    public TimeSpan UrgeInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Where an overdue task goes when its EscalateTo is empty: a user name or role:key.</summary>
    public string DefaultEscalationTarget { get; set; } = "role:secretariat";

    /// <summary>How many tasks one deadline pass handles per query round (each in its own transaction).</summary>
    public int DeadlineBatchSize { get; set; } = 200;

    public long MaxAttachmentBytes { get; set; } = 2 * 1024 * 1024;

    public int MaxAttachmentsPerTask { get; set; } = 20;

    /// <summary>File types accepted as attachments (by extension); everything else is refused.</summary>
    public string[] AttachmentExtensions { get; set; } = [".pdf", ".png", ".jpg", ".jpeg", ".gif", ".txt", ".csv", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".zip", ".ofd"];
}
