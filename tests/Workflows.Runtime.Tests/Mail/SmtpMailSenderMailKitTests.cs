using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Workflows.Runtime.Mail;

namespace Workflows.Runtime.Tests.Mail;

/// <summary>
/// The MailKit sender against the scripted SMTP server: connection reuse, TLS (STARTTLS and implicit, certificate
/// validation on by default), AUTH, slow and dropped connections, and the MIME it writes.
/// </summary>
public sealed class SmtpMailSenderMailKitTests
{
    private static MailMessageData Numbered(int i) => MailTestServices.Message($"<outbox.{i}@workflow.association.example>");

    [Fact]
    public async Task SendAsync_ManyMailsOneAfterAnother_UseOneConnection()
    {
        await using var server = new ScriptedSmtpServer();
        await using var services = MailTestServices.Create(server.Port);
        var sender = services.GetRequiredService<IMailSender>();

        for (var i = 0; i < 20; i++)
        {
            await sender.SendAsync(Numbered(i), CancellationToken.None);
        }

        Assert.Equal(20, server.Messages.Count);
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task SendAsync_ManyMailsAtOnce_OpenNoMoreConnectionsThanTheSlots()
    {
        await using var server = new ScriptedSmtpServer { ReplyDelay = TimeSpan.FromMilliseconds(5) };
        await using var services = MailTestServices.Create(server.Port, new Dictionary<string, string?> { ["Smtp:MaxConnections"] = "3" });
        var sender = services.GetRequiredService<IMailSender>();

        await Task.WhenAll(Enumerable.Range(0, 30).Select(i => sender.SendAsync(Numbered(i), CancellationToken.None)));

        Assert.Equal(30, server.Messages.Count);
        Assert.InRange(server.Connections, 1, 3);
    }

    [Fact]
    public async Task SendAsync_StartTlsWithSelfSignedCertificate_IsRefusedByDefaultAndNothingIsSent()
    {
        using var certificate = ScriptedSmtpServer.CreateSelfSignedCertificate();
        await using var server = new ScriptedSmtpServer { Certificate = certificate };
        await using var services = MailTestServices.Create(server.Port, new Dictionary<string, string?> { ["Smtp:EnableStartTls"] = "true" });

        var failure = await Assert.ThrowsAsync<MailDeliveryException>(() => services.GetRequiredService<IMailSender>().SendAsync(Numbered(1), CancellationToken.None));

        Assert.True(failure.IsTransient);
        Assert.Contains("TLS", failure.Message, StringComparison.Ordinal);
        Assert.Contains("STARTTLS", server.Commands);
        Assert.DoesNotContain(server.Commands, c => c.StartsWith("MAIL", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task SendAsync_StartTlsWithPinnedCertificate_IsAcceptedAndSentEncrypted()
    {
        using var certificate = ScriptedSmtpServer.CreateSelfSignedCertificate();
        await using var server = new ScriptedSmtpServer { Certificate = certificate };
        await using var services = MailTestServices.Create(server.Port, new Dictionary<string, string?>
        {
            ["Smtp:EnableStartTls"] = "true",
            ["Smtp:TrustedCertificateThumbprint"] = Convert.ToHexString(SHA256.HashData(certificate.RawData)),
        });

        await services.GetRequiredService<IMailSender>().SendAsync(Numbered(2), CancellationToken.None);

        Assert.Single(server.Messages);
        // MAIL FROM came after STARTTLS, i.e. inside the TLS session.
        var commands = server.Commands.ToList();
        Assert.True(commands.IndexOf("STARTTLS") < commands.FindIndex(c => c.StartsWith("MAIL", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task SendAsync_PinnedThumbprintOfAnotherCertificate_IsRefused()
    {
        using var certificate = ScriptedSmtpServer.CreateSelfSignedCertificate();
        using var other = ScriptedSmtpServer.CreateSelfSignedCertificate();
        await using var server = new ScriptedSmtpServer { Certificate = certificate };
        await using var services = MailTestServices.Create(server.Port, new Dictionary<string, string?>
        {
            ["Smtp:EnableStartTls"] = "true",
            ["Smtp:TrustedCertificateThumbprint"] = Convert.ToHexString(SHA256.HashData(other.RawData)),
        });

        var failure = await Assert.ThrowsAsync<MailDeliveryException>(() => services.GetRequiredService<IMailSender>().SendAsync(Numbered(3), CancellationToken.None));

        Assert.True(failure.IsTransient);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task SendAsync_ImplicitTlsWithPinnedCertificate_IsSent()
    {
        using var certificate = ScriptedSmtpServer.CreateSelfSignedCertificate();
        await using var server = new ScriptedSmtpServer { Certificate = certificate, ImplicitTls = true };
        await using var services = MailTestServices.Create(server.Port, new Dictionary<string, string?>
        {
            ["Smtp:ImplicitTls"] = "true",
            ["Smtp:TrustedCertificateThumbprint"] = Convert.ToHexString(SHA256.HashData(certificate.RawData)),
        });

        await services.GetRequiredService<IMailSender>().SendAsync(Numbered(4), CancellationToken.None);

        Assert.Single(server.Messages);
        Assert.DoesNotContain("STARTTLS", server.Commands);
    }

    [Fact]
    public async Task SendAsync_StartTlsRequiredButNotOffered_DoesNotFallBackToClearText()
    {
        await using var server = new ScriptedSmtpServer();
        await using var services = MailTestServices.Create(server.Port, new Dictionary<string, string?> { ["Smtp:EnableStartTls"] = "true" });

        var failure = await Assert.ThrowsAsync<MailDeliveryException>(() => services.GetRequiredService<IMailSender>().SendAsync(Numbered(5), CancellationToken.None));

        Assert.True(failure.IsTransient);
        Assert.DoesNotContain(server.Commands, c => c.StartsWith("MAIL", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task SendAsync_AuthWithRightCredentials_IsSentOnceSignedIn()
    {
        await using var server = new ScriptedSmtpServer { Credentials = ("workflow", "s3cret-密码") };
        await using var services = MailTestServices.Create(server.Port, new Dictionary<string, string?> { ["Smtp:UserName"] = "workflow", ["Smtp:Password"] = "s3cret-密码" });
        var sender = services.GetRequiredService<IMailSender>();

        await sender.SendAsync(Numbered(6), CancellationToken.None);
        await sender.SendAsync(Numbered(7), CancellationToken.None);

        Assert.Equal(2, server.Messages.Count);
        // Signed in once, on the one connection both mails used.
        Assert.Single(server.Commands, c => c.StartsWith("AUTH", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task SendAsync_AuthWithWrongPassword_IsTransientAndSendsNothing()
    {
        await using var server = new ScriptedSmtpServer { Credentials = ("workflow", "right") };
        await using var services = MailTestServices.Create(server.Port, new Dictionary<string, string?> { ["Smtp:UserName"] = "workflow", ["Smtp:Password"] = "wrong" });

        var failure = await Assert.ThrowsAsync<MailDeliveryException>(() => services.GetRequiredService<IMailSender>().SendAsync(Numbered(8), CancellationToken.None));

        Assert.True(failure.IsTransient);
        Assert.Equal(535, failure.SmtpStatusCode);
        Assert.DoesNotContain("wrong", failure.Message, StringComparison.Ordinal);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task SendAsync_SlowServerWithinTheTimeout_IsSent()
    {
        await using var server = new ScriptedSmtpServer { ReplyDelay = TimeSpan.FromMilliseconds(300) };
        await using var services = MailTestServices.Create(server.Port, new Dictionary<string, string?> { ["Smtp:TimeoutSeconds"] = "10" });

        await services.GetRequiredService<IMailSender>().SendAsync(Numbered(9), CancellationToken.None);

        Assert.Single(server.Messages);
    }

    [Fact]
    public async Task SendAsync_ServerSlowerThanTheTimeout_IsTransient()
    {
        await using var server = new ScriptedSmtpServer { ReplyDelay = TimeSpan.FromSeconds(3) };
        await using var services = MailTestServices.Create(server.Port, new Dictionary<string, string?> { ["Smtp:TimeoutSeconds"] = "1" });

        var failure = await Assert.ThrowsAsync<MailDeliveryException>(() => services.GetRequiredService<IMailSender>().SendAsync(Numbered(10), CancellationToken.None));

        Assert.True(failure.IsTransient);
        Assert.Null(failure.SmtpStatusCode);
    }

    [Fact]
    public async Task SendAsync_PooledConnectionDroppedAfterData_ResendsOnAFreshConnectionWithTheSameMessageId()
    {
        // The second message reaches the server, which hangs up before answering: the sender cannot know it
        // arrived, so it sends it again on a new connection, with the same Message-ID for the receiver to de-duplicate.
        await using var server = new ScriptedSmtpServer { DropAfterData = new HashSet<int> { 2 } };
        await using var services = MailTestServices.Create(server.Port);
        var sender = services.GetRequiredService<IMailSender>();

        await sender.SendAsync(Numbered(11), CancellationToken.None);
        await sender.SendAsync(Numbered(12), CancellationToken.None);
        await sender.SendAsync(Numbered(13), CancellationToken.None);

        var ids = server.Messages.Select(m => MimeMessage.Load(new MemoryStream(System.Text.Encoding.Latin1.GetBytes(m))).MessageId).ToList();
        Assert.Equal(["outbox.11@workflow.association.example", "outbox.12@workflow.association.example", "outbox.12@workflow.association.example", "outbox.13@workflow.association.example"], ids);
        Assert.Equal(2, server.Connections);
    }

    [Fact]
    public async Task SendAsync_ChineseSubjectNamesAndHeaders_AreRfc2047EncodedAndDecodeBack()
    {
        await using var server = new ScriptedSmtpServer();
        await using var services = MailTestServices.Create(server.Port);
        var message = new MailMessageData(
            "<outbox.14@workflow.association.example>",
            [new EmailAddress("zhang.san@member.example", "张三（心血管病专业委员会）")],
            "【待办】三个责任制年度综合考核：分会自评",
            "<p>您有一项新的待办事项。</p>",
            "您有一项新的待办事项。\n请及时办理。",
            headers: new Dictionary<string, string> { ["X-Outbox-Key"] = "remind:t1:3d" });

        await services.GetRequiredService<IMailSender>().SendAsync(message, CancellationToken.None);

        var raw = Assert.Single(server.Messages);
        var headerBlock = raw[..raw.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        Assert.All(headerBlock, c => Assert.True(c < 128, "headers must be 7-bit ASCII (encoded words)"));
        Assert.Contains("Subject: =?utf-8?", headerBlock, StringComparison.OrdinalIgnoreCase);
        var parsed = MimeMessage.Load(new MemoryStream(System.Text.Encoding.ASCII.GetBytes(raw)));
        Assert.Equal("【待办】三个责任制年度综合考核：分会自评", parsed.Subject);
        Assert.Equal("张三（心血管病专业委员会）", Assert.IsType<MailboxAddress>(Assert.Single(parsed.To)).Name);
        Assert.Equal(MailTestServices.FromDisplayName, Assert.IsType<MailboxAddress>(Assert.Single(parsed.From)).Name);
        Assert.Equal("outbox.14@workflow.association.example", parsed.MessageId);
        Assert.Equal("remind:t1:3d", parsed.Headers["X-Outbox-Key"]);
        var alternative = Assert.IsType<MultipartAlternative>(parsed.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
        Assert.Equal("您有一项新的待办事项。\n请及时办理。", parsed.TextBody?.ReplaceLineEndings("\n"));
        Assert.Equal("<p>您有一项新的待办事项。</p>", parsed.HtmlBody);
    }
}
