using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workflows.Engine.Execution;
using Workflows.Engine.Model;
using Workflows.Runtime.Execution;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Alterations;

/// <summary>A plan's alterations as the engine and runtime take them.</summary>
public sealed record ParsedAlterations(IReadOnlyList<StateAlteration> Alterations, MigrationRequest? Migration);

/// <summary>Thrown for a plan or filter that cannot be read; the message is for people.</summary>
public sealed class AlterationFormatException(string message) : Exception(message);

/// <summary>
/// Elsa's alteration JSON: an array of objects with the discriminator <c>type</c> (elsa-core
/// src/modules/Elsa.Alterations.Core/Serialization/AlterationSerializationOptionConfigurator.cs names each type by
/// its class name) and the properties of src/modules/Elsa.Alterations/AlterationTypes/*.cs, camel-cased. Migrate
/// takes an extra <c>activityIdMap</c> ({oldId: newId}) for activities whose ids changed between versions.
/// </summary>
public static class AlterationJson
{
    public const int MaxAlterations = 100;

    public static ParsedAlterations Parse(JsonNode? node)
    {
        if (node is not JsonArray items || items.Count == 0)
            throw new AlterationFormatException("alterations 须为非空数组。 / alterations must be a non-empty array.");
        if (items.Count > MaxAlterations)
            throw new AlterationFormatException($"一次最多 {MaxAlterations} 项修改。 / At most {MaxAlterations} alterations at once.");
        var list = new List<StateAlteration>();
        MigrationRequest? migration = null;
        foreach (var item in items)
        {
            if (item is not JsonObject o) throw new AlterationFormatException("每项修改须为对象。 / Each alteration must be an object.");
            var type = Get(o, "type") ?? Get(o, "$type");
            switch (type)
            {
                case "ModifyVariable":
                    list.Add(new ModifyVariableAlteration(Get(o, "variableId") ?? throw Missing(type, "variableId"), Prop(o, "value")?.DeepClone()));
                    break;
                case "ScheduleActivity":
                    list.Add(new ScheduleActivityAlteration(Get(o, "activityId"), Get(o, "activityInstanceId")));
                    break;
                case "CancelActivity":
                    list.Add(new CancelActivityAlteration(Get(o, "activityId"), Get(o, "activityInstanceId")));
                    break;
                case "Migrate":
                    if (migration is not null) throw new AlterationFormatException("一个计划只能迁移一次。 / A plan migrates once.");
                    var version = Prop(o, "targetVersion") is JsonValue v && v.TryGetValue<int>(out var n) ? n : throw Missing(type, "targetVersion");
                    var map = new Dictionary<string, string>(StringComparer.Ordinal);
                    if (Prop(o, "activityIdMap") is JsonObject m)
                        foreach (var (from, to) in m)
                            map[from] = to is JsonValue tv && tv.TryGetValue<string>(out var s) && s.Length > 0 ? s : throw Missing(type, $"activityIdMap.{from}");
                    migration = new MigrationRequest(version, map);
                    break;
                default:
                    throw new AlterationFormatException($"未知的修改类型 {type ?? "(无)"}；可用 ModifyVariable、ScheduleActivity、CancelActivity、Migrate。 / Unknown alteration type {type ?? "(none)"}; use ModifyVariable, ScheduleActivity, CancelActivity or Migrate.");
            }
        }
        return new ParsedAlterations(list, migration);
    }

    private static AlterationFormatException Missing(string type, string property) =>
        new($"{type} 缺少 {property}。 / {type} needs {property}.");

    private static JsonNode? Prop(JsonObject o, string name) =>
        o.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    private static string? Get(JsonObject o, string name) =>
        Prop(o, name) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>
    /// Instances matching Elsa's AlterationWorkflowInstanceFilter (elsa-core
    /// src/modules/Elsa.Alterations.Core/Models/AlterationWorkflowInstanceFilter.cs). An empty filter selects nothing
    /// unless <c>emptyFilterSelectsAll</c>, as in Elsa's WorkflowInstanceFinder.
    /// </summary>
    public static IQueryable<InstanceRecord> Apply(IQueryable<InstanceRecord> query, JsonObject? filter)
    {
        filter ??= [];
        var any = false;
        if (Strings(filter, "workflowInstanceIds") is { } ids) { query = query.Where(i => ids.Contains(i.Id)); any = true; }
        if (Strings(filter, "correlationIds") is { } correlations) { query = query.Where(i => i.CorrelationId != null && correlations.Contains(i.CorrelationId)); any = true; }
        if (Strings(filter, "names") is { } names) { query = query.Where(i => i.Name != null && names.Contains(i.Name)); any = true; }
        if (Strings(filter, "definitionIds") is { } definitions) { query = query.Where(i => definitions.Contains(i.DefinitionId)); any = true; }
        if (Strings(filter, "definitionVersionIds") is { } versions) { query = query.Where(i => versions.Contains(i.DefinitionVersionId)); any = true; }
        if (Strings(filter, "statuses") is { } statuses) { query = query.Where(i => statuses.Contains(i.Status)); any = true; }
        if (Strings(filter, "subStatuses") is { } subStatuses) { query = query.Where(i => subStatuses.Contains(i.SubStatus)); any = true; }
        if (Get(filter, "searchTerm") is { Length: > 0 } term)
        {
            query = query.Where(i => i.Id.Contains(term) || (i.Name != null && i.Name.Contains(term)) || (i.CorrelationId != null && i.CorrelationId.Contains(term)));
            any = true;
        }
        if (Prop(filter, "hasIncidents") is JsonValue hv && hv.TryGetValue<bool>(out var hasIncidents))
        {
            query = hasIncidents ? query.Where(i => i.IncidentCount > 0) : query.Where(i => i.IncidentCount == 0);
            any = true;
        }
        var all = Prop(filter, "emptyFilterSelectsAll") is JsonValue av && av.TryGetValue<bool>(out var a) && a;
        return any || all ? query : query.Where(_ => false);
    }

    private static List<string>? Strings(JsonObject o, string name) =>
        Prop(o, name) is JsonArray a && a.Count > 0
            ? a.Select(x => x is JsonValue v && v.TryGetValue<string>(out var s) ? s : x?.ToString()).OfType<string>().ToList()
            : null;

    public static JsonObject LogEntry(string message, string level, DateTime timestamp, string? eventName = null) => new()
    {
        ["message"] = message,
        ["logLevel"] = level,
        ["timestamp"] = new DateTimeOffset(timestamp, TimeSpan.Zero).ToString("O"),
        ["eventName"] = eventName,
    };

    public static JsonNode? ReadLog(string? logJson) => logJson is null ? new JsonArray() : JsonNode.Parse(logJson);

    public static string Write(JsonNode node) => EngineJson.Write(node);
}
