using System.Net;
using System.Net.Http.Headers;
using Microsoft.Data.Sqlite;
using Workflows.Server.Tests.Admin;
using Workflows.Testing;
using Xunit.Abstractions;

namespace Workflows.Server.Tests.Durability;

/// <summary>
/// The yearly assessment run of a real service process, SIGKILLed part-way through its fan-out. The next start
/// hands the cut-short Hangfire job back to the queue; it runs again with the same tick, finds what the killed
/// process had started, and starts exactly the rest: one P3 instance per active branch, none twice.
/// </summary>
[Collection(nameof(ProcessTests))]
public sealed class YearlyRunCrashTests(ITestOutputHelper output)
{
    private const int ExtraBranches = 300;
    private const string Run = "runs/annualAssessment";

    [Fact]
    public async Task YearlyRun_KilledPartWay_ResumesAndStartsEachBranchOnce()
    {
        using var folder = new TempFolder("yearly-crash");
        var database = folder.File("wf.db");
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Database__ConnectionString"] = $"Data Source={database}",
            ["Paths__Workflows"] = RepoPaths.Combine("workflows"),
            ["Paths__Seeds"] = RepoPaths.Combine("seeds"),
            ["Paths__Data"] = folder.File("data"),
            ["Paths__Logs"] = folder.File("logs"),
            ["Runtime__CommandPollInterval"] = "00:00:00.200",
            ["Scheduling__PollInterval"] = "00:00:00.250",
            ["Smtp__Enabled"] = "false",
        };
        await using var server = new ServerProcess(FreePort.Get(), environment);

        // First start seeds the register; then many more active branches, so the run takes long enough to be cut.
        await server.StartAsync(TimeSpan.FromSeconds(120));
        await server.KillAsync();
        await AddBranchesAsync(database, ExtraBranches);
        var active = await ScalarAsync(database, "SELECT COUNT(*) FROM assoc_branches WHERE Status = 'active'");
        Assert.True(active > ExtraBranches);

        await server.StartAsync(TimeSpan.FromSeconds(120));
        await RunNowAsync(server);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await StartedAsync(database) < 40)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(120), "the run did not get under way:\n" + server.Output);
            await Task.Delay(20);
        }
        await server.KillAsync();
        var beforeKill = await StartedAsync(database);
        output.WriteLine($"{beforeKill} of {active} started when the process was killed");
        Assert.True(beforeKill < active, "the run finished before the kill; nothing was cut short");

        await server.StartAsync(TimeSpan.FromSeconds(120));
        waited.Restart();
        while (await ScalarAsync(database, $"SELECT COUNT(*) FROM wf_schedule_runs WHERE ScheduleKey = '{Run}' AND IsRecovery = 1 AND Status = 'Succeeded'") == 0)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(180), "no recovery run finished:\n" + server.Output);
            await Task.Delay(200);
        }

        Assert.Equal(active, await StartedAsync(database));
        Assert.Equal(active, await ScalarAsync(database, "SELECT COUNT(DISTINCT IdempotencyKey) FROM wf_instances WHERE IdempotencyKey LIKE 'annualAssessment:%'"));
        Assert.Equal(1, await ScalarAsync(database, $"SELECT COUNT(*) FROM wf_schedule_runs WHERE ScheduleKey = '{Run}' AND IsRecovery = 0 AND Status = 'Interrupted' AND RequestedBy = 'mishu1'"));
        Assert.Equal(2, await ScalarAsync(database, $"SELECT COUNT(*) FROM wf_schedule_runs WHERE ScheduleKey = '{Run}'"));
        // The recovery found the instances the killed process had started and started exactly the rest.
        var existing = await ScalarAsync(database, $"SELECT Existing FROM wf_schedule_runs WHERE ScheduleKey = '{Run}' AND IsRecovery = 1");
        Assert.InRange(existing, beforeKill, active - 1);
        Assert.Equal(active - existing, await ScalarAsync(database, $"SELECT Started FROM wf_schedule_runs WHERE ScheduleKey = '{Run}' AND IsRecovery = 1"));
        Assert.Equal(1, await ScalarAsync(database, $"SELECT COUNT(DISTINCT ScheduledFireAt) FROM wf_schedule_runs WHERE ScheduleKey = '{Run}'"));
    }

    private static async Task RunNowAsync(ServerProcess server)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await server.LoginAsync("mishu1"));
        using var response = await PageForms.PostAsync(http, "/admin/schedules", "Run", new() { ["key"] = Run });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private static Task<long> StartedAsync(string database) =>
        ScalarAsync(database, "SELECT COUNT(*) FROM wf_instances WHERE IdempotencyKey LIKE 'annualAssessment:%'");

    private static async Task<long> ScalarAsync(string database, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False;Default Timeout=10");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Copies of an active branch with a new id, code and name (the unique columns).</summary>
    private static async Task AddBranchesAsync(string database, int count)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync();
        var columns = new List<string>();
        await using (var info = connection.CreateCommand())
        {
            info.CommandText = "SELECT name FROM pragma_table_info('assoc_branches')";
            await using var reader = await info.ExecuteReaderAsync();
            while (await reader.ReadAsync()) columns.Add(reader.GetString(0));
        }
        var select = string.Join(", ", columns.Select(c => c switch
        {
            "Id" => "'crash-' || $n",
            "Code" => "'CR' || $n",
            "Name" => "Name || ' 副本 ' || $n",
            "ChairUnitId" or "MergedIntoBranchId" => "NULL",
            _ => '"' + c + '"',
        }));
        await using var transaction = await connection.BeginTransactionAsync();
        await using var insert = connection.CreateCommand();
        insert.CommandText = $"INSERT INTO assoc_branches ({string.Join(", ", columns.Select(c => '"' + c + '"'))}) SELECT {select} FROM assoc_branches WHERE Status = 'active' LIMIT 1";
        var n = insert.Parameters.Add("$n", SqliteType.Integer);
        for (var i = 1; i <= count; i++)
        {
            n.Value = i;
            Assert.Equal(1, await insert.ExecuteNonQueryAsync());
        }
        await transaction.CommitAsync();
    }
}
