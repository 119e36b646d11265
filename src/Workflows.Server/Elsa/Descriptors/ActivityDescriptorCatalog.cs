using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Workflows.Engine.Activities;
using Workflows.Server.Elsa.WorkflowDefinitions;

namespace Workflows.Server.Elsa.Descriptors;

/// <summary>
/// The toolbox: one Elsa ActivityDescriptor (elsa-studio-api.md §6) per activity the engine runs, straight from the
/// <see cref="ActivityRegistry"/>, so the designer offers exactly what can run. Studio re-reads the list after every
/// auto-save (pitfall 25); the registry never changes after start, so the UTF-8 body is built once per culture.
/// </summary>
public sealed class ActivityDescriptorCatalog(ActivityRegistry registry)
{
    /// <summary>Activities whose outgoing call runs under a resilience strategy (Workflows.Engine/Resilience/Resilience.cs).</summary>
    private static readonly HashSet<string> Resilient = ["Elsa.SendHttpRequest", "Elsa.FlowSendHttpRequest", "Elsa.DownloadHttpFile"];

    private readonly ConcurrentDictionary<string, byte[]> _bodies = new(StringComparer.Ordinal);

    public byte[] Body(string culture) =>
        _bodies.GetOrAdd(culture, c => Encoding.UTF8.GetBytes(ElsaJson.List(Describe(c)).ToJsonString(ElsaJson.Options)));

    public IEnumerable<JsonNode> Describe(string culture) =>
        registry.All
            .Select(a => a.Descriptor)
            .OrderBy(d => d.Category.For(culture), StringComparer.Ordinal)
            .ThenBy(d => d.TypeName, StringComparer.Ordinal)
            .Select(d => (JsonNode)ToJson(d, culture))
            .Append(NotFoundDescriptor(culture));

    public static JsonObject ToJson(ActivityDescriptor d, string culture)
    {
        var construction = d.ConstructionProperties?.DeepClone() as JsonObject ?? [];
        // A task dropped from the toolbox gets the outcomes the engine would use anyway, so its ports show at once
        // (Studio draws dynamic-outcome ports from the activity's own value, §6.3).
        foreach (var input in d.Inputs.Where(i => i.UiHint == "dynamic-outcomes" && i.DefaultValue is JsonArray))
        {
            var member = Engine.Model.EngineJson.Camelize(input.Name);
            if (construction.ContainsKey(member)) continue;
            construction[member] = new JsonObject
            {
                ["typeName"] = input.TypeName,
                ["expression"] = new JsonObject { ["type"] = "Object", ["value"] = input.DefaultValue!.ToJsonString() },
                ["memoryReference"] = null,
            };
        }

        return new JsonObject
        {
            ["typeName"] = d.TypeName,
            ["namespace"] = d.Namespace,
            ["name"] = d.Name,
            ["version"] = d.Version,
            ["category"] = d.Category.For(culture),
            ["displayName"] = d.DisplayName.For(culture),
            ["description"] = d.Description.For(culture),
            ["kind"] = d.Kind.ToString(),
            ["inputs"] = new JsonArray(d.Inputs.Select((input, index) => (JsonNode?)Input(input, index, culture)).ToArray()),
            ["outputs"] = new JsonArray(d.Outputs.Select((output, index) => (JsonNode?)Output(output, index, culture)).ToArray()),
            ["ports"] = new JsonArray(d.Ports.Select(p => (JsonNode?)new JsonObject
            {
                ["name"] = p.Name,
                ["displayName"] = p.DisplayName.For(culture),
                ["type"] = p.Type.ToString(),
                ["isBrowsable"] = p.IsBrowsable,
            }).ToArray()),
            // Resilient: Studio offers its Resilience tab (elsa-studio-api.md §4.1); the activities that call out over HTTP honour it.
            ["customProperties"] = Resilient.Contains(d.TypeName) ? new JsonObject { ["Resilient"] = true } : new JsonObject(),
            ["constructionProperties"] = construction,
            ["isContainer"] = d.IsContainer,
            ["isBrowsable"] = d.IsBrowsable,
            ["isStart"] = d.IsStart,
            ["isTerminal"] = d.IsTerminal,
            ["runAsynchronously"] = false,
        };
    }

    private static JsonObject Input(InputDescriptor input, int index, string culture) => new()
    {
        ["name"] = input.Name,
        ["typeName"] = input.TypeName,
        ["displayName"] = input.DisplayName.For(culture),
        ["description"] = input.Description.For(culture),
        ["order"] = input.Order == 0 ? index : input.Order,
        // Studio hides inputs unless isBrowsable is literally true (§6.2).
        ["isBrowsable"] = true,
        ["isSynthetic"] = false,
        ["isSerializable"] = true,
        ["isWrapped"] = input.IsWrapped,
        ["uiHint"] = input.UiHint,
        ["category"] = input.Category,
        ["defaultValue"] = input.DefaultValue?.DeepClone(),
        ["defaultSyntax"] = input.DefaultSyntax ?? "Literal",
        ["isReadOnly"] = false,
        ["isSensitive"] = false,
        ["storageDriverType"] = null,
        ["uiSpecifications"] = input.UiSpecifications?.DeepClone(),
    };

    private static JsonObject Output(OutputDescriptor output, int index, string culture) => new()
    {
        ["name"] = output.Name,
        ["typeName"] = output.TypeName,
        ["displayName"] = output.DisplayName.For(culture),
        ["description"] = output.Description.For(culture),
        ["order"] = index,
        ["isBrowsable"] = true,
        ["isSynthetic"] = false,
        ["isSerializable"] = true,
    };

    /// <summary>
    /// Elsa's placeholder for stored activities of a type the engine does not know (DefinitionWire.NotFound). Its
    /// hidden dynamic-outcomes input gives it the ports its connections leave from.
    /// </summary>
    private static JsonObject NotFoundDescriptor(string culture) => new()
    {
        ["typeName"] = DefinitionWire.NotFoundType,
        ["namespace"] = "Elsa",
        ["name"] = "NotFoundActivity",
        ["version"] = 1,
        ["category"] = new LocalizedText("系统", "System").For(culture),
        ["displayName"] = new LocalizedText("未知活动", "Not found").For(culture),
        ["description"] = new LocalizedText("引擎不认识的活动类型的占位，删除或替换后才能保存。", "Placeholder for an activity type the engine does not know; remove or replace it to save.").For(culture),
        ["kind"] = "Action",
        ["inputs"] = new JsonArray(new JsonObject
        {
            ["name"] = "Outcomes",
            ["typeName"] = "String[]",
            ["displayName"] = "Outcomes",
            ["description"] = null,
            ["order"] = 0,
            ["isBrowsable"] = false,
            ["isSynthetic"] = false,
            ["isSerializable"] = true,
            ["isWrapped"] = true,
            ["uiHint"] = "dynamic-outcomes",
            ["category"] = null,
            ["defaultValue"] = null,
            ["defaultSyntax"] = "Object",
            ["isReadOnly"] = true,
            ["isSensitive"] = false,
            ["storageDriverType"] = null,
            ["uiSpecifications"] = null,
        }),
        ["outputs"] = new JsonArray(),
        ["ports"] = new JsonArray(),
        ["customProperties"] = new JsonObject(),
        ["constructionProperties"] = new JsonObject(),
        ["isContainer"] = false,
        ["isBrowsable"] = false,
        ["isStart"] = false,
        ["isTerminal"] = false,
        ["runAsynchronously"] = false,
    };
}
