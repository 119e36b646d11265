using System.Net.Sockets;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
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
        var failure = SmtpFailureClassifier.Classify(new SocketException((int)SocketError.ConnectionRefused));

        Assert.True(failure.IsTransient);
        Assert.Null(failure.StatusCode);
        Assert.Contains("ConnectionRefused", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_RecipientRefused550_IsPermanentNamingTheRecipient()
    {
        var exception = new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxUnavailable, new MailboxAddress("", "gone@member.example"), "No such user");

        var failure = SmtpFailureClassifier.Classify(exception);

        Assert.False(failure.IsTransient);
        Assert.Equal(550, failure.StatusCode);
        Assert.Equal(["gone@member.example"], failure.FailedRecipients);
    }

    [Fact]
    public void Classify_BadCredentialsOrUntrustedCertificate_IsTransientForAnOperatorToFix()
    {
        Assert.True(SmtpFailureClassifier.Classify(new AuthenticationException("535")).IsTransient);
        Assert.True(SmtpFailureClassifier.Classify(new SslHandshakeException("untrusted")).IsTransient);
    }

    [Fact]
    public void Classify_SeveralRecipientsOneOfThemTransient_IsTransient()
    {
        var failure = SmtpFailureClassifier.Classify([new SmtpRefusal("gone@member.example", 550), new SmtpRefusal("busy@member.example", 450)]);

        Assert.True(failure.IsTransient);
        Assert.Equal(450, failure.StatusCode);
        Assert.Equal(["gone@member.example", "busy@member.example"], failure.FailedRecipients);
    }

    [Fact]
    public void Classify_SeveralRecipientsAllPermanent_IsPermanent()
    {
        Assert.False(SmtpFailureClassifier.Classify([new SmtpRefusal("gone@member.example", 550), new SmtpRefusal("bad@member.example", 553)]).IsTransient);
    }

    [Fact]
    public void IsConnectionLost_DroppedConnectionOr421_ButNotARefusal()
    {
        Assert.True(SmtpFailureClassifier.IsConnectionLost(new SmtpProtocolException("closed")));
        Assert.True(SmtpFailureClassifier.IsConnectionLost(new IOException("reset")));
        Assert.True(SmtpFailureClassifier.IsConnectionLost(new SmtpCommandException(SmtpErrorCode.UnexpectedStatusCode, SmtpStatusCode.ServiceNotAvailable, "closing")));
        Assert.False(SmtpFailureClassifier.IsConnectionLost(new SmtpCommandException(SmtpErrorCode.MessageNotAccepted, SmtpStatusCode.TransactionFailed, "rejected")));
    }

    [Fact]
    public void Classify_UnexpectedException_IsTransientRatherThanLosingTheMail()
    {
        Assert.True(SmtpFailureClassifier.Classify(new InvalidOperationException("glitch")).IsTransient);
    }
}
