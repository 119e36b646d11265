namespace Workflows.Runtime.Mail;

/// <summary>Hands one message to the mail system. The email outbox is its only caller in production.</summary>
public interface IMailSender
{
    /// <summary>
    /// Sends <paramref name="message"/> and returns once the server has accepted it.
    /// Sending the same message again (same <see cref="MailMessageData.MessageId"/>) is allowed and expected after
    /// a crash or a transient failure; receivers de-duplicate on the Message-ID.
    /// </summary>
    /// <exception cref="MailDeliveryException">The message was not (fully) accepted; <see cref="MailDeliveryException.IsTransient"/> says whether to retry.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; whether the server got the message is unknown.</exception>
    Task SendAsync(MailMessageData message, CancellationToken cancellationToken);
}
