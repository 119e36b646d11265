using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using Workflows.Testing;
using Workflows.Testing.MailDev;
using Xunit.Abstractions;
using static Workflows.Testing.Wf;

namespace Workflows.Server.Tests.Durability;

/// <summary>
/// Kills the real service with SIGKILL while its outbox is sending to a real SMTP server (maildev), restarts it,
/// and checks that every mail reached every recipient, and that a mail that arrived twice did so with the same
/// Message-ID (a resend after the crash, which the receiver can de-duplicate).
/// </summary>
[Collection(nameof(ProcessTests))]
public sealed class OutboxCrashTests(ITestOutputHelper output)
{
    private const int Instances = 60;
    private const int Kills = 6;
    private const string Definition = "crash-mail";

    [Fact]
    public async Task KillWhileSending_EveryMailDelivered_DuplicatesOnlyWithTheSameMessageId()
    {
        var seed = Environment.GetEnvironmentVariable("CRASH_SEED") is { } s ? int.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : Random.Shared.Next();
        output.WriteLine($"seed {seed} (set CRASH_SEED to replay)");
        var random = new Random(seed);

        await using var mail = await MailDevServer.StartNewAsync();
        using var folder = new TempFolder("crash-mail");
        var workflows = Directory.CreateDirectory(folder.File("workflows")).FullName;
        // Every instance queues two mails in its first burst: a notice to two addresses (one message) and, for its
        // task, a "task assigned" mail to both secretariat members (one personal message each).
        await File.WriteAllTextAsync(Path.Combine(workflows, "crash-mail.json"), Def(Definition,
            [
                Act("start", "Elsa.Start"),
                Act("notice", "Elsa.SendEmail", ("to", Obj("[\"chair@example.net\",\"office@example.net\"]", "String[]")), ("subject", Js("'活动申请已受理 ' + getInput('No')", "String")), ("body", Lit("<p>您的申请已受理。</p>"))),
                HumanTask("check", "秘书处审核"),
            ],
            [Conn("start", "notice"), Conn("notice", "check")]).ToJson(indented: true));
        var database = folder.File("crash.db");
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Database__ConnectionString"] = $"Data Source={database}",
            ["Paths__Workflows"] = workflows,
            ["Paths__Seeds"] = RepoPaths.Combine("seeds"),
            ["Paths__Data"] = folder.File("data"),
            ["Paths__Logs"] = folder.File("logs"),
            ["PasswordHasher__IterationCount"] = "1000",
            ["Runtime__CommandPollInterval"] = "00:00:00.200",
            ["Smtp__Enabled"] = "true",
            ["Smtp__Host"] = mail.SmtpHost,
            ["Smtp__Port"] = mail.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp__EnableStartTls"] = "false",
            // A killed node's claims run out quickly, so the next start resends what it was sending.
            ["Outbox__Lease"] = "00:00:02",
            ["Outbox__PollInterval"] = "00:00:00.200",
            ["Outbox__Parallelism"] = "2",
            ["Outbox__BatchSize"] = "10",
            ["Outbox__RetryBaseDelay"] = "00:00:01",
        };
        await using var server = new ServerProcess(FreePort.Get(), environment);

        // Each round starts its share of the instances and kills the service soon after, so every kill lands while
        // that share's mails are in flight: the batched outbox sends 180 mails in well under a second, and a kill
        // after a fixed wait would find nothing left to interrupt.
        var killedWhileSending = 0;
        var perRound = Instances / Kills;
        for (var round = 0; round <= Kills; round++)
        {
            await server.StartAsync(TimeSpan.FromSeconds(120));
            if (round == Kills) break;
            await StartInstancesAsync(server, round * perRound + 1, round == Kills - 1 ? Instances : (round + 1) * perRound);
            await Task.Delay(random.Next(0, 250));
            var before = (await mail.GetMessagesAsync()).Count;
            await server.KillAsync();
            // Interrupted = mails the outbox had not yet recorded as sent (unsent, or sent with the result not committed).
            var unrecorded = Rows(database, "SELECT Id FROM wf_outbox WHERE Status <> 'Sent'").Count;
            if (unrecorded > 0) killedWhileSending++;
            output.WriteLine($"round {round}: killed with {before} messages in maildev and {unrecorded} outbox rows not yet recorded as sent");
        }

        await WaitForOutboxAsync(database, TimeSpan.FromSeconds(120));
        await server.KillAsync();
        // Read after the outbox is empty: with resends, the count can reach 180 before the last distinct mail is in.
        var messages = await mail.WaitForMessagesAsync(Instances * 3, TimeSpan.FromSeconds(30));
        SqliteConnection.ClearAllPools();
        Assert.True(killedWhileSending >= 1, "no kill happened while mails were still being sent");

        // What the service says it delivered: each (mail, recipient) exactly once, with its Message-ID. Per instance:
        // the notice to two addresses (one message) and the task mail to two people (two messages).
        var delivered = Rows(database, "SELECT MessageId, Address FROM wf_outbox_deliveries WHERE Status = 'Sent'");
        Assert.Equal(Instances * 4, delivered.Count);
        Assert.Equal(delivered.Count, delivered.Distinct().Count());
        Assert.Empty(Rows(database, "SELECT Id FROM wf_outbox WHERE Status <> 'Sent'"));

        // What arrived: the same pairs; a message that arrived more than once is the same message (same ID, same content).
        var arrived = messages.SelectMany(m => m.EnvelopeTo.Select(to => (m.MessageId!, to.ToLowerInvariant(), m.Subject))).ToList();
        var expectedPairs = delivered.Select(d => (d[0], d[1].ToLowerInvariant())).ToHashSet();
        var arrivedPairs = arrived.Select(a => (a.Item1, a.Item2)).ToHashSet();
        Assert.True(expectedPairs.SetEquals(arrivedPairs),
            $"logged but not arrived: {string.Join(", ", expectedPairs.Except(arrivedPairs).Take(5))}; arrived but not logged: {string.Join(", ", arrivedPairs.Except(expectedPairs).Take(5))}");
        foreach (var sameId in arrived.GroupBy(a => a.Item1))
            Assert.Single(sameId.Select(a => a.Subject).Distinct());
        output.WriteLine($"{arrived.Count} deliveries arrived for {delivered.Count} (mail, recipient) pairs: {arrived.Count - delivered.Count} resent after a kill");
    }

    private static async Task StartInstancesAsync(ServerProcess server, int first, int last)
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await server.LoginAsync("mishu1"));
        for (var i = first; i <= last; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"elsa/api/workflow-definitions/{Definition}/execute")
            {
                Content = JsonContent.Create(new { input = new { No = i } }),
            };
            request.Headers.Add("Idempotency-Key", $"crash-mail-{i}");
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    private static async Task WaitForOutboxAsync(string database, TimeSpan timeout)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (Rows(database, "SELECT Id FROM wf_outbox WHERE Status <> 'Sent'").Count > 0)
        {
            if (waited.Elapsed > timeout) throw new TimeoutException("The outbox did not empty.");
            await Task.Delay(200);
        }
    }

    private static List<string[]> Rows(string database, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string[]>();
        while (reader.Read()) rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "" : reader.GetValue(i).ToString()!).ToArray());
        return rows;
    }
}
