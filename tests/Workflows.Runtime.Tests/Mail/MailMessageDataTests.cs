using Workflows.Runtime.Mail;

namespace Workflows.Runtime.Tests.Mail;

public sealed class MailMessageDataTests
{
    private static readonly EmailAddress Zhang = new("zhang.san@member.example", "张三");

    [Theory]
    [InlineData("outbox.42@workflow.example")]
    [InlineData("<outbox.42>")]
    [InlineData("<outbox 42@workflow.example>")]
    [InlineData("<outbox.42@workflow.example>\r\nBcc: attacker@evil.example")]
    [InlineData("<待办.42@workflow.example>")]
    [InlineData("<a@b@c>")]
    [InlineData("")]
    public void Constructor_MalformedMessageId_Throws(string messageId)
    {
        Assert.Throws<ArgumentException>(() => Create(messageId));
    }

    [Theory]
    [InlineData("Message-ID")]
    [InlineData("message-id")]
    [InlineData("Bcc")]
    [InlineData("Subject")]
    [InlineData("Content-Type")]
    [InlineData("Date")]
    public void Constructor_ReservedHeader_Throws(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => Create(headers: new Dictionary<string, string> { [name] = "x" }));

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("X-Outbox-Id", "1\r\nBcc: attacker@evil.example")]
    [InlineData("X-Outbox-Id", "1\n")]
    [InlineData("X Outbox", "1")]
    [InlineData("X-Outbox:Id", "1")]
    [InlineData("X-流程", "1")]
    public void Constructor_MalformedHeader_Throws(string name, string value)
    {
        Assert.Throws<ArgumentException>(() => Create(headers: new Dictionary<string, string> { [name] = value }));
    }

    [Fact]
    public void Constructor_SameHeaderTwiceInDifferentCase_Throws()
    {
        var headers = new[] { KeyValuePair.Create("X-Outbox-Id", "1"), KeyValuePair.Create("x-outbox-id", "2") };

        Assert.Throws<ArgumentException>(() => Create(headers: headers));
    }

    [Fact]
    public void Constructor_NoRecipientAnywhere_Throws()
    {
        Assert.Throws<ArgumentException>(() => new MailMessageData("<a@b>", [], "s", "<p>h</p>", "t"));
    }

    [Fact]
    public void Constructor_OnlyBcc_IsAccepted()
    {
        var message = new MailMessageData("<a@b>", [], "s", "<p>h</p>", "t", bcc: [Zhang]);

        Assert.Equal([Zhang], message.Bcc);
    }

    [Fact]
    public void Constructor_MultiLineSubject_Throws()
    {
        Assert.Throws<ArgumentException>(() => new MailMessageData("<a@b>", [Zhang], "第一行\r\nBcc: x@y", "<p>h</p>", "t"));
    }

    [Fact]
    public void Constructor_CallerChangesItsListsAfterwards_MessageUnchanged()
    {
        var to = new List<EmailAddress> { Zhang };
        var headers = new Dictionary<string, string> { ["X-Outbox-Id"] = "1" };
        var message = new MailMessageData("<a@b>", to, "s", "<p>h</p>", "t", headers: headers);

        to.Add(new EmailAddress("li.si@member.example"));
        headers["X-Outbox-Id"] = "2";

        Assert.Equal([Zhang], message.To);
        Assert.Equal("1", message.Headers["x-outbox-id"]);
    }

    [Fact]
    public void CreateMessageId_OutboxRowAndDomain_GivesBracketedStableId()
    {
        var first = MailMessageData.CreateMessageId("outbox.42", "workflow.association.example");
        var second = MailMessageData.CreateMessageId("outbox.42", "workflow.association.example");

        Assert.Equal("<outbox.42@workflow.association.example>", first);
        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData("outbox 42", "workflow.example")]
    [InlineData("outbox@42", "workflow.example")]
    [InlineData("outbox.42", "workflow example")]
    [InlineData("outbox.42>", "workflow.example")]
    public void CreateMessageId_PartsWithForbiddenCharacters_Throws(string localPart, string domain)
    {
        Assert.Throws<ArgumentException>(() => MailMessageData.CreateMessageId(localPart, domain));
    }

    [Theory]
    [InlineData("张三 <zhang.san@member.example>")]
    [InlineData("<zhang.san@member.example>")]
    [InlineData("zhang.san")]
    [InlineData("a@b, c@d")]
    public void EmailAddress_NotAPlainAddress_Throws(string address)
    {
        Assert.Throws<ArgumentException>(() => new EmailAddress(address));
    }

    [Fact]
    public void EmailAddress_DisplayNameWithLineBreak_Throws()
    {
        Assert.Throws<ArgumentException>(() => new EmailAddress("zhang.san@member.example", "张三\r\nBcc: x@y"));
    }

    [Fact]
    public void EmailAddress_BlankDisplayName_BecomesNull()
    {
        Assert.Null(new EmailAddress(" zhang.san@member.example ", "  ").DisplayName);
    }

    private static MailMessageData Create(string messageId = "<outbox.1@workflow.example>", IEnumerable<KeyValuePair<string, string>>? headers = null) =>
        new(messageId, [Zhang], "主题", "<p>正文</p>", "正文", headers: headers);
}
