using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workflows.Engine.Model;

/// <summary>
/// The shapes of Elsa 3 definition JSON, in both directions. Reading accepts what older Elsa 3 releases and tools
/// write; writing produces what Elsa 3.x's own exporter writes, so an export here imports into an Elsa server.
/// </summary>
public static class ElsaDialect
{
    /// <summary>elsa-core src/modules/Elsa.Workflows.Management/Services/WorkflowDefinitionExporter.cs writes this first.</summary>
    public const string SchemaUrl = "https://elsaworkflows.io/schemas/workflow-definition/v3.0.0/schema.json";

    /// <summary>
    /// Elsa's storage drivers by their simple assembly-qualified names (how VariableDefinitionMapper writes them), and
    /// the short forms older tools and hand-written files use.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> StorageDrivers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core"] = "Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core",
        ["Elsa.Workflows.WorkflowInstanceStorageDriver"] = "Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core",
        ["WorkflowInstanceStorageDriver"] = "Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core",
        ["WorkflowInstance"] = "Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core",
        ["Elsa.Workflows.WorkflowStorageDriver, Elsa.Workflows.Core"] = "Elsa.Workflows.WorkflowStorageDriver, Elsa.Workflows.Core",
        ["Elsa.Workflows.WorkflowStorageDriver"] = "Elsa.Workflows.WorkflowStorageDriver, Elsa.Workflows.Core",
        ["WorkflowStorageDriver"] = "Elsa.Workflows.WorkflowStorageDriver, Elsa.Workflows.Core",
        ["Workflow"] = "Elsa.Workflows.WorkflowStorageDriver, Elsa.Workflows.Core",
        ["Elsa.Workflows.Services.MemoryStorageDriver, Elsa.Workflows.Core"] = "Elsa.Workflows.Services.MemoryStorageDriver, Elsa.Workflows.Core",
        ["MemoryStorageDriver"] = "Elsa.Workflows.Services.MemoryStorageDriver, Elsa.Workflows.Core",
        ["Memory"] = "Elsa.Workflows.Services.MemoryStorageDriver, Elsa.Workflows.Core",
    };

    /// <summary>
    /// Brings an incoming definition to the current shape, in place:
    /// <list type="bullet">
    /// <item>keeps a <c>$schema</c> header as it came (the exporter's; the model ignores it);</item>
    /// <item>gives every activity without <c>version</c> version 1 (elsa-core ActivityJsonConverter.GetActivityDetails
    /// then takes the latest; FlowchartJsonConverter defaults a flowchart's to 1);</item>
    /// <item>turns the older flat connections <c>{source, target, sourcePort, targetPort}</c> (ObsoleteConnectionJsonConverter)
    /// and the wrappers FlowchartJsonConverter.DeserializeConnections accepts (one object, <c>{"$values": [...]}</c>)
    /// into <c>{source:{activity, port}, target:{activity, port}}</c> (ConnectionJsonConverter);</item>
    /// <item>moves <c>root.variables</c> (the root container's variables) to the definition's variables.</item>
    /// </list>
    /// </summary>
    public static void Normalize(JsonObject definition)
    {
        if (definition.GetObject("root") is not { } root) return;
        NormalizeActivity(root);

        if (root["variables"] is JsonArray rootVariables)
        {
            root.Remove("variables");
            var variables = definition["variables"] as JsonArray;
            if (variables is null) definition["variables"] = variables = [];
            var names = variables.OfType<JsonObject>().Select(v => v.GetString("name")).ToHashSet(StringComparer.Ordinal);
            foreach (var variable in rootVariables.OfType<JsonObject>().ToList())
            {
                if (names.Contains(variable.GetString("name"))) continue;
                rootVariables.Remove(variable);
                variables.Add(variable);
            }
        }
    }

    private static void NormalizeActivity(JsonObject activity)
    {
        if (activity["version"] is null) activity["version"] = 1;
        if (activity.ContainsKey("connections")) activity["connections"] = NormalizeConnections(activity["connections"]);

        if (activity["activities"] is JsonArray children)
            foreach (var child in children.OfType<JsonObject>())
                if (LooksLikeActivity(child)) NormalizeActivity(child);

        foreach (var (name, value) in activity.ToList())
        {
            if (name is "activities" or "metadata" or "customProperties" or "connections" or "variables") continue;
            if (value is JsonObject embedded && LooksLikeActivity(embedded)) NormalizeActivity(embedded);
            // Switch cases and similar lists hold activities inside their items.
            if (value is JsonArray items)
                foreach (var item in items.OfType<JsonObject>())
                    foreach (var (_, inner) in item.ToList())
                        if (inner is JsonObject innerActivity && LooksLikeActivity(innerActivity)) NormalizeActivity(innerActivity);
        }
    }

    /// <summary>An activity has a string type and id; inputs ({typeName, expression}) and outputs have neither.</summary>
    private static bool LooksLikeActivity(JsonObject obj) =>
        obj["type"] is JsonValue type && type.GetValueKind() == JsonValueKind.String && obj["id"] is JsonValue id && id.GetValueKind() == JsonValueKind.String
        && !obj.ContainsKey("expression") && !obj.ContainsKey("typeName");

    private static JsonArray NormalizeConnections(JsonNode? connections)
    {
        var list = connections switch
        {
            JsonArray array => array,
            JsonObject wrapper when wrapper["$values"] is JsonArray values => values,
            JsonObject single when single.ContainsKey("source") => new JsonArray(single.DeepClone()),
            _ => new JsonArray(),
        };
        var result = new JsonArray();
        foreach (var item in list.ToList())
        {
            if (item is not JsonObject connection) continue;
            if (connection["source"] is JsonValue source && connection["target"] is JsonValue target)
            {
                var flat = new JsonObject
                {
                    ["source"] = new JsonObject { ["activity"] = source.DeepClone(), ["port"] = connection["sourcePort"]?.DeepClone() },
                    ["target"] = new JsonObject { ["activity"] = target.DeepClone(), ["port"] = connection["targetPort"]?.DeepClone() },
                };
                if (connection["vertices"] is JsonArray vertices) flat["vertices"] = vertices.DeepClone();
                result.Add(flat);
            }
            else
            {
                result.Add(connection.DeepClone());
            }
        }
        return result;
    }

    /// <summary>
    /// What Elsa 3.x's exporter writes (a copy): <c>$schema</c> first; an output whose <c>memoryReference</c> is null is
    /// left out (elsa-core OutputJsonConverter.Read reads memoryReference.id and cannot take a null); variable values as
    /// text (VariableDefinition.Value is a string); storage drivers by their assembly-qualified names.
    /// </summary>
    public static JsonObject ForExport(JsonObject definition)
    {
        var copy = (JsonObject)definition.DeepClone();
        var result = new JsonObject { ["$schema"] = SchemaUrl };
        foreach (var (name, value) in copy.ToList())
        {
            if (name == "$schema") continue;
            copy.Remove(name);
            result[name] = value;
        }
        if (result["variables"] is JsonArray variables)
            foreach (var variable in variables.OfType<JsonObject>())
                ExportVariable(variable);
        if (result.GetObject("root") is { } root) ExportActivity(root);
        return result;
    }

    private static void ExportVariable(JsonObject variable)
    {
        if (variable["value"] is JsonNode value && !(value is JsonValue v && v.GetValueKind() == JsonValueKind.String))
            variable["value"] = value is JsonValue scalar ? scalar.ToJsonString() : value.ToJsonString();
        if (variable.GetString("storageDriverTypeName") is { } driver)
            variable["storageDriverTypeName"] = StorageDrivers.TryGetValue(driver, out var full) ? full : driver;
    }

    private static void ExportActivity(JsonObject activity)
    {
        foreach (var (name, value) in activity.ToList())
        {
            if (name is "metadata" or "customProperties") continue;
            if (value is JsonObject obj)
            {
                if (obj.ContainsKey("typeName") && !obj.ContainsKey("expression") && obj.ContainsKey("memoryReference") && obj["memoryReference"] is null)
                    activity.Remove(name);
                else if (LooksLikeActivity(obj))
                    ExportActivity(obj);
            }
            else if (value is JsonArray items)
            {
                foreach (var item in items.OfType<JsonObject>())
                {
                    if (LooksLikeActivity(item)) ExportActivity(item);
                    else
                        foreach (var (_, inner) in item.ToList())
                            if (inner is JsonObject innerActivity && LooksLikeActivity(innerActivity)) ExportActivity(innerActivity);
                }
            }
        }
        if (activity["variables"] is JsonArray containerVariables)
            foreach (var variable in containerVariables.OfType<JsonObject>())
                ExportVariable(variable);
    }
}
