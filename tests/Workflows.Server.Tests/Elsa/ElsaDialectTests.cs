using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workflows.Server.Tests.Support;
using Workflows.Testing;
using static Workflows.Server.Tests.Elsa.Support.Wire;

namespace Workflows.Server.Tests.Elsa;

/// <summary>
/// Elsa's JSON dialects through the Studio API: the corpus files in older dialects import and come back in the current
/// one; every export (the Association's definitions and the corpus) passes a reader that applies elsa-core's own
/// deserialisation rules (<see cref="ElsaReadRules"/>).
/// </summary>
public sealed class ElsaDialectTests(WorkflowsApp app) : IClassFixture<WorkflowsApp>
{
    private static IEnumerable<string> CorpusFiles() =>
        new[] { "expressions", "dialects" }.SelectMany(folder => Directory.GetFiles(RepoPaths.Combine("tests", "Workflows.Server.Tests", "ElsaCorpus", folder), "*.json"))
            .Where(f => !f.EndsWith(".expect.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal);

    [Fact]
    public async Task OlderDialects_ImportAndComeBackInTheCurrentShape()
    {
        var client = await app.ClientAsync("mishu1");
        var file = JsonNode.Parse(await File.ReadAllTextAsync(RepoPaths.Combine("tests", "Workflows.Server.Tests", "ElsaCorpus", "dialects", "flat-connections.json")))!.AsObject();
        file["definitionId"] = "dialect-flat";

        var imported = await PostAsync(client, "/workflow-definitions/import", file);

        var connections = imported["root"]!["connections"]!.AsArray();
        Assert.Equal(2, connections.Count);
        Assert.All(connections, c => Assert.Equal(JsonValueKind.Object, c!["source"]!.GetValueKind()));
        Assert.Equal("a", Text(connections[0]!["target"]!["activity"]));
        Assert.Equal("Done", Text(connections[0]!["source"]!["port"]));
    }

    [Fact]
    public async Task CSharpFile_WhenCSharpIsOff_IsRefusedWithThatReason()
    {
        var client = await app.ClientAsync("mishu1");
        var file = JsonNode.Parse(await File.ReadAllTextAsync(RepoPaths.Combine("tests", "Workflows.Server.Tests", "ElsaCorpus", "expressions", "csharp-globals.json")));

        var response = await client.PostAsync($"{ApiRoot}/workflow-definitions/import", Json(file));

        var errors = await ErrorsAsync(response);
        Assert.Contains(errors, e => e.Contains("C# 表达式在本服务中未启用", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Exports_PassElsasReadRules_ForTheAssociationsDefinitionsAndTheCorpus()
    {
        var client = await app.ClientAsync("mishu1");
        var ids = Directory.GetFiles(RepoPaths.Combine("workflows"), "*.json")
            .Select(f => JsonNode.Parse(File.ReadAllText(f))!["definitionId"]!.GetValue<string>()).ToList();
        foreach (var path in CorpusFiles().Where(f => !f.EndsWith("csharp-globals.json", StringComparison.Ordinal)))
        {
            var file = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
            var saved = await PostAsync(client, "/workflow-definitions/import", file);
            ids.Add(Text(saved["definitionId"]));
        }

        var violations = new List<string>();
        foreach (var id in ids)
        {
            var response = await client.GetAsync($"{ApiRoot}/workflow-definitions/{id}/export?versionOptions=Latest");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            violations.AddRange(ElsaReadRules.Check(await response.Content.ReadAsStringAsync()).Select(v => $"{id}: {v}"));
        }

        Assert.True(ids.Count >= 25, $"only {ids.Count} definitions exported");
        Assert.Empty(violations);
    }
}

/// <summary>
/// What elsa-core requires of a definition file it reads, written from its serializers (not copied):
/// <list type="bullet">
/// <item>Elsa.Workflows.Management/Services/WorkflowDefinitionExporter.cs: <c>$schema</c> first, the v3.0.0 schema URL;</item>
/// <item>Elsa.Workflows.Core/Models/VariableDefinition.cs: a variable's <c>value</c> is a string (a number or object
/// there fails the deserialiser); VariableDefinitionMapper: <c>storageDriverTypeName</c> resolves to an IStorageDriver
/// by its assembly-qualified name (otherwise it is dropped with a warning);</item>
/// <item>Serialization/Converters/ActivityJsonConverter.cs: an activity has a string <c>type</c>; <c>version</c>, when
/// present, is read with GetInt32;</item>
/// <item>Serialization/Converters/InputJsonConverter.cs: an input's <c>expression.type</c> must have an expression
/// descriptor (Management/Providers/DefaultExpressionDescriptorProvider.cs and the JavaScript, Liquid, CSharp and
/// Python modules), else the input is lost;</item>
/// <item>Serialization/Converters/OutputJsonConverter.cs: an output object (typeName, no expression) is read through
/// <c>memoryReference.id</c>: a null or missing memoryReference throws;</item>
/// <item>Activities/Flowchart/Serialization/ConnectionJsonConverter.cs: <c>source.activity</c> and
/// <c>target.activity</c> name activities of the same flowchart, else the connection is dropped.</item>
/// </list>
/// </summary>
public static class ElsaReadRules
{
    public const string SchemaUrl = "https://elsaworkflows.io/schemas/workflow-definition/v3.0.0/schema.json";

    private static readonly HashSet<string> ExpressionTypes = ["Literal", "Object", "Json", "Delegate", "Variable", "Input", "JavaScript", "Liquid", "CSharp", "Python"];

    private static readonly HashSet<string> StorageDrivers =
    [
        "Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core",
        "Elsa.Workflows.WorkflowStorageDriver, Elsa.Workflows.Core",
        "Elsa.Workflows.Services.MemoryStorageDriver, Elsa.Workflows.Core",
    ];

    private static readonly HashSet<string> Structural = ["id", "nodeId", "name", "type", "version", "customProperties", "metadata", "activities", "connections", "variables", "runAsynchronously"];

    public static List<string> Check(string text)
    {
        var problems = new List<string>();
        var definition = JsonNode.Parse(text)!.AsObject();
        if (definition.FirstOrDefault().Key != "$schema" || definition["$schema"]?.GetValue<string>() != SchemaUrl)
            problems.Add("$schema is not the first member with Elsa's schema URL");
        foreach (var member in new[] { "id", "definitionId" })
            if (definition[member]?.GetValueKind() != JsonValueKind.String) problems.Add($"{member} is not a string");
        if (definition["version"]?.GetValueKind() != JsonValueKind.Number) problems.Add("version is not a number");
        CheckVariables(definition["variables"], "variables", problems);
        foreach (var list in new[] { "inputs", "outputs" })
            foreach (var item in definition[list]?.AsArray() ?? [])
                if (item?["name"]?.GetValueKind() != JsonValueKind.String || item["type"]?.GetValueKind() != JsonValueKind.String)
                    problems.Add($"{list}: an item without a string name and type");
        if (definition["root"] is JsonObject root) CheckActivity(root, "root", problems);
        else problems.Add("no root");
        return problems;
    }

    private static void CheckVariables(JsonNode? variables, string where, List<string> problems)
    {
        foreach (var variable in variables?.AsArray() ?? [])
        {
            var name = variable?["name"]?.GetValue<string>() ?? "?";
            if (variable?["id"]?.GetValueKind() != JsonValueKind.String || variable["typeName"]?.GetValueKind() != JsonValueKind.String)
                problems.Add($"{where}.{name}: id and typeName must be strings");
            if (variable?["value"] is { } value && value.GetValueKind() != JsonValueKind.String)
                problems.Add($"{where}.{name}: value is {value.GetValueKind()}, Elsa reads a string");
            if (variable?["storageDriverTypeName"] is { } driver && !StorageDrivers.Contains(driver.GetValue<string>()))
                problems.Add($"{where}.{name}: storage driver {driver} is not one Elsa resolves");
        }
    }

    private static bool IsActivity(JsonObject obj) =>
        obj["type"]?.GetValueKind() == JsonValueKind.String && obj["id"]?.GetValueKind() == JsonValueKind.String && !obj.ContainsKey("typeName");

    private static void CheckActivity(JsonObject activity, string where, List<string> problems)
    {
        var id = activity["id"]?.GetValue<string>() ?? "?";
        where = $"{where}/{id}";
        if (activity["type"]?.GetValueKind() != JsonValueKind.String) problems.Add($"{where}: type is not a string");
        if (activity["version"] is { } version && (version.GetValueKind() != JsonValueKind.Number || !version.AsValue().TryGetValue<int>(out _)))
            problems.Add($"{where}: version is not an Int32");
        CheckVariables(activity["variables"], where + ".variables", problems);

        foreach (var (name, value) in activity)
        {
            if (Structural.Contains(name)) continue;
            if (value is JsonObject obj)
            {
                if (obj.ContainsKey("typeName") && obj.ContainsKey("id") && obj.ContainsKey("name") && !obj.ContainsKey("expression"))
                {
                    // A variable reference (SetVariable's variable): read by Elsa's VariableConverter, not as an output.
                    if (obj["id"]?.GetValueKind() != JsonValueKind.String) problems.Add($"{where}.{name}: variable reference without a string id");
                }
                else if (obj.ContainsKey("typeName"))
                {
                    if (obj.ContainsKey("expression"))
                    {
                        var type = obj["expression"]?["type"]?.GetValue<string>();
                        if (obj["expression"] is JsonObject && (type is null || !ExpressionTypes.Contains(type)))
                            problems.Add($"{where}.{name}: expression type {type ?? "null"} has no Elsa descriptor");
                    }
                    else if (obj["memoryReference"] is not JsonObject reference || reference["id"]?.GetValueKind() != JsonValueKind.String)
                    {
                        problems.Add($"{where}.{name}: output without memoryReference.id (OutputJsonConverter throws)");
                    }
                }
                else if (IsActivity(obj))
                {
                    CheckActivity(obj, where, problems);
                }
            }
            else if (value is JsonArray items)
            {
                foreach (var item in items.OfType<JsonObject>())
                    foreach (var (_, inner) in item)
                        if (inner is JsonObject innerActivity && IsActivity(innerActivity)) CheckActivity(innerActivity, where, problems);
            }
        }

        if (activity["activities"] is JsonArray children)
        {
            var ids = children.OfType<JsonObject>().Select(c => c["id"]?.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            foreach (var child in children.OfType<JsonObject>()) CheckActivity(child, where, problems);
            foreach (var connection in activity["connections"]?.AsArray() ?? [])
            {
                foreach (var end in new[] { "source", "target" })
                {
                    var target = connection?[end]?["activity"];
                    if (target?.GetValueKind() != JsonValueKind.String || !ids.Contains(target.GetValue<string>()))
                        problems.Add($"{where}: connection {end} {connection?.ToJsonString()} is not an activity of this flowchart (ConnectionJsonConverter drops it)");
                    if (connection?[end]?["port"] is { } port && port.GetValueKind() != JsonValueKind.String)
                        problems.Add($"{where}: connection {end} port is not a string");
                }
            }
        }
    }
}
