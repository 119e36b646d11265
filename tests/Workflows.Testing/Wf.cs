using System.Text.Json.Nodes;
using Workflows.Engine.Activities.Builtin;
using Workflows.Engine.Model;

namespace Workflows.Testing;

/// <summary>Builds Elsa 3 definition JSON by hand, the same shape Studio writes.</summary>
public static class Wf
{
    public static JsonObject Act(string id, string type, params (string Member, JsonNode? Value)[] members)
    {
        var activity = new JsonObject
        {
            ["id"] = id,
            ["type"] = type,
            ["version"] = 1,
            ["name"] = id,
            ["customProperties"] = new JsonObject(),
            ["metadata"] = new JsonObject { ["designer"] = new JsonObject { ["position"] = new JsonObject { ["x"] = 0, ["y"] = 0 } } },
        };
        foreach (var (member, value) in members) activity[member] = value;
        return activity;
    }

    public static JsonObject Lit(JsonNode? value, string typeName = "String") =>
        new() { ["typeName"] = typeName, ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = value }, ["memoryReference"] = null };

    public static JsonObject Js(string script, string typeName = "Object") =>
        new() { ["typeName"] = typeName, ["expression"] = new JsonObject { ["type"] = "JavaScript", ["value"] = script } };

    public static JsonObject Obj(string json, string typeName = "Object") =>
        new() { ["typeName"] = typeName, ["expression"] = new JsonObject { ["type"] = "Object", ["value"] = json } };

    public static JsonObject Conn(string from, string to, string port = "Done") => new()
    {
        ["source"] = new JsonObject { ["activity"] = from, ["port"] = port },
        ["target"] = new JsonObject { ["activity"] = to, ["port"] = "In" },
        ["vertices"] = new JsonArray(),
    };

    public static JsonObject Var(string name, string typeName, JsonNode? value = null) =>
        new() { ["id"] = name + "Id", ["name"] = name, ["typeName"] = typeName, ["isArray"] = false, ["value"] = value };

    public static JsonObject Flowchart(string id, IEnumerable<JsonObject> activities, IEnumerable<JsonObject> connections) => new()
    {
        ["type"] = "Elsa.Flowchart",
        ["version"] = 1,
        ["id"] = id,
        ["name"] = id,
        ["metadata"] = new JsonObject(),
        ["customProperties"] = new JsonObject(),
        ["activities"] = new JsonArray(activities.Select(a => (JsonNode)a).ToArray()),
        ["connections"] = new JsonArray(connections.Select(c => (JsonNode)c).ToArray()),
    };

    public static WorkflowDefinition Def(string definitionId, JsonObject[] activities, JsonObject[] connections, params JsonObject[] variables)
    {
        var json = new JsonObject
        {
            ["id"] = definitionId + "-v1",
            ["definitionId"] = definitionId,
            ["name"] = definitionId,
            ["version"] = 1,
            ["isLatest"] = true,
            ["isPublished"] = true,
            ["variables"] = new JsonArray(variables.Select(v => (JsonNode)v).ToArray()),
            ["inputs"] = new JsonArray(),
            ["outputs"] = new JsonArray(),
            ["outcomes"] = new JsonArray(),
            ["customProperties"] = new JsonObject(),
            ["options"] = new JsonObject(),
            ["root"] = Flowchart("flow1", activities, connections),
        };
        return WorkflowDefinition.FromJson(json);
    }

    public static JsonObject HumanTask(string id, string title, string role = "secretariat", params string[] outcomes) =>
        Act(id, HumanTaskActivity.TypeName,
            ("title", Lit(title)),
            ("candidateRole", Lit(role)),
            ("outcomes", Obj(new JsonArray((outcomes.Length == 0 ? ["Approve", "Reject"] : outcomes).Select(o => (JsonNode?)o).ToArray()).ToJsonString(), "String[]")));

    public static JsonObject WriteLine(string id, string text) => Act(id, "Elsa.WriteLine", ("text", Lit(text)));
}

