using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Runtime.Mail.Outbox;
using Workflows.Runtime.Persistence;
using Workflows.Runtime.Tests.Support;
using Workflows.Testing;
using Workflows.Testing.MailDev;

namespace Workflows.Runtime.Tests.Mail;

/// <summary>Recipients as the inbox writes them: user names, "role:key" and addresses; nobody is dropped silently.</summary>
public sealed class OutboxRecipientTests
{
    [Fact]
    public async Task MixedRecipients_UnknownOnesAreLoggedAndTheOthersGetTheirMail()
    {
        await using var mail = await MailDevServer.StartNewAsync();
        using var folder = new TempFolder("mail");
        await using var host = await ServiceHost.StartAsync(folder.File("wf.db"), OutboxTestKit.Smtp(mail));

        var id = await OutboxTestKit.QueueAsync(host, ["zuzhang", "role:nobody", "no-such-user", "outside@example.net", "not an address@"], "decision",
            new JsonObject { ["processName"] = "分会成立", ["instanceTitle"] = "骨科分会成立申请", ["outcome"] = "Approved", ["comment"] = "同意成立。", ["link"] = "/processes/instances/i1" });

        var row = await OutboxTestKit.SettledAsync(host, id, OutboxStatuses.Sent);
        var messages = await mail.WaitForMessagesAsync(2, TimeSpan.FromSeconds(10));
        Assert.Equal(["outside@example.net", "zuzhang@example.org"], messages.Select(m => m.To.Single().Address).Order());
        var toLeader = messages.Single(m => m.To.Single().Address == "zuzhang@example.org");
        Assert.Contains("同意", toLeader.Text);
        Assert.Contains("https://workflow.example.org/processes/instances/i1", toLeader.Html);
        // An address nobody in the directory owns is greeted by its mailbox name.
        Assert.Contains("outside，您好", messages.Single(m => m.To.Single().Address == "outside@example.net").Text);

        var log = await host.DeliveriesAsync(id);
        Assert.Equal(["no-such-user", "not an address@", "role:nobody"], log.Where(d => d.Status == OutboxDeliveryStatuses.Unresolved).Select(d => d.Recipient).Order());
        Assert.Equal(2, log.Count(d => d.Status == OutboxDeliveryStatuses.Sent));
        Assert.Contains("用户 no-such-user 不存在", row.LastError);
        Assert.Contains("角色 nobody 没有在职人员", row.LastError);
    }

    [Fact]
    public async Task NobodyResolves_MailIsFailedWithTheReasons()
    {
        using var folder = new TempFolder("mail");
        await using var host = await ServiceHost.StartAsync(folder.File("wf.db"), OutboxTestKit.Smtp(1));

        var id = await OutboxTestKit.QueueAsync(host, ["ghost"], "reminder", OutboxTestKit.Reminder());

        var row = await OutboxTestKit.SettledAsync(host, id, OutboxStatuses.Failed);
        Assert.StartsWith("没有可以发送的收件人：用户 ghost 不存在", row.LastError);
        Assert.Single(await host.DeliveriesAsync(id), d => d.Status == OutboxDeliveryStatuses.Unresolved);
    }

    [Theory]
    [InlineData("weeklyDigest", null, "未知的邮件模板：weeklyDigest")]
    [InlineData("reminder", "{\"processName\":\"P\",\"taskTitle\":\"T\",\"link\":\"javascript:alert(1)\"}", "邮件链接无效")]
    [InlineData("reminder", "{\"processName\":\"P\",\"taskTitle\":\"T\",\"dueDate\":\"next week\"}", "截止时间格式无效")]
    [InlineData("reminder", "[1,2]", "模板数据必须是 JSON 对象")]
    [InlineData("reminder", "{\"processName\":\"P\"}", "邮件模板 reminder 缺少数据")]
    public async Task RowThatCannotBeRendered_IsFailedAtOnceWithoutSending(string template, string? model, string expected)
    {
        await using var mail = await MailDevServer.StartNewAsync();
        using var folder = new TempFolder("mail");
        await using var host = await ServiceHost.StartAsync(folder.File("wf.db"), OutboxTestKit.Smtp(mail));

        var id = await OutboxTestKit.QueueAsync(host, ["mishu1"], template, modelJson: model);

        var row = await OutboxTestKit.SettledAsync(host, id, OutboxStatuses.Failed);
        Assert.StartsWith(expected, row.LastError);
        Assert.Equal(1, row.Attempts);
        Assert.Empty(await mail.GetMessagesAsync());
    }

    [Fact]
    public async Task SameMailboxNamedTwice_GetsOneMail()
    {
        await using var mail = await MailDevServer.StartNewAsync();
        using var folder = new TempFolder("mail");
        await using var host = await ServiceHost.StartAsync(folder.File("wf.db"), OutboxTestKit.Smtp(mail));

        // mishu1 directly, by address and through the secretariat role.
        var id = await OutboxTestKit.QueueAsync(host, ["mishu1", "MISHU1@example.org", "role:secretariat"], "reminder", OutboxTestKit.Reminder());

        await OutboxTestKit.SettledAsync(host, id, OutboxStatuses.Sent);
        var messages = await mail.WaitForMessagesAsync(2, TimeSpan.FromSeconds(10));
        Assert.Equal(["mishu1@example.org", "mishu2@example.org"], messages.Select(m => m.To.Single().Address).Order());
    }
}
