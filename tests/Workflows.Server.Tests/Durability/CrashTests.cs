using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Workflows.Testing;
using Xunit.Abstractions;
using static Workflows.Testing.Wf;

namespace Workflows.Server.Tests.Durability;

/// <summary>
/// Runs the real service as a child process, feeds it a stream of starts and task completions, and kills it
/// with SIGKILL at random moments. After every restart the client retries what it could not confirm (starts
/// with the same idempotency key, completions of the same task). At the end every confirmed start and
/// completion must have taken effect exactly once: one instance per key, one task per step, nothing lost.
/// </summary>
[Collection(nameof(ProcessTests))]
public sealed class CrashTests(ITestOutputHelper output)
{
    private const int Kills = 20;
    private const string Definition = "crash-three-steps";

    [Fact]
    public Task KillAtRandomPoints_EveryAcceptedStartAndResumeTakesEffectExactlyOnce() => RunAsync(Kills, workers: 4, requireGroupCommits: false);

    /// <summary>
    /// Issue 13: sixteen clients at once, so bursts share group-commit transactions, and the kills land while a
    /// batch is being written. After each kill nothing is half-written (every waiting instance's tasks match its
    /// bookmarks, journals are gap-free); in the end nothing acknowledged is lost.
    /// </summary>
    [Fact]
    public Task KillDuringGroupCommits_NothingAcknowledgedLost_NothingHalfWritten() => RunAsync(8, workers: 16, requireGroupCommits: true);

    private async Task RunAsync(int kills, int workers, bool requireGroupCommits)
    {
        var seed = Environment.GetEnvironmentVariable("CRASH_SEED") is { } s ? int.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : Random.Shared.Next();
        output.WriteLine($"seed {seed} (set CRASH_SEED to replay)");
        var random = new Random(seed);

        using var folder = new TempFolder("crash");
        var workflows = Directory.CreateDirectory(folder.File("workflows")).FullName;
        await File.WriteAllTextAsync(Path.Combine(workflows, "crash.json"), Def(Definition,
            [Act("start", "Elsa.Start"), HumanTask("a", "第一步", "secretariat"), HumanTask("b", "第二步", "secretariat"), HumanTask("c", "第三步", "secretariat"), Act("end", "Elsa.End")],
            [Conn("start", "a"), Conn("a", "b", "Approve"), Conn("b", "c", "Approve"), Conn("c", "end", "Approve")]).ToJson(indented: true));
        var database = folder.File("crash.db");
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Database__ConnectionString"] = $"Data Source={database}",
            ["Paths__Workflows"] = workflows,
            ["Paths__Seeds"] = RepoPaths.Combine("seeds"),
            ["Paths__Data"] = folder.File("data"),
            ["Paths__Logs"] = folder.File("logs"),
            ["Runtime__CommandPollInterval"] = "00:00:00.200",
            ["Smtp__Enabled"] = "false",
        };
        await using var server = new ServerProcess(FreePort.Get(), environment);

        var ledger = new Ledger();
        for (var round = 0; round <= kills; round++)
        {
            await server.StartAsync(TimeSpan.FromSeconds(120));
            using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await server.LoginAsync("mishu1"));

            // First settle everything left unconfirmed by the previous kill, then add new work.
            await ledger.RetryUnconfirmedAsync(http);
            if (round == kills)
            {
                await WaitForQuietAsync(http, ledger);
                break;
            }

            using var stop = new CancellationTokenSource();
            var running = Enumerable.Range(0, workers).Select(w => Task.Run(() => ledger.WorkAsync(http, new Random(seed + round * 100 + w), stop.Token))).ToList();
            await Task.Delay(random.Next(150, 1500));
            await server.KillAsync();
            stop.Cancel();
            await Task.WhenAll(running);
            output.WriteLine($"round {round}: killed; {ledger.Summary}");
            SqliteConnection.ClearAllPools();
            VerifyNothingHalfWritten(database);
        }

        await server.KillAsync();
        SqliteConnection.ClearAllPools();
        Verify(database, ledger);
        if (requireGroupCommits)
        {
            // The service's own log (Serilog's file sink, written through on each event) says when a transaction held several bursts.
            var logs = Directory.GetFiles(folder.File("logs"), "*.json").Select(File.ReadAllText);
            Assert.True(logs.Any(l => l.Contains("Group commit:", StringComparison.Ordinal)), "no transaction held more than one burst; the kills did not test group commit");
        }
    }

    /// <summary>A burst is all or nothing: its tasks, bookmarks and journal rows are there together or not at all.</summary>
    private static void VerifyNothingHalfWritten(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        connection.Open();
        using var c = connection.CreateCommand();
        c.CommandText = """
            SELECT
              (SELECT COUNT(*) FROM wf_instances i WHERE
                 (SELECT COUNT(*) FROM wf_tasks t WHERE t.InstanceId = i.Id AND t.Status = 'Open')
                 <> (SELECT COUNT(*) FROM wf_bookmarks b WHERE b.InstanceId = i.Id)),
              (SELECT COUNT(*) FROM (SELECT InstanceId FROM wf_journal GROUP BY InstanceId HAVING MAX(Sequence) <> COUNT(*))),
              (SELECT COUNT(*) FROM wf_tasks t WHERE NOT EXISTS (SELECT 1 FROM wf_instances i WHERE i.Id = t.InstanceId))
            """;
        using var r = c.ExecuteReader();
        Assert.True(r.Read());
        Assert.Equal(0L, r.GetInt64(0)); // open tasks match bookmarks for every instance
        Assert.Equal(0L, r.GetInt64(1)); // journals gap-free
        Assert.Equal(0L, r.GetInt64(2)); // no task without its instance
    }

    /// <summary>Completes every remaining step so the final check sees finished instances, then waits for the queue to empty.</summary>
    private static async Task WaitForQuietAsync(HttpClient http, Ledger ledger)
    {
        for (var i = 0; i < 200; i++)
        {
            var todo = await http.GetFromJsonAsync<JsonObject>("api/tasks?pageSize=200");
            var items = todo!["items"]!.AsArray();
            if (items.Count == 0) return;
            foreach (var item in items) await ledger.CompleteAsync(http, item!["id"]!.GetValue<string>());
        }
        throw new TimeoutException("Tasks kept appearing.");
    }

    private void Verify(string database, Ledger ledger)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        connection.Open();
        long Scalar(string sql)
        {
            using var c = connection.CreateCommand();
            c.CommandText = sql;
            return Convert.ToInt64(c.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
        List<string[]> Rows(string sql)
        {
            using var c = connection.CreateCommand();
            c.CommandText = sql;
            using var r = c.ExecuteReader();
            var rows = new List<string[]>();
            while (r.Read()) rows.Add(Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "" : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!).ToArray());
            return rows;
        }

        output.WriteLine($"final: {ledger.Summary}");
        Assert.True(ledger.ConfirmedStarts.Count >= 20, $"too little work got through: {ledger.Summary}");
        Assert.True(ledger.ConfirmedCompletions.Count >= 20, $"too little work got through: {ledger.Summary}");

        // Exactly one instance per confirmed start key, and no instance without a key (nothing started twice).
        var keys = Rows("SELECT IdempotencyKey, COUNT(*) FROM wf_instances GROUP BY IdempotencyKey");
        Assert.All(keys, k => Assert.Equal("1", k[1]));
        Assert.DoesNotContain(keys, k => k[0] == "");
        foreach (var key in ledger.ConfirmedStarts.Keys)
            Assert.Contains(keys, k => k[0] == key);

        // Every instance ran to the end with exactly one task per step: no lost step, no duplicate task.
        Assert.Equal(0, Scalar("SELECT COUNT(*) FROM wf_instances WHERE SubStatus <> 'Finished'"));
        Assert.Equal(0, Scalar("SELECT COUNT(*) FROM (SELECT InstanceId, ActivityId FROM wf_tasks GROUP BY InstanceId, ActivityId HAVING COUNT(*) <> 1)"));
        Assert.Equal(Scalar("SELECT COUNT(*) FROM wf_instances") * 3, Scalar("SELECT COUNT(*) FROM wf_tasks WHERE Status = 'Completed'"));
        Assert.Equal(0, Scalar("SELECT COUNT(*) FROM wf_tasks WHERE Status <> 'Completed'"));
        foreach (var taskId in ledger.ConfirmedCompletions.Keys)
            Assert.Equal(1, Scalar($"SELECT COUNT(*) FROM wf_tasks WHERE Id = '{taskId}' AND Status = 'Completed'"));

        // The journal of each instance is gap-free, and no queued work is left behind.
        Assert.Equal(0, Scalar("SELECT COUNT(*) FROM (SELECT InstanceId FROM wf_journal GROUP BY InstanceId HAVING MAX(Sequence) <> COUNT(*))"));
        Assert.Equal(0, Scalar("SELECT COUNT(*) FROM wf_commands"));
        Assert.Equal(0, Scalar("SELECT COUNT(*) FROM wf_bookmarks"));
    }

    /// <summary>What the client asked for and what the server confirmed.</summary>
    private sealed class Ledger
    {
        private int _next;
        public ConcurrentDictionary<string, string> ConfirmedStarts { get; } = new();
        public ConcurrentDictionary<string, bool> UnconfirmedStarts { get; } = new();
        public ConcurrentDictionary<string, bool> ConfirmedCompletions { get; } = new();
        public ConcurrentDictionary<string, bool> UnconfirmedCompletions { get; } = new();

        public string Summary => $"{ConfirmedStarts.Count} starts and {ConfirmedCompletions.Count} completions confirmed, {UnconfirmedStarts.Count} + {UnconfirmedCompletions.Count} awaiting retry";

        public async Task WorkAsync(HttpClient http, Random random, CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    if (random.Next(3) == 0)
                    {
                        await StartAsync(http, $"crash-{Interlocked.Increment(ref _next)}", dispatch: random.Next(2) == 0);
                    }
                    else
                    {
                        var todo = await http.GetFromJsonAsync<JsonObject>("api/tasks?pageSize=50");
                        var items = todo!["items"]!.AsArray();
                        if (items.Count == 0) continue;
                        await CompleteAsync(http, items[random.Next(items.Count)]!["id"]!.GetValue<string>());
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
                {
                    return; // the server is gone; the next round retries what is unconfirmed
                }
            }
        }

        public async Task StartAsync(HttpClient http, string key, bool dispatch)
        {
            UnconfirmedStarts[key] = dispatch;
            using var request = new HttpRequestMessage(HttpMethod.Post, $"elsa/api/workflow-definitions/{Definition}/{(dispatch ? "dispatch" : "execute")}")
            {
                Content = JsonContent.Create(new { input = new { } }),
            };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await http.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"start {key}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            ConfirmedStarts[key] = response.Headers.GetValues("x-elsa-workflow-instance-id").Single();
            UnconfirmedStarts.TryRemove(key, out _);
        }

        public async Task CompleteAsync(HttpClient http, string taskId)
        {
            UnconfirmedCompletions[taskId] = true;
            using var response = await http.PostAsJsonAsync($"api/tasks/{taskId}/complete", new { outcome = "Approve" });
            // 409: someone (this client before a kill, or another worker) completed it already; it took effect.
            if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Conflict))
                throw new InvalidOperationException($"complete {taskId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            ConfirmedCompletions[taskId] = true;
            UnconfirmedCompletions.TryRemove(taskId, out _);
        }

        public async Task RetryUnconfirmedAsync(HttpClient http)
        {
            foreach (var (key, dispatch) in UnconfirmedStarts.ToList()) await StartAsync(http, key, dispatch);
            foreach (var taskId in UnconfirmedCompletions.Keys.ToList()) await CompleteAsync(http, taskId);
        }
    }
}

[CollectionDefinition(nameof(ProcessTests), DisableParallelization = true)]
public sealed class ProcessTests;
