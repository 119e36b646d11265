using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace Workflows.Engine.Model;

/// <summary>
/// The one place that decides how the engine reads and writes JSON. Elsa's wire format is camelCase with
/// string enums; definitions are kept as <see cref="JsonNode"/> trees so that members the engine does not
/// understand survive a read/write round trip untouched.
/// </summary>
public static class EngineJson
{
    /// <summary>Options for typed (de)serialisation of engine records (state, journal payloads).</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions(indented: false);

    /// <summary>Same as <see cref="Options"/> but indented, for files people read (workflows/*.json).</summary>
    public static JsonSerializerOptions IndentedOptions { get; } = CreateOptions(indented: true);

    public static JsonNodeOptions NodeOptions { get; } = new() { PropertyNameCaseInsensitive = false };

    public static JsonDocumentOptions DocumentOptions { get; } = new()
    {
        // Hand-written definitions in workflows/ are strict JSON: comments would not survive the designer anyway.
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 256,
    };

    private static JsonSerializerOptions CreateOptions(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = indented,
            // Chinese text stays readable in stored JSON and files instead of \uXXXX escapes.
            Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: true));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Parses text into a node tree, turning the parser's exception into a clear <see cref="DefinitionFormatException"/>.</summary>
    public static JsonNode? ParseNode(string json, string what)
    {
        try
        {
            return JsonNode.Parse(json, NodeOptions, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw new DefinitionFormatException(
                $"{what} 不是合法的 JSON（第 {(ex.LineNumber ?? 0) + 1} 行，第 {(ex.BytePositionInLine ?? 0) + 1} 列）：{ex.Message}",
                $"{what} is not valid JSON (line {(ex.LineNumber ?? 0) + 1}, position {(ex.BytePositionInLine ?? 0) + 1}): {ex.Message}",
                ex);
        }
    }

    public static string Write(JsonNode? node, bool indented = false) =>
        node?.ToJsonString(indented ? IndentedOptions : Options) ?? "null";

    public static string? GetString(this JsonObject obj, string name) =>
        obj.TryGetPropertyValue(name, out var v) && v is JsonValue jv && jv.TryGetValue<string>(out var s) ? s : null;

    public static bool? GetBool(this JsonObject obj, string name)
    {
        if (!obj.TryGetPropertyValue(name, out var v) || v is not JsonValue jv) return null;
        if (jv.TryGetValue<bool>(out var b)) return b;
        return jv.TryGetValue<string>(out var s) && bool.TryParse(s, out var parsed) ? parsed : null;
    }

    public static int? GetInt(this JsonObject obj, string name)
    {
        if (!obj.TryGetPropertyValue(name, out var v) || v is not JsonValue jv) return null;
        if (jv.TryGetValue<int>(out var i)) return i;
        if (jv.GetValueKind() != JsonValueKind.Number) return null;
        var d = double.Parse(jv.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);
        return d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue ? (int)d : null;
    }

    public static JsonObject? GetObject(this JsonObject obj, string name) =>
        obj.TryGetPropertyValue(name, out var v) ? v as JsonObject : null;

    public static JsonArray? GetArray(this JsonObject obj, string name) =>
        obj.TryGetPropertyValue(name, out var v) ? v as JsonArray : null;

    /// <summary>Returns the object member, creating it when it is missing or not an object.</summary>
    public static JsonObject GetOrAddObject(this JsonObject obj, string name)
    {
        if (obj.TryGetPropertyValue(name, out var v) && v is JsonObject existing) return existing;
        var created = new JsonObject();
        obj[name] = created;
        return created;
    }

    public static JsonArray GetOrAddArray(this JsonObject obj, string name)
    {
        if (obj.TryGetPropertyValue(name, out var v) && v is JsonArray existing) return existing;
        var created = new JsonArray();
        obj[name] = created;
        return created;
    }

    /// <summary>Elsa derives JSON member names with Humanizer's Camelize: only the first letter is lowered.</summary>
    public static string Camelize(string name) =>
        string.IsNullOrEmpty(name) || char.IsLower(name[0]) ? name : char.ToLowerInvariant(name[0]) + name[1..];

    public static string Pascalize(string name) =>
        string.IsNullOrEmpty(name) || char.IsUpper(name[0]) ? name : char.ToUpperInvariant(name[0]) + name[1..];
}

/// <summary>A definition or payload that cannot be read. Carries a Chinese and an English message.</summary>
public sealed class DefinitionFormatException : Exception
{
    public DefinitionFormatException(string message, string messageEn, Exception? inner = null) : base(message, inner) => MessageEn = messageEn;

    public DefinitionFormatException() : this("定义格式错误", "Malformed definition") { }

    public DefinitionFormatException(string message) : this(message, message) { }

    public DefinitionFormatException(string message, Exception inner) : this(message, message, inner) { }

    public string MessageEn { get; }
}
