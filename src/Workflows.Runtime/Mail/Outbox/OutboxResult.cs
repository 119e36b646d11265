namespace Workflows.Runtime.Mail.Outbox;

/// <summary>
/// What one claimed outbox row came to in one attempt: the row's new state and the delivery log rows of the attempt.
/// The row is written only while the claim is still this sender's (status Pending and <see cref="Attempt"/> unchanged).
/// </summary>
/// <param name="Attempts">The attempt count to store: <see cref="Attempt"/>, or one less when the claim is undone unsent.</param>
/// <param name="AfterCommit">Logging that should say what is now stored, so it runs only once the result is committed.</param>
internal sealed record OutboxResult(
    string Id,
    int Attempt,
    int Attempts,
    string Status,
    DateTime NextAttemptAt,
    DateTime? SentAt,
    string? Error,
    IReadOnlyList<OutboxDeliveryRecord> Deliveries,
    Action? AfterCommit = null);
