using Microsoft.EntityFrameworkCore;
using Workflows.Runtime.Mail.Outbox;
using Workflows.Runtime.Persistence;
using Workflows.Runtime.Tests.Support;
using Workflows.Testing;
using Workflows.Testing.MailDev;

namespace Workflows.Runtime.Tests.Mail;

/// <summary>Several senders on one database claim rows, so a mail is sent once; a dead sender's claim runs out.</summary>
public sealed class OutboxConcurrencyTests
{
    [Fact]
    public async Task TwoNodes_SameOutbox_EveryMailIsSentOnce()
    {
        await using var mail = await MailDevServer.StartNewAsync();
        using var folder = new TempFolder("mail");
        var file = folder.File("wf.db");
        var settings = OutboxTestKit.Smtp(mail);
        settings["Outbox:Enabled"] = "false";
        var ids = new List<string>();
        await using (var writer = await ServiceHost.StartAsync(file, settings))
        {
            for (var i = 0; i < 40; i++)
                ids.Add(await OutboxTestKit.QueueAsync(writer, [$"member{i}@example.net"], subject: $"通知 {i}", body: $"<p>第 {i} 封</p>"));
        }

        settings["Outbox:Enabled"] = "true";
        settings["Outbox:BatchSize"] = "10";
        await using var one = await ServiceHost.StartAsync(file, settings);
        await using var two = await ServiceHost.StartAsync(file, settings);
        await ServiceHost.EventuallyAsync(() => one.QueryAsync(db => db.Outbox.CountAsync(o => o.Status == OutboxStatuses.Sent)), n => n == 40, TimeSpan.FromSeconds(60), "40 sent mails");

        var messages = await mail.WaitForMessagesAsync(40, TimeSpan.FromSeconds(10));
        Assert.Equal(40, messages.Count);
        Assert.Equal(ids.Select(id => $"<{id}.test@workflows.local>").Order(), messages.Select(m => m.MessageId!).Order());
        Assert.All(await one.QueryAsync(db => db.Outbox.AsNoTracking().ToListAsync()), o => Assert.Equal(1, o.Attempts));
    }

    [Fact]
    public async Task RowClaimedByADeadNode_IsSentWhenItsLeaseRunsOut()
    {
        await using var mail = await MailDevServer.StartNewAsync();
        using var folder = new TempFolder("mail");
        await using var host = await ServiceHost.StartAsync(folder.File("wf.db"), OutboxTestKit.Smtp(mail));

        // As a node leaves a row it had claimed when it died: one attempt counted, due again when the lease ends.
        var id = await OutboxTestKit.QueueAsync(host, ["mishu1"], "reminder", OutboxTestKit.Reminder(),
            attempts: 1, nextAttemptAt: TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(3));

        var sent = await OutboxTestKit.SettledAsync(host, id, OutboxStatuses.Sent);

        Assert.Equal(2, sent.Attempts);
        Assert.Equal($"<{id}.test@workflows.local>", Assert.Single(await mail.WaitForMessagesAsync(1, TimeSpan.FromSeconds(10))).MessageId);
        Assert.Equal(2, Assert.Single(await host.DeliveriesAsync(id)).Attempt);
    }
}
