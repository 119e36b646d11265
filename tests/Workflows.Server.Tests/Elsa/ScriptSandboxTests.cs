using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Workflows.Server.Tests.Support;
using Workflows.Testing;
using static Workflows.Server.Tests.Elsa.Support.Wire;

namespace Workflows.Server.Tests.Elsa;

/// <summary>The service with the burst's journal-volume guard lowered, so a loop without an exit meets it quickly.</summary>
public sealed class SandboxApp : WorkflowsApp
{
    public SandboxApp()
    {
        Settings["Executor:MaxActivitiesPerBurst"] = "10000000";
        Settings["Executor:MaxJournalBytesPerBurst"] = "524288";
    }
}

/// <summary>
/// Issue 12 item 2 through the real host and SQLite file: each runaway script faults its activity with a clear
/// incident, the service answers the next request, and the database does not grow past the state limits.
/// </summary>
public sealed class ScriptSandboxTests(SandboxApp app) : IClassFixture<SandboxApp>
{
    public static TheoryData<string, string, string> Runaways() => new()
    {
        { "memory-bomb", "var a = []; while (true) { a.push(new Array(100000).fill('协会')); }", "内存" },
        // Jint checks both its memory charge and its clock inside the join: whichever is met first stops it.
        { "string-bomb", "var s = new Array(1e9 + 1).join('x'); s.length", "已终止" },
        { "repeat-bomb", "'x'.repeat(5e8).length", "内存" },
        { "slow-builtin", "/^(a+)+$/.test('a'.repeat(40) + 'b')", "秒" },
        { "huge-return", "return 'x'.repeat(1.5e7);", "返回值" },
        { "huge-variable", "setVariable('Big', 'y'.repeat(3e6)); return 1;", "超过上限" },
        { "endless-loop", "while (true) {}", "语句数" },
    };

    private static JsonObject ScriptModel(string name, string script) => Model(name,
        [Wf.Act("start", "Elsa.Start"), Wf.Act("run", "Elsa.RunJavaScript", ("script", Wf.Lit(script)))],
        [Wf.Conn("start", "run")], null, Wf.Var("Big", "String"));

    [Theory]
    [MemberData(nameof(Runaways))]
    public async Task RunawayScript_FaultsItsActivity_AndTheServiceAnswersAtOnce(string name, string script, string expected)
    {
        var client = await app.ClientAsync("mishu1");
        var saved = await PostAsync(client, "/workflow-definitions", Save(ScriptModel($"沙箱-{name}", script), publish: true));
        var id = Text(saved["workflowDefinition"]!["definitionId"]);
        var sizeBefore = DatabaseBytes();

        var sw = Stopwatch.StartNew();
        var response = await client.PostAsync($"{ApiRoot}/workflow-definitions/{id}/execute", Json(new JsonObject())).WaitAsync(TimeSpan.FromSeconds(60));
        var stoppedAfter = sw.Elapsed;
        var body = await OkAsync(response);
        var health = await client.GetAsync("/health").WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("Faulted", Text(body["workflowState"]!["subStatus"]));
        var incident = Assert.Single(body["workflowState"]!["incidents"]!.AsArray());
        Assert.Equal("run", Text(incident!["activityId"]));
        Assert.Contains(expected, Text(incident["message"]));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        // The runaway's value was never stored: the file grows by the instance's ordinary rows only.
        Assert.True(DatabaseBytes() - sizeBefore < 4 * 1024 * 1024, $"database grew by {(DatabaseBytes() - sizeBefore) / 1024} KB");
        Console.WriteLine($"{name}: stopped after {stoppedAfter.TotalMilliseconds:N0} ms");
    }

    [Fact]
    public async Task LoopThroughConnectionsWithoutExit_StopsOnJournalVolume()
    {
        var client = await app.ClientAsync("mishu1");
        var model = Model("沙箱-连线死循环",
            [Wf.Act("start", "Elsa.Start"), Wf.WriteLine("a", "甲"), Wf.WriteLine("b", "乙")],
            [Wf.Conn("start", "a"), Wf.Conn("a", "b"), Wf.Conn("b", "a")]);
        var saved = await PostAsync(client, "/workflow-definitions", Save(model, publish: true));
        var sizeBefore = DatabaseBytes();

        var response = await client.PostAsync($"{ApiRoot}/workflow-definitions/{Text(saved["workflowDefinition"]!["definitionId"])}/execute", Json(new JsonObject()))
            .WaitAsync(TimeSpan.FromSeconds(60));
        var body = await OkAsync(response);

        Assert.Equal("Faulted", Text(body["workflowState"]!["subStatus"]));
        Assert.Contains("日志超过", Text(body["workflowState"]!["incidents"]![0]!["message"]));
        Assert.True(DatabaseBytes() - sizeBefore < 8 * 1024 * 1024, $"database grew by {(DatabaseBytes() - sizeBefore) / 1024} KB");
    }

    private long DatabaseBytes() =>
        new[] { app.DatabaseFile, app.DatabaseFile + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);
}
