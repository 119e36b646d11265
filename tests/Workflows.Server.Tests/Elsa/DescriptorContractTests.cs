using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Engine.Activities;
using Workflows.Engine.Activities.Builtin;
using Workflows.Server.Tests.Support;
using Workflows.Testing;
using static Workflows.Server.Tests.Elsa.Support.Wire;

namespace Workflows.Server.Tests.Elsa;

/// <summary>The descriptor catalogues Studio reads on open and while editing (elsa-studio-api.md §4.2, §6).</summary>
public sealed class DescriptorContractTests(WorkflowsApp app) : IClassFixture<WorkflowsApp>
{
    private const string ActivityShape =
        "typeName:s namespace:s name:s version:n category:s displayName:s description:s kind:s inputs:a outputs:a ports:a " +
        "customProperties:o constructionProperties:o isContainer:b isBrowsable:b isStart:b isTerminal:b";

    private const string InputShape =
        "name:s typeName:s displayName:s description:s? order:n isBrowsable:b isSynthetic:b isWrapped:b uiHint:s category:s? defaultValue:*? " +
        "defaultSyntax:s? isReadOnly:b isSensitive:b storageDriverType:s? uiSpecifications:o?";

    private static JsonObject Find(JsonObject list, string typeName) =>
        list["items"]!.AsArray().OfType<JsonObject>().Single(d => Text(d["typeName"]) == typeName);

    [Fact]
    public async Task Activities_EveryActivityTheEngineRuns_InElsasShape()
    {
        var client = await app.ClientAsync("mishu1");
        var registry = app.Services.GetRequiredService<ActivityRegistry>();

        var list = await GetAsync(client, "/descriptors/activities?Refresh=True");

        Shape(list, "items:a count:n");
        var items = list["items"]!.AsArray().OfType<JsonObject>().ToList();
        Assert.Equal(items.Count, list["count"]!.GetValue<int>());
        foreach (var activity in registry.All)
            Assert.Contains(items, d => Text(d["typeName"]) == activity.Descriptor.TypeName && d["version"]!.GetValue<int>() == activity.Descriptor.Version);
        foreach (var descriptor in items)
        {
            Shape(descriptor, ActivityShape, Text(descriptor["typeName"]));
            CamelCase(descriptor);
            Assert.Contains(Text(descriptor["kind"]), new[] { "Action", "Trigger", "Job", "Task" });
            foreach (var input in descriptor["inputs"]!.AsArray()) Shape(input, InputShape, $"{descriptor["typeName"]} input");
            foreach (var output in descriptor["outputs"]!.AsArray()) Shape(output, "name:s typeName:s displayName:s order:n isBrowsable:b", $"{descriptor["typeName"]} output");
            // A port without "type":"Flow" would be drawn as an embedded slot (pitfall 12).
            foreach (var port in descriptor["ports"]!.AsArray()) Shape(port, "name:s displayName:s? type:s isBrowsable:b", $"{descriptor["typeName"]} port");
        }
    }

    [Fact]
    public async Task Activities_ChineseByDefault_EnglishWithLang_KeepElsaTypeNames()
    {
        var client = await app.ClientAsync("mishu1");

        var zh = await GetAsync(client, "/descriptors/activities?Refresh=True");
        var en = await GetAsync(client, "/descriptors/activities?Refresh=True&lang=en");

        var writeLine = Find(zh, "Elsa.WriteLine");
        Assert.Equal("输出一行", Text(writeLine["displayName"]));
        Assert.Equal("日志", Text(writeLine["category"]));
        Assert.Equal("文本", Text(writeLine["inputs"]![0]!["displayName"]));
        Assert.Equal("Write line", Text(Find(en, "Elsa.WriteLine")["displayName"]));
        Assert.Equal("Approval", Text(Find(en, HumanTaskActivity.TypeName)["category"]));
    }

    [Fact]
    public async Task Activities_FlowchartIsANonBrowsableContainer_AndToolboxItemsAreBrowsable()
    {
        var client = await app.ClientAsync("mishu1");

        var list = await GetAsync(client, "/descriptors/activities");

        var flowchart = Find(list, "Elsa.Flowchart");
        Assert.True(flowchart["isContainer"]!.GetValue<bool>());
        Assert.False(flowchart["isBrowsable"]!.GetValue<bool>());
        Assert.True(Find(list, "Elsa.WriteLine")["isBrowsable"]!.GetValue<bool>());
        Assert.True(Find(list, "Elsa.Start")["isStart"]!.GetValue<bool>());
        Assert.True(Find(list, "Elsa.End")["isTerminal"]!.GetValue<bool>());
        Assert.Equal(["True", "False"], Find(list, "Elsa.FlowDecision")["ports"]!.AsArray().Select(p => Text(p!["name"])));
    }

    [Fact]
    public async Task Activities_HumanTaskPortsFollowItsOutcomesInput_AndNewTasksStartWithTheEngineDefaults()
    {
        var client = await app.ClientAsync("mishu1");

        var task = Find(await GetAsync(client, "/descriptors/activities"), HumanTaskActivity.TypeName);

        // Studio draws one port per string of the dynamic-outcomes input (§6.3).
        var outcomes = task["inputs"]!.AsArray().OfType<JsonObject>().Single(i => Text(i["uiHint"]) == "dynamic-outcomes");
        Assert.Equal("Outcomes", Text(outcomes["name"]));
        Assert.True(outcomes["isWrapped"]!.GetValue<bool>());
        Assert.Empty(task["ports"]!.AsArray());
        var initial = task["constructionProperties"]!["outcomes"]!["expression"]!;
        Assert.Equal("Object", Text(initial["type"]));
        Assert.Equal(HumanTaskActivity.DefaultOutcomes, JsonNode.Parse(Text(initial["value"]))!.AsArray().Select(Text));
        Assert.Equal("Task", Text(task["kind"]));
    }

    [Fact]
    public async Task Activities_IncludeTheNotFoundPlaceholder()
    {
        var client = await app.ClientAsync("mishu1");

        var placeholder = Find(await GetAsync(client, "/descriptors/activities"), "Elsa.NotFoundActivity");

        Assert.False(placeholder["isBrowsable"]!.GetValue<bool>());
        Assert.Equal("dynamic-outcomes", Text(placeholder["inputs"]![0]!["uiHint"]));
    }

    [Fact]
    public async Task ExpressionDescriptors_OnlyWhatTheEngineEvaluates_JavaScriptFirstAfterLiteralAndObject()
    {
        var client = await app.ClientAsync("mishu1");

        var list = await GetAsync(client, "/descriptors/expression-descriptors");

        Shape(list, "items:a count:n");
        var items = list["items"]!.AsArray().OfType<JsonObject>().ToList();
        foreach (var item in items)
        {
            Shape(item, "type:s displayName:s isSerializable:b isBrowsable:b properties:o");
            Assert.All(item["properties"]!.AsObject(), p => Assert.Equal(System.Text.Json.JsonValueKind.String, p.Value!.GetValueKind()));
        }
        Assert.Equal(["Literal", "Object", "JavaScript", "Variable", "Input", "Json", "Liquid", "CSharp"], items.Select(i => Text(i["type"])));
        Assert.Equal("javascript", Text(items[2]["properties"]!["MonacoLanguage"]));
        // elsa-core CSharpExpressionDescriptorProvider: listed, but browsable only when C# is enabled (off by default).
        Assert.False(items[7]["isBrowsable"]!.GetValue<bool>());
        Assert.True(items[6]["isBrowsable"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("/descriptors/workflow-activation-strategies", "Elsa.Workflows.ActivationValidators.AllowAlwaysStrategy, Elsa.Workflows.Core")]
    [InlineData("/descriptors/incident-strategies", "Elsa.Workflows.IncidentStrategies.ContinueWithIncidentsStrategy, Elsa.Workflows.Core")]
    [InlineData("/descriptors/log-persistence-strategies", "Elsa.Workflows.LogPersistence.Strategies.Inherit, Elsa.Workflows.Core")]
    public async Task Strategies_AreListResponsesOfTypeNameDisplayNameDescription(string path, string expectedType)
    {
        var client = await app.ClientAsync("mishu1");

        var list = await GetAsync(client, path);

        Shape(list, "items:a count:n");
        Assert.NotEmpty(list["items"]!.AsArray());
        foreach (var item in list["items"]!.AsArray()) Shape(item, "typeName:s displayName:s description:s");
        Assert.Contains(list["items"]!.AsArray(), i => Text(i!["typeName"]) == expectedType);
    }

    [Theory]
    [InlineData("/descriptors/commit-strategies/workflows")]
    [InlineData("/descriptors/commit-strategies/activities")]
    [InlineData("/workflow-contexts/provider-descriptors")]
    public async Task EmptyCatalogues_AreEmptyListResponses(string path)
    {
        var client = await app.ClientAsync("mishu1");

        var list = await GetAsync(client, path);

        Shape(list, "items:a count:n");
        Assert.Empty(list["items"]!.AsArray());
        Assert.Equal(0, list["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task InstalledFeature_ByName_Is404WhichStudioReadsAsNotInstalled()
    {
        var client = await app.ClientAsync("mishu1");

        // Not offered (Studio polls instead); the installed features are in Alterations/AlterationTests.cs.
        var response = await client.GetAsync($"{ApiRoot}/features/installed/Elsa.RealTimeWorkflowUpdates");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task VariableTypes_ItemsWithTypeNameDisplayNameCategory()
    {
        var client = await app.ClientAsync("mishu1");

        var list = await GetAsync(client, "/descriptors/variables");

        foreach (var item in list["items"]!.AsArray()) Shape(item, "typeName:s displayName:s category:s description:s?");
        Assert.Contains(list["items"]!.AsArray(), i => Text(i!["typeName"]) == "String");
        Assert.Contains(list["items"]!.AsArray(), i => Text(i!["typeName"]) == "Object");
    }

    [Fact]
    public async Task StorageDrivers_TheWorkflowInstanceDriver()
    {
        var client = await app.ClientAsync("mishu1");

        var list = await GetAsync(client, "/descriptors/storage-drivers");

        var driver = Assert.Single(list["items"]!.AsArray());
        Shape(driver, "typeName:s displayName:s priority:n deprecated:b");
    }

    [Fact]
    public async Task OutputConverters_EmptyItems()
    {
        var client = await app.ClientAsync("mishu1");

        var list = await GetAsync(client, "/descriptors/output-converters?sourceType=String&destinationType=Object");

        Assert.Empty(list["items"]!.AsArray());
    }

    /// <summary>Dropping any toolbox activity auto-saves at once: each must be accepted as a draft as Studio creates it.</summary>
    [Fact]
    public async Task EveryToolboxActivity_DroppedAsStudioCreatesIt_SavesAsDraft()
    {
        var client = await app.ClientAsync("mishu1");
        var list = await GetAsync(client, "/descriptors/activities");

        foreach (var descriptor in list["items"]!.AsArray().OfType<JsonObject>().Where(d => d["isBrowsable"]!.GetValue<bool>()))
        {
            var dropped = Wf.Act("dropped", Text(descriptor["typeName"]));
            dropped["version"] = descriptor["version"]!.GetValue<int>();
            foreach (var (name, value) in descriptor["constructionProperties"]!.AsObject())
                dropped[char.ToLowerInvariant(name[0]) + name[1..]] = value?.DeepClone();
            var model = Model("拖入 " + descriptor["typeName"], [Wf.Act("start", "Elsa.Start"), dropped], [Wf.Conn("start", "dropped")]);

            var response = await client.PostAsync($"{ApiRoot}/workflow-definitions", Json(Save(model)));

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{descriptor["typeName"]}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
