using System.Text.Json.Nodes;
using Workflows.Engine.Activities;
using Workflows.Engine.Model;
using Workflows.Runtime.Persistence;

namespace Workflows.Server.Elsa.WorkflowDefinitions;

/// <summary>
/// Turns a stored definition version into what Studio reads (elsa-studio-api.md §5.1) and a posted model back into
/// what the store keeps. The stored JSON stays the source of truth: everything Studio sends is kept as it came,
/// only the members the server owns are set here.
/// </summary>
public static class DefinitionWire
{
    public const string NotFoundType = "Elsa.NotFoundActivity";

    /// <summary>Members the server decides; a posted model's values for them are not trusted or stored.</summary>
    public static readonly string[] ServerOwned = ["id", "version", "createdAt", "isLatest", "isPublished", "links", "materializerName", "materializerContext", "providerName"];

    /// <summary>The full definition with links and nodeIds, ready for Studio.</summary>
    public static JsonObject ToWire(DefinitionRecord record, ActivityRegistry registry)
    {
        var json = JsonNode.Parse(record.Json) as JsonObject ?? [];
        json["id"] = record.Id;
        json["definitionId"] = record.DefinitionId;
        json["version"] = record.Version;
        json["createdAt"] = Timestamp(record.CreatedAt);
        json["isLatest"] = record.IsLatest;
        json["isPublished"] = record.IsPublished;
        foreach (var name in new[] { "name", "description", "toolVersion" })
            if (!json.ContainsKey(name)) json[name] = null;
        json["isReadonly"] = json.GetBool("isReadonly") ?? false;
        json["isSystem"] = record.IsSystem;
        foreach (var name in new[] { "variables", "inputs", "outputs", "outcomes" })
            if (json[name] is not JsonArray) json[name] = new JsonArray();
        foreach (var name in new[] { "customProperties", "options" })
            if (json[name] is not JsonObject) json[name] = new JsonObject();
        json["materializerName"] = "Json";
        json["links"] = Links(record.DefinitionId);

        if (json.GetObject("root") is { } root)
        {
            if (ForStudio(root, registry, siblings: null) is var mapped && !ReferenceEquals(mapped, root)) json["root"] = mapped;
            WorkflowDefinition.FromJson(json).AssignNodeIds();
        }
        return json;
    }

    /// <summary>A list row (WorkflowDefinitionSummary, §5.5); built from columns, the JSON is not parsed.</summary>
    public static JsonObject Summary(DefinitionRecord record, string? toolVersion = null) => new()
    {
        ["id"] = record.Id,
        ["definitionId"] = record.DefinitionId,
        ["name"] = record.Name ?? record.DefinitionId,
        ["description"] = record.Description,
        ["version"] = record.Version,
        ["toolVersion"] = toolVersion,
        ["isLatest"] = record.IsLatest,
        ["isPublished"] = record.IsPublished,
        ["isReadonly"] = false,
        ["providerName"] = "Default",
        ["materializerName"] = "Json",
        ["isMaterializerAvailable"] = true,
        ["createdAt"] = Timestamp(record.CreatedAt),
        ["links"] = Links(record.DefinitionId),
    };

    /// <summary>Studio edits only when <c>links</c> holds <c>rel:"publish"</c> (pitfall 5); the rest mirror Elsa's linker.</summary>
    public static JsonArray Links(string definitionId)
    {
        var id = Uri.EscapeDataString(definitionId);
        return
        [
            ElsaJson.Link($"/workflow-definitions/by-definition-id/{id}", "self", "GET"),
            ElsaJson.Link($"/workflow-definitions/{id}/execute", "execute", "POST"),
            ElsaJson.Link($"/workflow-definitions/{id}/dispatch", "dispatch", "POST"),
            ElsaJson.Link($"/workflow-definitions/{id}/export", "export", "GET"),
            ElsaJson.Link($"/workflow-definitions/{id}/publish", "publish", "POST"),
            ElsaJson.Link($"/workflow-definitions/{id}/retract", "retract", "POST"),
            ElsaJson.Link($"/workflow-definitions/{id}", "delete", "DELETE"),
            ElsaJson.Link($"/workflow-definitions/{id}/update-references", "update-references", "POST"),
        ];
    }

    /// <summary>The list's own links; without <c>bulk-publish</c> the list element is read-only.</summary>
    public static JsonArray ListLinks() =>
    [
        ElsaJson.Link("/workflow-definitions", "self", "GET"),
        ElsaJson.Link("/workflow-definitions/validation/is-name-unique", "is-name-unique", "GET"),
        ElsaJson.Link("/workflow-definitions/query/count", "count", "GET"),
        ElsaJson.Link("/workflow-definitions/many-by-id", "many-by-id", "GET"),
        ElsaJson.Link("/bulk-actions/delete/workflow-definitions/by-definition-id", "bulk-delete-by-definition-id", "POST"),
        ElsaJson.Link("/bulk-actions/delete/workflow-definitions/by-id", "bulk-delete-by-id", "POST"),
        ElsaJson.Link("/bulk-actions/publish/workflow-definitions/by-definition-ids", "bulk-publish", "POST"),
        ElsaJson.Link("/bulk-actions/retract/workflow-definitions/by-definition-ids", "bulk-retract", "POST"),
        ElsaJson.Link("/workflow-definitions/import", "import", "POST"),
        ElsaJson.Link("/workflow-definitions/import-files", "import-files", "POST"),
        ElsaJson.Link("/workflow-definitions", "create", "POST"),
    ];

    /// <summary>
    /// The model Studio posted, made ready for the store: server-owned members dropped, placeholders for
    /// activities of unknown types turned back into what was stored (so the validator names the real type).
    /// </summary>
    public static JsonObject FromWire(JsonObject model)
    {
        var json = (JsonObject)model.DeepClone();
        foreach (var name in ServerOwned.Where(n => n is not ("id" or "version" or "createdAt" or "isLatest" or "isPublished")))
            json.Remove(name);
        if (json.GetObject("root") is { } root && FromStudio(root) is var restored && !ReferenceEquals(restored, root)) json["root"] = restored;
        return json;
    }

    public static string Timestamp(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToString("O");

    /// <summary>
    /// Every (type, version) in the tree needs a descriptor or Studio draws an empty canvas without a word
    /// (pitfall 7). A type the engine runs under another version is shown with the version it will run; a type the
    /// engine does not know becomes Elsa's NotFoundActivity placeholder carrying the original JSON.
    /// </summary>
    private static JsonObject ForStudio(JsonObject activity, ActivityRegistry registry, JsonArray? siblings)
    {
        var type = ActivityJson.Type(activity);
        if (type != NotFoundType)
        {
            var found = registry.Find(type, ActivityJson.Version(activity));
            // A definition used as an activity keeps its own type and version: its descriptor comes from the definition.
            if (found is null && Engine.Activities.Builtin.WorkflowDefinitionActivity.IsDefinitionNode(activity)) return activity;
            if (found is null) return NotFound(activity, siblings);
            if (activity["version"] is not JsonValue v || !v.TryGetValue<int>(out var version) || version != found.Descriptor.Version)
                activity["version"] = found.Descriptor.Version;
        }

        if (type == WorkflowDefinition.FlowchartType)
        {
            // "Create workflow" posts a bare root; Elsa serialises every flowchart with both lists.
            if (activity["activities"] is not JsonArray) activity["activities"] = new JsonArray();
            if (activity["connections"] is not JsonArray) activity["connections"] = new JsonArray();
        }

        if (activity.GetArray("activities") is { } children)
        {
            var connections = activity.GetArray("connections");
            for (var i = 0; i < children.Count; i++)
                if (children[i] is JsonObject child && ActivityJson.IsActivity(child) && ForStudio(child, registry, connections) is var mapped && !ReferenceEquals(mapped, child))
                    children[i] = mapped;
        }
        foreach (var (name, value) in activity.ToList())
        {
            if (name is "activities" or "metadata" or "customProperties") continue;
            if (value is JsonObject embedded && ActivityJson.IsActivity(embedded) && ForStudio(embedded, registry, null) is var mapped && !ReferenceEquals(mapped, embedded))
                activity[name] = mapped;
        }
        return activity;
    }

    private static JsonObject NotFound(JsonObject original, JsonArray? connections)
    {
        var id = ActivityJson.Id(original);
        var type = ActivityJson.Type(original);
        var metadata = original.GetObject("metadata")?.DeepClone() as JsonObject ?? [];
        metadata["displayText"] = $"未知活动：{type}";
        metadata["description"] = $"引擎不认识类型 {type}（版本 {ActivityJson.Version(original)}），请删除或替换此活动后再保存。 / The engine does not know type {type}; remove or replace it before saving.";
        // Keep the outgoing connections drawable: the placeholder offers the ports they leave from.
        var ports = (connections ?? []).OfType<JsonObject>()
            .Where(c => c.GetObject("source")?.GetString("activity") == id)
            .Select(c => c.GetObject("source")?.GetString("port") ?? "Done")
            .Distinct(StringComparer.Ordinal).ToList();
        var placeholder = new JsonObject
        {
            ["id"] = id,
            ["nodeId"] = original.GetString("nodeId"),
            ["name"] = ActivityJson.Name(original) ?? id,
            ["type"] = NotFoundType,
            ["version"] = 1,
            ["customProperties"] = original.GetObject("customProperties")?.DeepClone() ?? new JsonObject(),
            ["metadata"] = metadata,
            ["missingTypeName"] = type,
            ["missingTypeVersion"] = ActivityJson.Version(original),
            ["originalActivityJson"] = original.ToJsonString(ElsaJson.Options),
            ["outcomes"] = new JsonObject
            {
                ["typeName"] = "String[]",
                ["expression"] = new JsonObject { ["type"] = "Object", ["value"] = ElsaJson.StringArray(ports).ToJsonString() },
            },
        };
        return placeholder;
    }

    private static JsonObject FromStudio(JsonObject activity)
    {
        if (ActivityJson.Type(activity) == NotFoundType && activity.GetString("originalActivityJson") is { } text
            && JsonNode.Parse(text) is JsonObject original)
        {
            // The user may have moved the placeholder; keep where it is now, and everything else as it was stored.
            if (activity.GetObject("metadata")?.GetObject("designer") is { } designer)
                original.GetOrAddObject("metadata")["designer"] = designer.DeepClone();
            original["id"] = activity.GetString("id") ?? ActivityJson.Id(original);
            return original;
        }

        if (activity.GetArray("activities") is { } children)
        {
            for (var i = 0; i < children.Count; i++)
                if (children[i] is JsonObject child && FromStudio(child) is var restored && !ReferenceEquals(restored, child))
                    children[i] = restored;
        }
        foreach (var (name, value) in activity.ToList())
        {
            if (name is "activities" or "metadata" or "customProperties") continue;
            if (value is JsonObject embedded && ActivityJson.IsActivity(embedded) && FromStudio(embedded) is var restored && !ReferenceEquals(restored, embedded))
                activity[name] = restored;
        }
        return activity;
    }
}
