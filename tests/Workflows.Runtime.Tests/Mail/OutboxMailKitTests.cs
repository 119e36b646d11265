using System.Text;
using MimeKit;
using Workflows.Runtime.Mail.Outbox;
using Workflows.Runtime.Persistence;
using Workflows.Runtime.Tests.Support;
using Workflows.Testing;

namespace Workflows.Runtime.Tests.Mail;

/// <summary>
/// The outbox over the MailKit sender against the scripted SMTP server: a greylisting 4xx then success, a 5xx that
/// fails one recipient while the other gets the mail, and connections dropped in the middle of a batch.
/// </summary>
public sealed class OutboxMailKitTests
{
    [Fact]
    public async Task Greylisted4xxThenAccepted_MailIsDeferredOnceThenSentWithTheSameMessageId()
    {
        var rcpts = 0;
        await using var server = new ScriptedSmtpServer
        {
            RecipientReply = _ => Interlocked.Increment(ref rcpts) == 1 ? "451 4.7.1 Greylisted, try again later" : "250 OK",
        };
        using var folder = new TempFolder("mail");
        await using var host = await ServiceHost.StartAsync(folder.File("wf.db"), OutboxTestKit.Smtp(server.Port));

        var id = await OutboxTestKit.QueueAsync(host, ["grey@member.example"], "reminder", OutboxTestKit.Reminder());
        var sent = await OutboxTestKit.SettledAsync(host, id, OutboxStatuses.Sent);

        Assert.Equal(2, sent.Attempts);
        var log = await host.DeliveriesAsync(id);
        Assert.Equal([OutboxDeliveryStatuses.Deferred, OutboxDeliveryStatuses.Sent], log.Select(d => d.Status));
        Assert.Contains("451", log[0].Error);
        var message = Parse(Assert.Single(server.Messages));
        Assert.Equal($"{id}.test@workflows.local", message.MessageId);
        Assert.Equal("test:" + id, message.Headers["X-Outbox-Key"]);
    }

    [Fact]
    public async Task Permanent5xxForOneRecipient_MarksThatRecipientFailedAndTheOtherGetsTheMail()
    {
        await using var server = new ScriptedSmtpServer
        {
            RecipientReply = address => address.StartsWith("gone", StringComparison.Ordinal) ? "550 5.1.1 No such user" : "250 OK",
        };
        using var folder = new TempFolder("mail");
        await using var host = await ServiceHost.StartAsync(folder.File("wf.db"), OutboxTestKit.Smtp(server.Port));

        var id = await OutboxTestKit.QueueAsync(host, ["kept@member.example", "gone@member.example"], subject: "领导小组会议通知", body: "<p>请于周五参加会议。</p>");
        var row = await OutboxTestKit.SettledAsync(host, id, OutboxStatuses.Sent);

        Assert.Equal(1, row.Attempts);
        var log = await host.DeliveriesAsync(id);
        Assert.Equal(OutboxDeliveryStatuses.Sent, Assert.Single(log, d => d.Address == "kept@member.example").Status);
        var refused = Assert.Single(log, d => d.Address == "gone@member.example");
        Assert.Equal(OutboxDeliveryStatuses.Failed, refused.Status);
        Assert.Contains("550", refused.Error);
        Assert.Contains("550", row.LastError);
        Assert.Single(server.Messages);
    }

    [Fact]
    public async Task ConnectionsDroppedInTheMiddleOfABatch_NothingIsLostAndResendsKeepTheirMessageId()
    {
        // Message 5 reaches the server on a pooled connection, which then hangs up: the sender resends it at once
        // on a fresh connection (message 6), which hangs up too; the outbox defers that mail and sends it later.
        await using var server = new ScriptedSmtpServer { DropAfterData = new HashSet<int> { 5, 6 } };
        using var folder = new TempFolder("mail");
        var settings = OutboxTestKit.Smtp(server.Port);
        settings["Outbox:Parallelism"] = "1";
        settings["Outbox:Enabled"] = "false";
        await using (var writer = await ServiceHost.StartAsync(folder.File("wf.db"), settings))
        {
            for (var i = 0; i < 12; i++)
            {
                await OutboxTestKit.QueueAsync(writer, [$"member{i}@member.example"], "reminder", OutboxTestKit.Reminder($"/inbox/tasks/t{i}"));
            }
        }

        settings["Outbox:Enabled"] = "true";
        await using var host = await ServiceHost.StartAsync(folder.File("wf.db"), settings);
        var rows = await ServiceHost.EventuallyAsync(
            () => host.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.Outbox)),
            r => r.All(o => o.Status == OutboxStatuses.Sent), TimeSpan.FromSeconds(60), "every mail sent");

        var received = server.Messages.Select(m => Parse(m).MessageId ?? string.Empty).ToList();
        Assert.Equal(rows.Select(r => r.MessageId.Trim('<', '>')).Order(), received.Distinct().Order());
        var resent = Assert.Single(received.GroupBy(m => m), g => g.Count() > 1);
        Assert.Equal(3, resent.Count());
        var deferredRow = Assert.Single(rows, r => r.MessageId.Trim('<', '>') == resent.Key);
        Assert.Equal(2, deferredRow.Attempts);
        Assert.Equal([OutboxDeliveryStatuses.Deferred, OutboxDeliveryStatuses.Sent], (await host.DeliveriesAsync(deferredRow.Id)).Select(d => d.Status));
        Assert.All(rows.Where(r => r.Id != deferredRow.Id), r => Assert.Equal(1, r.Attempts));
    }

    private static MimeMessage Parse(string raw) => MimeMessage.Load(new MemoryStream(Encoding.Latin1.GetBytes(raw)));
}
