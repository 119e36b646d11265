using System.Net.Mail;
using System.Net.Sockets;
using Workflows.Runtime.Mail;

namespace Workflows.Runtime.Tests.Mail;

public sealed class SmtpFailureClassifierTests
{
    [Theory]
    [InlineData(421, true)]
    [InlineData(450, true)]
    [InlineData(451, true)]
    [InlineData(452, true)]
    [InlineData(454, true)]
    [InlineData(530, true)]
    [InlineData(535, true)]
    [InlineData(500, false)]
    [InlineData(501, false)]
    [InlineData(503, false)]
    [InlineData(550, false)]
    [InlineData(551, false)]
    [InlineData(552, false)]
    [InlineData(553, false)]
    [InlineData(554, false)]
    public void IsTransientCode_SmtpReplyCode_FollowsRfc5321(int code, bool transient)
    {
        Assert.Equal(transient, SmtpFailureClassifier.IsTransientCode(code));
    }

    [Fact]
    public void Classify_ConnectionRefused_IsTransientWithoutCode()
    {
        var exception = new SmtpException("Failure sending mail.", new SocketException((int)SocketError.ConnectionRefused));

        var failure = SmtpFailureClassifier.Classify(exception);

        Assert.True(failure.IsTransient);
        Assert.Null(failure.StatusCode);
        Assert.Contains("ConnectionRefused", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_SeveralRecipientsOneOfThemTransient_IsTransient()
    {
        var exception = new SmtpFailedRecipientsException(
            "refused",
            [
                new SmtpFailedRecipientException(SmtpStatusCode.MailboxUnavailable, "gone@member.example"),
                new SmtpFailedRecipientException(SmtpStatusCode.MailboxBusy, "busy@member.example"),
            ]);

        var failure = SmtpFailureClassifier.Classify(exception);

        Assert.True(failure.IsTransient);
        Assert.Equal(450, failure.StatusCode);
        Assert.Equal(["gone@member.example", "busy@member.example"], failure.FailedRecipients);
    }

    [Fact]
    public void Classify_SeveralRecipientsAllPermanent_IsPermanent()
    {
        var exception = new SmtpFailedRecipientsException(
            "refused",
            [
                new SmtpFailedRecipientException(SmtpStatusCode.MailboxUnavailable, "gone@member.example"),
                new SmtpFailedRecipientException(SmtpStatusCode.MailboxNameNotAllowed, "bad@member.example"),
            ]);

        Assert.False(SmtpFailureClassifier.Classify(exception).IsTransient);
    }

    [Fact]
    public void Classify_UnexpectedException_IsTransientRatherThanLosingTheMail()
    {
        Assert.True(SmtpFailureClassifier.Classify(new InvalidOperationException("glitch")).IsTransient);
    }
}
