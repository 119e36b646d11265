using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Workflows.Engine.Expressions;
using Workflows.Server.Tests.Support;
using static Workflows.Testing.Wf;

namespace Workflows.Server.Tests.Elsa;

/// <summary>
/// Definitions usable as activities, through the real test host: the toolbox entry (elsa-core
/// Workflows.Management/Activities/WorkflowDefinitionActivity/WorkflowDefinitionActivityDescriptorFactory.cs), a parent
/// running one with inputs in and outputs out (WorkflowDefinitionActivity.cs), and a new child version adopted or
/// pinned per <c>autoUpdateConsumingWorkflows</c> (Workflows.Management/Services/WorkflowReferenceUpdater.cs).
/// </summary>
public sealed class DefinitionActivityTests(WorkflowsApp app) : IClassFixture<WorkflowsApp>
{
    private const string Api = "/elsa/api";

    /// <summary>A child that outputs Number × 10 + its version, so the run shows which version ran.</summary>
    private static JsonObject Child(string definitionId, string name, int version, bool autoUpdate)
    {
        var definition = new JsonObject
        {
            ["definitionId"] = definitionId,
            ["name"] = name,
            ["variables"] = new JsonArray(),
            ["inputs"] = new JsonArray(new JsonObject { ["name"] = "Number", ["type"] = "Int32", ["displayName"] = "数", ["isArray"] = false }),
            ["outputs"] = new JsonArray(new JsonObject { ["name"] = "Answer", ["type"] = "Int32", ["displayName"] = "答案", ["isArray"] = false }),
            ["outcomes"] = new JsonArray("已算好"),
            ["options"] = new JsonObject { ["usableAsActivity"] = true, ["autoUpdateConsumingWorkflows"] = autoUpdate },
            ["root"] = Flowchart("childRoot",
                [Act("out", "Elsa.SetOutput", ("outputName", Lit("Answer")), ("outputValue", Js($"getInput('Number') * 10 + {version}", "Int32"))),
                 Act("done", "Elsa.Complete", ("outcomes", Obj("[\"已算好\"]")))],
                [Conn("out", "done")]),
        };
        return definition;
    }

    private static JsonObject Parent(string definitionId, string childDefinitionId, string childVersionId, string typeName)
    {
        var node = Act("calc", typeName,
            ("workflowDefinitionId", childDefinitionId), ("workflowDefinitionVersionId", childVersionId),
            ("latestAvailablePublishedVersion", 1), ("latestAvailablePublishedVersionId", childVersionId),
            ("number", Lit(4, "Int32")),
            ("answer", new JsonObject { ["typeName"] = "Int32", ["memoryReference"] = new JsonObject { ["id"] = "AnswerId" } }));
        return new JsonObject
        {
            ["definitionId"] = definitionId,
            ["name"] = definitionId,
            ["variables"] = new JsonArray(Var("Answer", "Int32", 0)),
            ["options"] = new JsonObject(),
            ["root"] = Flowchart("parentRoot", [node, WriteLine("after", "算好了")], [Conn("calc", "after", "已算好")]),
        };
    }

    private static async Task<JsonObject> SaveAsync(HttpClient client, JsonObject model)
    {
        using var response = await client.PostAsJsonAsync($"{Api}/workflow-definitions", new JsonObject { ["model"] = model, ["publish"] = true });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!["workflowDefinition"]!.AsObject();
    }

    private static async Task<double?> RunAsync(HttpClient client, string definitionId)
    {
        using var response = await client.PostAsJsonAsync($"{Api}/workflow-definitions/{definitionId}/execute", new { input = new { } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var instanceId = response.Headers.GetValues("x-elsa-workflow-instance-id").Single();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var state = (await client.GetFromJsonAsync<JsonObject>($"{Api}/workflow-instances/{instanceId}"))!["workflowState"]!.AsObject();
            if (state["subStatus"]!.GetValue<string>() == "Finished")
            {
                var journal = (await client.GetFromJsonAsync<JsonObject>($"{Api}/workflow-instances/{instanceId}/journal"))!["items"]!.AsArray();
                // The child's outcome 已算好 is the node's port: the activity behind it ran.
                Assert.Contains(journal, j => j!["activityId"]!.GetValue<string>() == "after" && j["eventName"]!.GetValue<string>() == "Completed");
                return ValueConversion.ToNumber(state["properties"]!["variables"]!["Answer"]);
            }
            Assert.NotEqual("Faulted", state["subStatus"]!.GetValue<string>());
            await Task.Delay(100);
        }
        throw new TimeoutException($"{definitionId} did not finish");
    }

    [Fact]
    public async Task UsableDefinition_AppearsInTheToolboxWithItsInputsOutputsAndOutcomes()
    {
        var client = await app.ClientAsync("admin");
        var child = await SaveAsync(client, Child("toolbox-child", "审核 计算器", 1, autoUpdate: false));

        var descriptors = (await client.GetFromJsonAsync<JsonObject>($"{Api}/descriptors/activities"))!["items"]!.AsArray().OfType<JsonObject>();

        // Humanizer's Pascalize joins the words of the name (WorkflowDefinitionActivityDescriptorFactory.CreateDescriptor).
        var entry = Assert.Single(descriptors, d => d["typeName"]!.GetValue<string>() == "审核计算器");
        Assert.Equal(1, entry["version"]!.GetValue<int>());
        Assert.True(entry["isBrowsable"]!.GetValue<bool>());
        Assert.Equal("审核 计算器", entry["displayName"]!.GetValue<string>());
        Assert.Equal("Number", Assert.Single(entry["inputs"]!.AsArray())!["name"]!.GetValue<string>());
        Assert.Equal("Answer", Assert.Single(entry["outputs"]!.AsArray())!["name"]!.GetValue<string>());
        Assert.Contains(entry["ports"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "已算好" && p["type"]!.GetValue<string>() == "Flow");
        Assert.Equal("toolbox-child", entry["constructionProperties"]!["workflowDefinitionId"]!.GetValue<string>());
        Assert.Equal(child["id"]!.GetValue<string>(), entry["constructionProperties"]!["workflowDefinitionVersionId"]!.GetValue<string>());
        // A definition without the switch is no activity.
        Assert.DoesNotContain(descriptors, d => d["typeName"]!.GetValue<string>() == "P1BranchFounding");
    }

    [Fact]
    public async Task Parent_RunsTheChildAsAnActivity_NewVersionPinnedWithoutAutoUpdate()
    {
        var client = await app.ClientAsync("admin");
        var v1 = await SaveAsync(client, Child("pinned-child", "Pinned child", 1, autoUpdate: false));
        await SaveAsync(client, Parent("pinned-parent", "pinned-child", v1["id"]!.GetValue<string>(), "PinnedChild"));
        Assert.Equal(41, await RunAsync(client, "pinned-parent"));

        await SaveAsync(client, Child("pinned-child", "Pinned child", 2, autoUpdate: false));

        // The consumer still names version 1, and version 1 is what runs.
        var parent = (await client.GetFromJsonAsync<JsonObject>($"{Api}/workflow-definitions/by-definition-id/pinned-parent?versionOptions=Latest"))!;
        Assert.Equal(1, parent["version"]!.GetValue<int>());
        Assert.Equal(41, await RunAsync(client, "pinned-parent"));
    }

    [Fact]
    public async Task Parent_AdoptsTheChildsNewVersion_WithAutoUpdateConsumingWorkflows()
    {
        var client = await app.ClientAsync("admin");
        var v1 = await SaveAsync(client, Child("auto-child", "Auto child", 1, autoUpdate: true));
        await SaveAsync(client, Parent("auto-parent", "auto-child", v1["id"]!.GetValue<string>(), "AutoChild"));
        Assert.Equal(41, await RunAsync(client, "auto-parent"));

        var v2 = await SaveAsync(client, Child("auto-child", "Auto child", 2, autoUpdate: true));

        // The published consumer was moved to version 2 and published again.
        var parent = (await client.GetFromJsonAsync<JsonObject>($"{Api}/workflow-definitions/by-definition-id/auto-parent?versionOptions=Published"))!;
        Assert.Equal(2, parent["version"]!.GetValue<int>());
        var node = parent["root"]!["activities"]!.AsArray().OfType<JsonObject>().Single(a => a["id"]!.GetValue<string>() == "calc");
        Assert.Equal(v2["id"]!.GetValue<string>(), node["workflowDefinitionVersionId"]!.GetValue<string>());
        Assert.Equal(2, node["latestAvailablePublishedVersion"]!.GetValue<int>());
        Assert.Equal(42, await RunAsync(client, "auto-parent"));
    }

    [Fact]
    public async Task Descriptors_ChineseByDefault_EnglishWhenAcceptLanguageAsks()
    {
        var client = await app.ClientAsync("admin");
        static async Task<JsonObject> IfDescriptor(HttpClient client, string? language, string query = "")
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{Api}/descriptors/activities{query}");
            if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
            using var response = await client.SendAsync(request);
            var items = (await response.Content.ReadFromJsonAsync<JsonObject>())!["items"]!.AsArray().OfType<JsonObject>();
            return items.Single(d => d["typeName"]!.GetValue<string>() == "Elsa.If");
        }

        var zh = await IfDescriptor(client, null);
        var zhBrowser = await IfDescriptor(client, "zh-CN,zh;q=0.9");
        var en = await IfDescriptor(client, "en-US,en;q=0.9");
        // An explicit choice (the page's language switch) wins over the browser's header.
        var chosen = await IfDescriptor(client, "en-US,en;q=0.9", "?lang=zh-CN");

        Assert.Equal("如果", zh["displayName"]!.GetValue<string>());
        Assert.Equal("分支", zh["category"]!.GetValue<string>());
        Assert.Equal("如果", zhBrowser["displayName"]!.GetValue<string>());
        Assert.Equal("如果", chosen["displayName"]!.GetValue<string>());
        Assert.Equal("If", en["displayName"]!.GetValue<string>());
        Assert.Equal("Branching", en["category"]!.GetValue<string>());
        Assert.Equal("Evaluate a Boolean condition to determine which activity to execute next.", en["description"]!.GetValue<string>());
    }
}
