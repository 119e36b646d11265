using System.Text.Json.Nodes;
using Workflows.Server.Tests.Support;
using Workflows.Testing;
using static Workflows.Server.Tests.Elsa.Support.Wire;

namespace Workflows.Server.Tests.Elsa;

/// <summary>
/// Every definition in workflows/ survives the designer: read through the API, written back unchanged, read again,
/// and nothing but the members the server owns has moved (elsa-studio-api.md §5.8, pitfalls 22 and 24).
/// </summary>
public sealed class RoundTripTests(WorkflowsApp app) : IClassFixture<WorkflowsApp>
{
    /// <summary>
    /// Server-owned (§5.1, §5.8): the version id, number, creation time and flags belong to versioning, links and
    /// materializer to the API, nodeIds are computed on every response.
    /// </summary>
    private static readonly string[] ServerOwned = ["id", "version", "createdAt", "isLatest", "isPublished", "links", "materializerName"];

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(RepoPaths.Combine("workflows"), "*.json").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        return data;
    }

    /// <summary>Collections are never null on the wire (§2): a file may leave them out, the API fills them.</summary>
    private static JsonObject WithWireDefaults(JsonObject file)
    {
        var copy = (JsonObject)file.DeepClone();
        foreach (var name in new[] { "variables", "inputs", "outputs", "outcomes" }) copy[name] ??= new JsonArray();
        foreach (var name in new[] { "customProperties", "options" }) copy[name] ??= new JsonObject();
        foreach (var name in new[] { "name", "description", "toolVersion" })
            if (!copy.ContainsKey(name)) copy[name] = null;
        copy["isReadonly"] ??= false;
        copy["isSystem"] ??= false;
        return copy;
    }

    private static JsonObject WithoutServerOwned(JsonObject definition)
    {
        var copy = (JsonObject)definition.DeepClone();
        foreach (var name in ServerOwned) copy.Remove(name);
        RemoveNodeIds(copy["root"]);
        return copy;
    }

    private static void RemoveNodeIds(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                obj.Remove("nodeId");
                foreach (var (_, value) in obj.ToList()) RemoveNodeIds(value);
                break;
            case JsonArray array:
                foreach (var item in array) RemoveNodeIds(item);
                break;
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task DefinitionFromWorkflowsFolder_ReadSavedReadAgain_IsUnchanged(string fileName)
    {
        var client = await app.ClientAsync("mishu1");
        var file = WithWireDefaults(JsonNode.Parse(await File.ReadAllTextAsync(RepoPaths.Combine("workflows", fileName)))!.AsObject());
        var definitionId = Text(file["definitionId"]);

        var read = await GetAsync(client, $"/workflow-definitions/by-definition-id/{definitionId}?versionOptions=Latest");
        var saved = (await PostAsync(client, "/workflow-definitions", Save(read)))["workflowDefinition"]!.AsObject();
        var readAgain = await GetAsync(client, $"/workflow-definitions/by-definition-id/{definitionId}?versionOptions=Latest");

        // What the API serves is the file, apart from what the server owns.
        Assert.True(JsonNode.DeepEquals(WithoutServerOwned(file), WithoutServerOwned(read)),
            $"{fileName}: the API changed the definition\nfile: {WithoutServerOwned(file).ToJsonString()}\napi:  {WithoutServerOwned(read).ToJsonString()}");
        // Writing it back unchanged changes nothing but versioning: a published version gets a new draft.
        Assert.True(JsonNode.DeepEquals(WithoutServerOwned(read), WithoutServerOwned(saved)), $"{fileName}: the save response differs");
        Assert.True(JsonNode.DeepEquals(WithoutServerOwned(read), WithoutServerOwned(readAgain)), $"{fileName}: the stored draft differs");
        Assert.True(JsonNode.DeepEquals(read["root"], readAgain["root"]), $"{fileName}: the tree with its nodeIds differs");
        Assert.Equal(read["version"]!.GetValue<int>() + (read["isPublished"]!.GetValue<bool>() ? 1 : 0), readAgain["version"]!.GetValue<int>());
        Assert.Equal(Text(saved["id"]), Text(readAgain["id"]));
    }

    [Fact]
    public async Task StudioEdit_UnknownMembersAndDesignerMetadata_AreKeptVerbatim()
    {
        var client = await app.ClientAsync("mishu1");
        var write = Wf.WriteLine("write", "原文");
        write["metadata"]!["designer"] = JsonNode.Parse("""{"position":{"x":127.5,"y":-99},"size":{"width":170.4,"height":54}}""");
        write["customProperties"] = JsonNode.Parse("""{"mergeMode":"Stream","logPersistenceConfig":{"default":{"evaluationMode":"Strategy","strategyType":null,"expression":null}}}""");
        write["futureMember"] = JsonNode.Parse("""{"kept":[1,2,{"deep":true}]}""");
        var model = Model("保留未知字段", [Wf.Act("start", "Elsa.Start"), write], [Wf.Conn("start", "write")]);
        model["customProperties"] = JsonNode.Parse("""{"logPersistenceConfig":{"default":{"evaluationMode":"Strategy","strategyType":"Elsa.Workflows.LogPersistence.Strategies.Include, Elsa.Workflows.Core"}}}""");

        var saved = (await PostAsync(client, "/workflow-definitions", Save(model)))["workflowDefinition"]!.AsObject();

        var savedWrite = saved["root"]!["activities"]![1]!.AsObject();
        Assert.True(JsonNode.DeepEquals(write["metadata"], savedWrite["metadata"]));
        Assert.True(JsonNode.DeepEquals(write["customProperties"], savedWrite["customProperties"]));
        Assert.True(JsonNode.DeepEquals(write["futureMember"], savedWrite["futureMember"]));
        Assert.True(JsonNode.DeepEquals(model["customProperties"], saved["customProperties"]));
    }
}
