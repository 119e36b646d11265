using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Workflows.Engine.Expressions;
using Workflows.Engine.Model;
using Workflows.Server.Tests.Support;
using Workflows.Testing;

namespace Workflows.Server.Tests.ElsaCorpus;

/// <summary>
/// Every definition of the corpus (Elsa's own JSON, see README.md here) goes through the Studio API of the real
/// test host as a user of Elsa would take it: import, publish, execute; then its journal, variables and output are
/// checked against the sidecar <c>name.expect.json</c>.
/// </summary>
public abstract class CorpusRunner
{
    public static string Folder => RepoPaths.Combine("tests", "Workflows.Server.Tests", "ElsaCorpus");

    protected static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Folder, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(Folder, file).Replace('\\', '/');
            if (relative.EndsWith(".expect.json", StringComparison.Ordinal) || relative.StartsWith("http/", StringComparison.Ordinal)) continue;
            if (Expect(relative) is not null) data.Add(relative);
        }
        return data;
    }

    /// <summary>A definition without a sidecar is a dependency of others (a child, a definition used as an activity).</summary>
    private static JsonObject? Expect(string relative)
    {
        var path = Path.Combine(Folder, relative[..^".json".Length] + ".expect.json");
        return File.Exists(path) ? (JsonObject)JsonNode.Parse(File.ReadAllText(path))! : null;
    }

    protected static async Task RunAsync(CorpusHosts hosts, string relative)
    {
        var expect = Expect(relative)!;
        var client = await hosts.For(expect.GetBool("csharp") == true).ClientAsync("admin");
        foreach (var dependency in expect.GetArray("requires") ?? [])
            await ImportAndPublishAsync(client, ValueConversion.ToText(dependency)!);
        var definitionId = await ImportAndPublishAsync(client, relative);

        using var execute = await client.PostAsJsonAsync($"/elsa/api/workflow-definitions/{definitionId}/execute", new JsonObject { ["input"] = expect["input"]?.DeepClone() ?? new JsonObject() });
        var executed = await execute.Content.ReadAsStringAsync();
        Assert.True(execute.StatusCode == HttpStatusCode.OK, $"{relative}: execute {(int)execute.StatusCode} {executed}");
        var instanceId = execute.Headers.GetValues("x-elsa-workflow-instance-id").Single();

        // Children run after the parent's burst commits: wait until the instance settles in the expected status.
        var expectedStatus = expect.GetString("status") ?? "Finished";
        JsonObject state = [];
        for (var attempt = 0; attempt < 100; attempt++)
        {
            state = (await client.GetFromJsonAsync<JsonObject>($"/elsa/api/workflow-instances/{instanceId}"))!["workflowState"]!.AsObject();
            if (state.GetString("subStatus") == expectedStatus) break;
            await Task.Delay(100);
        }
        var incidents = string.Join("; ", (state.GetArray("incidents") ?? []).OfType<JsonObject>().Select(i => i.GetString("message")));
        Assert.True(state.GetString("subStatus") == expectedStatus, $"{relative}: status {state.GetString("subStatus")}, expected {expectedStatus}. {incidents}");

        var journal = (await client.GetFromJsonAsync<JsonObject>($"/elsa/api/workflow-instances/{instanceId}/journal?take=5000"))!["items"]!.AsArray().OfType<JsonObject>();
        var rootId = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, relative)))!["root"]?.AsObject().GetString("id");
        var completed = journal.Where(j => j.GetString("eventName") == "Completed" && j.GetString("activityId") != rootId)
            .Select(j => j.GetString("activityId")!).ToList();
        var expected = (expect.GetArray("completed") ?? []).Select(ValueConversion.ToText).OfType<string>().ToList();
        if (expect.GetBool("ordered") ?? true)
            Assert.True(expected.SequenceEqual(completed), $"{relative}: completed [{string.Join(", ", completed)}], expected [{string.Join(", ", expected)}]");
        else
            Assert.True(expected.Order(StringComparer.Ordinal).SequenceEqual(completed.Order(StringComparer.Ordinal)), $"{relative}: completed {{{string.Join(", ", completed)}}}, expected {{{string.Join(", ", expected)}}}");

        var variables = state.GetObject("properties")?.GetObject("variables") ?? [];
        foreach (var (name, value) in expect.GetObject("variables") ?? [])
            Assert.True(Same(value, variables[name]), $"{relative}: variable {name} = {variables[name]?.ToJsonString() ?? "null"}, expected {value?.ToJsonString() ?? "null"}");
        var output = state.GetObject("output") ?? [];
        foreach (var (name, value) in expect.GetObject("output") ?? [])
            Assert.True(Same(value, output[name]), $"{relative}: output {name} = {output[name]?.ToJsonString() ?? "null"}, expected {value?.ToJsonString() ?? "null"}");
    }

    private static async Task<string> ImportAndPublishAsync(HttpClient client, string relative)
    {
        var model = File.ReadAllText(Path.Combine(Folder, relative));
        using var import = await client.PostAsync("/elsa/api/workflow-definitions/import", new StringContent(model, System.Text.Encoding.UTF8, "application/json"));
        var imported = await import.Content.ReadAsStringAsync();
        Assert.True(import.StatusCode == HttpStatusCode.OK, $"{relative}: import {(int)import.StatusCode} {imported}");
        var definitionId = JsonNode.Parse(imported)!["definitionId"]!.GetValue<string>();
        using var publish = await client.PostAsync($"/elsa/api/workflow-definitions/{definitionId}/publish", null);
        Assert.True(publish.StatusCode == HttpStatusCode.OK, $"{relative}: publish {(int)publish.StatusCode} {await publish.Content.ReadAsStringAsync()}");
        return definitionId;
    }

    /// <summary>JSON equality where 3 and 3.0 are the same number (variables come back as the engine stored them).</summary>
    private static bool Same(JsonNode? a, JsonNode? b) => (a, b) switch
    {
        (null, null) => true,
        (JsonValue x, JsonValue y) when ValueConversion.ToNumber(x) is { } nx && ValueConversion.ToNumber(y) is { } ny
            && x.GetValueKind() == System.Text.Json.JsonValueKind.Number && y.GetValueKind() == System.Text.Json.JsonValueKind.Number => Math.Abs(nx - ny) < 1e-9,
        (JsonObject x, JsonObject y) => x.Count == y.Count && x.All(p => y.TryGetPropertyValue(p.Key, out var v) && Same(p.Value, v)),
        (JsonArray x, JsonArray y) => x.Count == y.Count && x.Zip(y).All(p => Same(p.First, p.Second)),
        _ => JsonNode.DeepEquals(a, b),
    };
}

/// <summary>
/// The hosts the corpus runs on: a plain one, and (made only when a file needs it) one with C# expressions enabled,
/// since they run arbitrary code and are off by default.
/// </summary>
public sealed class CorpusHosts : IDisposable
{
    private readonly Lazy<WorkflowsApp> _csharp = new(() => new CSharpCorpusApp());

    public WorkflowsApp Plain { get; } = new();

    public WorkflowsApp For(bool csharp) => csharp ? _csharp.Value : Plain;

    public void Dispose()
    {
        Plain.Dispose();
        if (_csharp.IsValueCreated) _csharp.Value.Dispose();
    }

    private sealed class CSharpCorpusApp : WorkflowsApp
    {
        public CSharpCorpusApp() => Settings["Expressions:CSharp:Enabled"] = "true";
    }
}

public sealed class CorpusTests(CorpusHosts hosts) : CorpusRunner, IClassFixture<CorpusHosts>
{
    public static TheoryData<string> Definitions() => Files();

    [Theory]
    [MemberData(nameof(Definitions))]
    public Task Definition_ImportsPublishesAndRunsAsElsaWould(string file) => RunAsync(hosts, file);
}
