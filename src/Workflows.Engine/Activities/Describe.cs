using System.Text.Json.Nodes;

namespace Workflows.Engine.Activities;

/// <summary>Short-hands that keep activity descriptors readable.</summary>
public static class Describe
{
    public static InputDescriptor Input(
        string name, string typeName, string zh, string en, string descriptionZh, string descriptionEn,
        string uiHint = "singleline", JsonNode? defaultValue = null, bool isWrapped = true, JsonObject? uiSpecifications = null,
        string? defaultSyntax = null, bool required = false, int order = 0) =>
        new(name, typeName, new LocalizedText(zh, en), new LocalizedText(descriptionZh, descriptionEn), uiHint, isWrapped, defaultValue, defaultSyntax, uiSpecifications, null, required, order);

    public static OutputDescriptor Output(string name, string typeName, string zh, string en, string descriptionZh = "", string descriptionEn = "") =>
        new(name, typeName, new LocalizedText(zh, en), new LocalizedText(descriptionZh, descriptionEn));

    public static PortDescriptor Flow(string name, string zh, string en) => new(name, new LocalizedText(zh, en));

    public static PortDescriptor Embedded(string name, string zh, string en) => new(name, new LocalizedText(zh, en), PortType.Embedded);

    /// <summary>uiSpecifications for a dropdown, keyed by hint name as Studio reads them.</summary>
    public static JsonObject Dropdown(params (string Value, string Text)[] items) => new()
    {
        ["dropdown"] = new JsonObject
        {
            ["selectList"] = new JsonObject
            {
                ["items"] = new JsonArray(items.Select(i => (JsonNode)new JsonObject { ["text"] = i.Text, ["value"] = i.Value }).ToArray()),
                ["isFlagsEnum"] = false,
            },
        },
    };

    public static JsonObject CodeEditor(string language) => new()
    {
        ["code-editor"] = new JsonObject { ["language"] = language },
    };

    public static JsonArray Strings(params string[] values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
