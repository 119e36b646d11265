using System.Text.Json.Nodes;

namespace Workflows.Engine.Model;

/// <summary>
/// An Elsa 3 workflow definition. The JSON tree is the source of truth: typed properties read and write
/// through it, so every member the engine does not use (designer metadata, Studio settings, future fields)
/// is kept exactly as it came in.
/// </summary>
public sealed class WorkflowDefinition
{
    public const string FlowchartType = "Elsa.Flowchart";

    private WorkflowDefinition(JsonObject json) => Json = json;

    public JsonObject Json { get; }

    public string DefinitionId
    {
        get => Json.GetString("definitionId") ?? "";
        set => Json["definitionId"] = value;
    }

    /// <summary>The id of this version (changes with every version).</summary>
    public string Id
    {
        get => Json.GetString("id") ?? "";
        set => Json["id"] = value;
    }

    public int Version
    {
        get => Json.GetInt("version") ?? 1;
        set => Json["version"] = value;
    }

    public string? Name
    {
        get => Json.GetString("name");
        set => Json["name"] = value;
    }

    public string? Description
    {
        get => Json.GetString("description");
        set => Json["description"] = value;
    }

    public bool IsLatest
    {
        get => Json.GetBool("isLatest") ?? false;
        set => Json["isLatest"] = value;
    }

    public bool IsPublished
    {
        get => Json.GetBool("isPublished") ?? false;
        set => Json["isPublished"] = value;
    }

    public JsonObject? Root => Json.GetObject("root");

    public JsonObject Options => Json.GetObject("options") ?? new JsonObject();

    public IReadOnlyList<VariableDefinition> Variables =>
        (Json.GetArray("variables") ?? []).OfType<JsonObject>().Select(VariableDefinition.FromJson).ToList();

    public IReadOnlyList<InputDefinition> Inputs =>
        (Json.GetArray("inputs") ?? []).OfType<JsonObject>().Select(InputDefinition.FromJson).ToList();

    public IReadOnlyList<string> Outcomes =>
        (Json.GetArray("outcomes") ?? []).Select(n => n?.GetValue<string>() ?? "").Where(s => s.Length > 0).ToList();

    /// <summary>The incident strategy chosen in the designer; anything but "continue" faults the instance.</summary>
    public bool ContinueOnIncident =>
        (Options.GetString("incidentStrategyType") ?? "").Contains("Continue", StringComparison.OrdinalIgnoreCase);

    public static WorkflowDefinition Parse(string json)
    {
        var node = EngineJson.ParseNode(json, "流程定义");
        if (node is not JsonObject obj)
            throw new DefinitionFormatException("流程定义必须是一个 JSON 对象。", "A workflow definition must be a JSON object.");
        return FromJson(obj);
    }

    /// <summary>
    /// Wraps a tree without copying it; the definition owns it from now on. Older Elsa dialects (flat connections,
    /// no versions, root variables, a <c>$schema</c> header) are brought to the current shape first.
    /// </summary>
    public static WorkflowDefinition FromJson(JsonObject json)
    {
        if (json.GetObject("root") is null)
            throw new DefinitionFormatException("流程定义缺少 root 活动。", "The workflow definition has no root activity.");
        ElsaDialect.Normalize(json);
        return new WorkflowDefinition(json);
    }

    public WorkflowDefinition DeepClone() => new((JsonObject)Json.DeepClone());

    public string ToJson(bool indented = false) => EngineJson.Write(Json, indented);

    /// <summary>
    /// Elsa Studio indexes activities by nodeId and crashes on a missing one; the convention is
    /// <c>Workflow1:&lt;rootId&gt;</c> for the root and <c>&lt;parent&gt;:&lt;id&gt;</c> below it.
    /// </summary>
    public void AssignNodeIds()
    {
        if (Root is { } root) AssignNodeIds(root, "Workflow1");
    }

    private static void AssignNodeIds(JsonObject activity, string parentNodeId)
    {
        var id = activity.GetString("id") ?? "";
        var nodeId = $"{parentNodeId}:{id}";
        activity["nodeId"] = nodeId;
        foreach (var child in ActivityJson.Children(activity))
            AssignNodeIds(child, nodeId);
    }
}

public sealed record VariableDefinition(string Id, string Name, string TypeName, bool IsArray, JsonNode? Value, string? StorageDriverTypeName)
{
    public static VariableDefinition FromJson(JsonObject json) => new(
        json.GetString("id") ?? json.GetString("name") ?? "",
        json.GetString("name") ?? "",
        json.GetString("typeName") ?? "Object",
        json.GetBool("isArray") ?? false,
        json["value"]?.DeepClone(),
        json.GetString("storageDriverTypeName"));
}

public sealed record InputDefinition(string Name, string Type, bool IsArray, string? DisplayName, string? Description, string? UiHint)
{
    public static InputDefinition FromJson(JsonObject json) => new(
        json.GetString("name") ?? "",
        json.GetString("type") ?? json.GetString("typeName") ?? "Object",
        json.GetBool("isArray") ?? false,
        json.GetString("displayName"),
        json.GetString("description"),
        json.GetString("uiHint"));
}

/// <summary>Helpers over the raw JSON of one activity.</summary>
public static class ActivityJson
{
    public static string Id(JsonObject activity) => activity.GetString("id") ?? "";

    public static string Type(JsonObject activity) => activity.GetString("type") ?? "";

    public static int Version(JsonObject activity) => activity.GetInt("version") ?? 1;

    public static string? Name(JsonObject activity) => activity.GetString("name");

    /// <summary>A name for people: the designer's display text, else the activity name, else its id.</summary>
    public static string Label(JsonObject activity) =>
        activity.GetObject("metadata")?.GetString("displayText") is { Length: > 0 } text ? text : Name(activity) ?? Id(activity);

    /// <summary>
    /// Activities nested directly under this one: a flowchart's (or sequence's) <c>activities</c>, and embedded
    /// ports wherever Elsa serialises them: a member (<c>body</c>, <c>then</c>), an array item (a fork's
    /// <c>branches</c>) or a member of an array item (a switch case's <c>activity</c>, a state's <c>entry</c>).
    /// </summary>
    public static IEnumerable<JsonObject> Children(JsonObject activity)
    {
        if (activity.GetArray("activities") is { } list)
            foreach (var child in list.OfType<JsonObject>())
                yield return child;
        foreach (var (_, embedded) in Embedded(activity))
            yield return embedded;
    }

    /// <summary>Embedded activities with their path (<c>then</c>, <c>branches[1]</c>, <c>cases[0].activity</c>).</summary>
    public static IEnumerable<(string Path, JsonObject Activity)> Embedded(JsonObject activity)
    {
        foreach (var (name, value) in activity)
        {
            if (name is "activities" or "connections" or "metadata" or "customProperties" or "root" or "variables") continue;
            foreach (var found in Walk(name, value, depth: 0))
                yield return found;
        }
    }

    private static IEnumerable<(string Path, JsonObject Activity)> Walk(string path, JsonNode? node, int depth)
    {
        switch (node)
        {
            case JsonObject obj when IsActivity(obj):
                yield return (path, obj);
                break;
            // Inputs (expression wrappers) never hold activities; two levels cover every Elsa shape.
            case JsonObject obj when depth < 2 && !obj.ContainsKey("expression"):
                foreach (var (name, value) in obj)
                    foreach (var found in Walk($"{path}.{name}", value, depth + 1))
                        yield return found;
                break;
            case JsonArray array when depth < 2:
                for (var i = 0; i < array.Count; i++)
                    foreach (var found in Walk($"{path}[{i}]", array[i], depth + 1))
                        yield return found;
                break;
        }
    }

    public static bool IsActivity(JsonObject obj) =>
        obj.ContainsKey("type") && obj.ContainsKey("id") && obj.ContainsKey("version") && obj["type"] is JsonValue;
}
