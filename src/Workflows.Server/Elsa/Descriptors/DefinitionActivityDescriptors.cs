using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Workflows.Engine.Activities;
using Workflows.Engine.Activities.Builtin;
using Workflows.Engine.Model;
using Workflows.Runtime.Persistence;

namespace Workflows.Server.Elsa.Descriptors;

/// <summary>
/// The toolbox entries of definitions usable as activities (Studio's "Usable as activity" switch), as elsa-core's
/// WorkflowDefinitionActivityProvider and WorkflowDefinitionActivityDescriptorFactory make them: one descriptor per
/// version of such a definition (Studio needs one for every (type, version) on its canvas), browsable only for the
/// published version; type = the definition's name in Pascal case; inputs, outputs and outcomes from the definition;
/// dropped from the toolbox, the node carries <c>workflowDefinitionId</c>, <c>workflowDefinitionVersionId</c> and
/// <c>latestAvailablePublishedVersion</c>.
/// </summary>
public static partial class DefinitionActivityDescriptors
{
    public static async Task<IReadOnlyList<JsonObject>> DescribeAsync(WorkflowsDbContext db, string culture, CancellationToken cancellationToken)
    {
        // A handful of rows: the option lives in the JSON, so filter on its text first, then read it properly.
        var rows = await db.Definitions.AsNoTracking().Where(d => d.Json.Contains("\"usableAsActivity\":true")).ToListAsync(cancellationToken);
        var result = new List<JsonObject>();
        foreach (var group in rows.GroupBy(r => r.DefinitionId))
        {
            var published = group.FirstOrDefault(r => r.IsPublished);
            foreach (var row in group)
            {
                if (JsonNode.Parse(row.Json) is not JsonObject json || json.GetObject("options")?.GetBool("usableAsActivity") != true) continue;
                result.Add(Describe(row, json, published ?? row, culture));
            }
        }
        return result;
    }

    /// <summary>Humanizer's Pascalize, as Elsa names the activity type: words joined, each first letter upper case.</summary>
    public static string TypeNameFor(string? definitionName) =>
        WordStart().Replace(definitionName ?? "", m => m.Groups[1].Value.ToUpperInvariant());

    private static JsonObject Describe(DefinitionRecord row, JsonObject json, DefinitionRecord latestPublished, string culture)
    {
        var name = row.Name ?? row.DefinitionId;
        var typeName = TypeNameFor(name);
        var category = json.GetObject("options")?.GetString("activityCategory") is { Length: > 0 } own ? new LocalizedText(own, own) : Categories.Workflows;
        var descriptor = new ActivityDescriptor
        {
            TypeName = typeName,
            Version = row.Version,
            Name = typeName,
            Category = category,
            DisplayName = new(name, name),
            Description = new(row.Description ?? "", row.Description ?? ""),
            Kind = ActivityKind.Action,
            IsBrowsable = row.IsPublished,
            Inputs = (json.GetArray("inputs") ?? []).OfType<JsonObject>().Select(Input).ToList(),
            Outputs = (json.GetArray("outputs") ?? []).OfType<JsonObject>().Select(Output).ToList(),
            Ports =
            [
                new PortDescriptor("Root", new("Root", "Root"), PortType.Embedded, IsBrowsable: false),
                .. ValueConversion(json.GetArray("outcomes")).Select(o => new PortDescriptor(o, new(o, o))),
            ],
            ConstructionProperties = new JsonObject
            {
                ["workflowDefinitionId"] = row.DefinitionId,
                ["workflowDefinitionVersionId"] = row.Id,
                ["latestAvailablePublishedVersion"] = latestPublished.Version,
                ["latestAvailablePublishedVersionId"] = latestPublished.Id,
            },
        };
        var wire = ActivityDescriptorCatalog.ToJson(descriptor, culture);
        wire["customProperties"] = new JsonObject
        {
            ["RootType"] = "WorkflowDefinitionActivity",
            ["WorkflowDefinitionId"] = row.DefinitionId,
            ["WorkflowDefinitionVersionId"] = row.Id,
        };
        foreach (var input in wire["inputs"]!.AsArray().OfType<JsonObject>()) input["isSynthetic"] = true;
        foreach (var output in wire["outputs"]!.AsArray().OfType<JsonObject>()) output["isSynthetic"] = true;
        return wire;
    }

    private static IEnumerable<string> ValueConversion(JsonArray? outcomes) =>
        (outcomes ?? []).Select(o => o is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>().Where(s => s.Length > 0);

    private static InputDescriptor Input(JsonObject input)
    {
        var name = input.GetString("name") ?? "";
        var label = input.GetString("displayName") is { Length: > 0 } d ? d : name;
        var description = input.GetString("description") ?? "";
        return new InputDescriptor(name, input.GetString("type") ?? "Object", new(label, label), new(description, description),
            UiHint: input.GetString("uiHint") is { Length: > 0 } hint ? hint : "singleline", Category: input.GetString("category"));
    }

    private static OutputDescriptor Output(JsonObject output)
    {
        var name = output.GetString("name") ?? "";
        var label = output.GetString("displayName") is { Length: > 0 } d ? d : name;
        var description = output.GetString("description") ?? "";
        return new OutputDescriptor(name, output.GetString("type") ?? "Object", new(label, label), new(description, description));
    }

    [GeneratedRegex("(?:^|_| +)(.)")]
    private static partial Regex WordStart();
}
