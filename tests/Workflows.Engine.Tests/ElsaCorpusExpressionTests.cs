using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Workflows.Engine.Execution;
using Workflows.Engine.Expressions;
using Workflows.Engine.Hosting;
using Workflows.Engine.Model;
using Workflows.Engine.Services;
using Workflows.Engine.Tests.Support;
using Workflows.Testing;

namespace Workflows.Engine.Tests;

/// <summary>
/// Runs the expression and dialect files of the Elsa corpus (tests/Workflows.Server.Tests/ElsaCorpus) through the
/// engine and checks each against its <c>.expect.json</c>: status, completed activities in journal order (root
/// excluded), final variables and workflow output. The corpus runner of the server tests imports the same files
/// through the Studio API; this one proves them at engine level.
/// </summary>
public sealed class ElsaCorpusExpressionTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var folder in new[] { "expressions", "dialects" })
            foreach (var file in Directory.GetFiles(RepoPaths.Combine("tests", "Workflows.Server.Tests", "ElsaCorpus", folder), "*.json")
                         .Where(f => !f.EndsWith(".expect.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
                data.Add($"{folder}/{Path.GetFileName(file)}");
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task CorpusFile_RunsAsExpected(string file)
    {
        var path = RepoPaths.Combine("tests", "Workflows.Server.Tests", "ElsaCorpus", file);
        var expect = (JsonObject)JsonNode.Parse(await File.ReadAllTextAsync(Path.ChangeExtension(path, ".expect.json")))!;
        var definition = WorkflowDefinition.Parse(await File.ReadAllTextAsync(path));
        var host = new InMemoryWorkflowHost(TestEngine.Registry(), new ManualTimeProvider(TestEngine.Epoch), new SequentialIdGenerator(), null, NullLoggerFactory.Instance,
            new CSharpOptions { Enabled = expect["csharp"]?.GetValue<bool>() ?? false });
        host.AddDefinition(definition);

        var state = await host.StartAsync(definition.DefinitionId, expect["input"]?.DeepClone() as JsonObject);

        Assert.Equal(expect["status"]!.GetValue<string>(), state.SubStatus.ToString());
        var rootId = definition.Root!.GetString("id");
        var completed = host.Journals[state.InstanceId].Where(j => j.EventName == JournalEvents.Completed && j.ActivityId != rootId).Select(j => j.ActivityId).ToList();
        var expected = expect["completed"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        if (expect["ordered"]?.GetValue<bool>() ?? true) Assert.Equal(expected, completed);
        else Assert.Equal(expected.Order(StringComparer.Ordinal), completed.Order(StringComparer.Ordinal));
        foreach (var (name, value) in expect["variables"]?.AsObject() ?? [])
            Assert.True(JsonNode.DeepEquals(value, state.Variables[name]), $"variable {name}: expected {value?.ToJsonString()}, got {state.Variables[name]?.ToJsonString()}");
        foreach (var (name, value) in expect["output"]?.AsObject() ?? [])
            Assert.True(JsonNode.DeepEquals(value, state.Output[name]), $"output {name}: expected {value?.ToJsonString()}, got {state.Output[name]?.ToJsonString()}");
    }
}
