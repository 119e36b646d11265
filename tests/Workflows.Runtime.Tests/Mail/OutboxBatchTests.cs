using Microsoft.EntityFrameworkCore;
using Workflows.Runtime.Mail.Outbox;
using Workflows.Runtime.Persistence;
using Workflows.Runtime.Tests.Support;
using Workflows.Testing;

namespace Workflows.Runtime.Tests.Mail;

/// <summary>
/// The outbox claims a batch in one commit, sends it side by side and commits the results of many mails together;
/// a refusal of one mail in the batch is recorded for that mail alone while the rest goes out.
/// </summary>
public sealed class OutboxBatchTests
{
    [Fact]
    public async Task FiftyDueMails_AreClaimedAndRecordedInAFewCommitsNotOnePerMail()
    {
        await using var server = new ScriptedSmtpServer();
        using var folder = new TempFolder("mail");
        var file = folder.File("wf.db");
        var settings = OutboxTestKit.Smtp(server.Port);
        settings["Outbox:Enabled"] = "false";
        var ids = new List<string>();
        await using (var writer = await ServiceHost.StartAsync(file, settings))
        {
            for (var i = 0; i < 50; i++)
                ids.Add(await OutboxTestKit.QueueAsync(writer, [$"member{i}@member.example"], subject: $"会议通知 {i}", body: $"<p>第 {i} 封</p>"));
        }

        settings["Outbox:Enabled"] = "true";
        settings["Outbox:BatchSize"] = "50";
        settings["Outbox:ResultBatchSize"] = "25";
        // A long window, so the groups close on their size (25) and the count below does not depend on the machine's speed.
        settings["Outbox:ResultCommitDelay"] = "00:00:05";
        var counter = new OutboxCommitCounter();
        await using var host = await ServiceHost.StartAsync(file, settings, counter.Install);
        var rows = await ServiceHost.EventuallyAsync(() => host.QueryAsync(db => db.Outbox.AsNoTracking().ToListAsync()),
            r => r.All(o => o.Status == OutboxStatuses.Sent), TimeSpan.FromSeconds(60), "50 sent mails");

        // One claim commit and two result commits of 25; one commit per mail (or three, as before) would be 50 or 150.
        Assert.InRange(counter.Commits, 2, 4);
        Assert.All(rows, r => Assert.Equal(1, r.Attempts));
        var log = await host.QueryAsync(db => db.Set<OutboxDeliveryRecord>().AsNoTracking().ToListAsync());
        Assert.Equal(ids.Order(), log.Where(d => d.Status == OutboxDeliveryStatuses.Sent).Select(d => d.OutboxId).Order());
        Assert.Equal(50, server.Messages.Count);
    }

    [Fact]
    public async Task OneBatch_5xxForOneMail4xxForAnother_EachIsRecordedAndTheRestIsSent()
    {
        await using var server = new ScriptedSmtpServer
        {
            RecipientReply = address => address.StartsWith("gone", StringComparison.Ordinal) ? "550 5.1.1 No such user"
                : address.StartsWith("grey", StringComparison.Ordinal) ? "451 4.7.1 Greylisted, try again later"
                : "250 OK",
        };
        using var folder = new TempFolder("mail");
        var file = folder.File("wf.db");
        var settings = OutboxTestKit.Smtp(server.Port);
        settings["Outbox:Enabled"] = "false";
        string gone, grey;
        var others = new List<string>();
        await using (var writer = await ServiceHost.StartAsync(file, settings))
        {
            for (var i = 0; i < 4; i++)
                others.Add(await OutboxTestKit.QueueAsync(writer, [$"member{i}@member.example"], "reminder", OutboxTestKit.Reminder($"/inbox/tasks/t{i}")));
            gone = await OutboxTestKit.QueueAsync(writer, ["gone@member.example"], subject: "领导小组会议通知", body: "<p>请于周五参加会议。</p>");
            grey = await OutboxTestKit.QueueAsync(writer, ["grey@member.example"], "reminder", OutboxTestKit.Reminder("/inbox/tasks/grey"));
            for (var i = 4; i < 8; i++)
                others.Add(await OutboxTestKit.QueueAsync(writer, [$"member{i}@member.example"], subject: $"通知 {i}", body: $"<p>第 {i} 封</p>"));
        }

        settings["Outbox:Enabled"] = "true";
        settings["Outbox:RetryBaseDelay"] = "00:10:00";
        settings["Outbox:RetryMaxDelay"] = "01:00:00";
        var claimedFrom = TimeProvider.System.GetUtcNow().UtcDateTime;
        await using var host = await ServiceHost.StartAsync(file, settings);
        var rows = await ServiceHost.EventuallyAsync(() => host.QueryAsync(db => db.Outbox.AsNoTracking().ToDictionaryAsync(o => o.Id)),
            r => r.Values.All(o => o.Attempts == 1 && (o.Status != OutboxStatuses.Pending || o.LastError is not null)), TimeSpan.FromSeconds(60), "every mail tried once");

        Assert.All(others, id => Assert.Equal(OutboxStatuses.Sent, rows[id].Status));
        foreach (var id in others)
            Assert.Equal(OutboxDeliveryStatuses.Sent, Assert.Single(await host.DeliveriesAsync(id)).Status);

        Assert.Equal(OutboxStatuses.Failed, rows[gone].Status);
        Assert.Contains("550", rows[gone].LastError);
        var refused = Assert.Single(await host.DeliveriesAsync(gone));
        Assert.Equal((OutboxDeliveryStatuses.Failed, "gone@member.example"), (refused.Status, refused.Address));
        Assert.Contains("550", refused.Error);

        // Deferred with backoff: still Pending, due again after the base delay, the server's answer in the log.
        Assert.Equal(OutboxStatuses.Pending, rows[grey].Status);
        Assert.True(rows[grey].NextAttemptAt >= claimedFrom.AddMinutes(9), $"retry due {rows[grey].NextAttemptAt:O}, expected about ten minutes after {claimedFrom:O}");
        var deferred = Assert.Single(await host.DeliveriesAsync(grey));
        Assert.Equal(OutboxDeliveryStatuses.Deferred, deferred.Status);
        Assert.Contains("451", deferred.Error);

        Assert.Equal(8, server.Messages.Count);
    }
}
