using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Workflows.Testing;
using Xunit.Abstractions;
using static Workflows.Testing.Wf;

namespace Workflows.Server.Tests.Durability;

/// <summary>
/// A submitted migration plan over 1,000 waiting instances, run by the real service as a child process that is killed
/// with SIGKILL while the plan runs, then started again: the plan carries on from its first job not done, and every
/// instance is migrated exactly once (one Migrated journal entry, one audit record, one completed job each), because a
/// job is marked done in the transaction of the alteration it records.
/// </summary>
[Collection(nameof(ProcessTests))]
public sealed class BulkMigrationCrashTests(ITestOutputHelper output)
{
    private const int Instances = 1000;
    private const string Definition = "bulk-migration";

    [Fact]
    public async Task BulkMigration_KilledMidwayAndResumed_EachInstanceMigratedExactlyOnce()
    {
        using var folder = new TempFolder("bulkmig");
        var workflows = Directory.CreateDirectory(folder.File("workflows")).FullName;
        await File.WriteAllTextAsync(Path.Combine(workflows, "bulk.json"), Def(Definition,
            [Act("start", "Elsa.Start"), HumanTask("wait", "等待", "secretariat")], [Conn("start", "wait")]).ToJson(indented: true));
        var database = folder.File("bulk.db");
        await using var server = new ServerProcess(FreePort.Get(), new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Database__ConnectionString"] = $"Data Source={database}",
            ["Paths__Workflows"] = workflows,
            ["Paths__Seeds"] = RepoPaths.Combine("seeds"),
            ["Paths__Data"] = folder.File("data"),
            ["Paths__Logs"] = folder.File("logs"),
            ["Smtp__Enabled"] = "false",
            ["Scheduling__Enabled"] = "false",
            ["Alterations__PollInterval"] = "00:00:00.200",
        });
        await server.StartAsync(TimeSpan.FromSeconds(120));
        var http = await ClientAsync(server);

        var started = Stopwatch.StartNew();
        await Parallel.ForAsync(0, Instances, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
        {
            using var response = await http.PostAsync($"elsa/api/workflow-definitions/{Definition}/execute", Body(new JsonObject()), ct);
            response.EnsureSuccessStatusCode();
        });
        output.WriteLine($"{Instances} instances started in {started.Elapsed.TotalSeconds:0.0} s");

        // v2: the same wait, and a step after it.
        var v2 = new JsonObject
        {
            ["model"] = Def(Definition, [Act("start", "Elsa.Start"), HumanTask("wait", "等待", "secretariat"), WriteLine("added", "新步骤")],
                [Conn("start", "wait"), Conn("wait", "added", "Approve")]).Json,
            ["publish"] = true,
        };
        foreach (var owned in new[] { "id", "version", "isLatest", "isPublished" }) v2["model"]!.AsObject().Remove(owned);
        (await http.PostAsync("elsa/api/workflow-definitions", Body(v2))).EnsureSuccessStatusCode();

        var submit = await http.PostAsync("elsa/api/alterations/submit", Body(new JsonObject
        {
            ["alterations"] = new JsonArray(new JsonObject { ["type"] = "Migrate", ["targetVersion"] = 2 }),
            ["filter"] = new JsonObject { ["definitionIds"] = new JsonArray(Definition) },
            ["reason"] = "批量迁移到第 2 版",
        }));
        submit.EnsureSuccessStatusCode();
        var planId = (await submit.Content.ReadFromJsonAsync<JsonObject>())!["planId"]!.GetValue<string>();
        var migrating = Stopwatch.StartNew();

        // Kill as soon as some, not all, instances are migrated.
        var before = 0;
        for (var polls = 0; polls < 2000 && before == 0; polls++)
        {
            before = await CompletedAsync(http, planId);
            if (before == 0) await Task.Delay(20);
        }
        await server.KillAsync();
        output.WriteLine($"killed after {before} reported migrated ({migrating.Elapsed.TotalSeconds:0.0} s)");
        Assert.InRange(before, 1, Instances - 1);

        await server.StartAsync(TimeSpan.FromSeconds(120));
        http = await ClientAsync(server);
        string status = "";
        for (var polls = 0; polls < 1200 && status != "Completed"; polls++)
        {
            await Task.Delay(250);
            using var plan = await http.GetAsync($"elsa/api/alterations/{planId}");
            status = (await plan.Content.ReadFromJsonAsync<JsonObject>())!["plan"]!["status"]!.GetValue<string>();
        }
        output.WriteLine($"plan completed {migrating.Elapsed.TotalSeconds:0.0} s after submission (including the restart)");
        Assert.Equal("Completed", status);
        await server.KillAsync();

        await using var db = new SqliteConnection($"Data Source={database};Pooling=false");
        await db.OpenAsync();
        Assert.Equal((long)Instances, await ScalarAsync(db, $"SELECT COUNT(*) FROM wf_instances WHERE DefinitionId = '{Definition}' AND DefinitionVersion = 2"));
        Assert.Equal(0L, await ScalarAsync(db, $"SELECT COUNT(*) FROM wf_instances WHERE DefinitionId = '{Definition}' AND DefinitionVersion <> 2"));
        // Exactly once: no instance has two Migrated entries or two audit records, and every one has one.
        Assert.Equal((long)Instances, await ScalarAsync(db, "SELECT COUNT(*) FROM wf_journal WHERE EventName = 'Migrated'"));
        Assert.Equal((long)Instances, await ScalarAsync(db, "SELECT COUNT(DISTINCT InstanceId) FROM wf_journal WHERE EventName = 'Migrated'"));
        Assert.Equal((long)Instances, await ScalarAsync(db, "SELECT COUNT(*) FROM wf_audit WHERE Action = 'Alter'"));
        Assert.Equal((long)Instances, await ScalarAsync(db, "SELECT COUNT(DISTINCT InstanceId) FROM wf_audit WHERE Action = 'Alter'"));
        Assert.Equal((long)Instances, await ScalarAsync(db, $"SELECT COUNT(*) FROM wf_alteration_jobs WHERE PlanId = '{planId}' AND Status = 'Completed'"));
        Assert.Equal((long)Instances, await ScalarAsync(db, $"SELECT COUNT(*) FROM wf_alteration_jobs WHERE PlanId = '{planId}'"));
    }

    private static async Task<HttpClient> ClientAsync(ServerProcess server)
    {
        var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await server.LoginAsync("mishu1"));
        return http;
    }

    private static async Task<int> CompletedAsync(HttpClient http, string planId)
    {
        using var response = await http.GetAsync($"elsa/api/alterations/{planId}");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["progress"]!["completed"]!.GetValue<int>();
    }

    private static StringContent Body(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, "application/json");

    private static async Task<long> ScalarAsync(SqliteConnection db, string sql)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
