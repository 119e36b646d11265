using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using Workflows.Engine.Model;

namespace Workflows.Engine.Expressions;

/// <summary>
/// Values travel as JSON nodes (variables, inputs, outputs are all persisted as JSON). These helpers read them
/// as the CLR types activities want, with Elsa's type aliases (String, Boolean, Int32, TimeSpan...).
/// </summary>
public static class ValueConversion
{
    /// <summary>The Association works in China Standard Time; a date without an offset means Beijing time.</summary>
    public static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    public static string? ToText(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.GetValueKind() == JsonValueKind.True => "true",
        JsonValue v when v.GetValueKind() == JsonValueKind.False => "false",
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
        _ => node.ToJsonString(EngineJson.Options),
    };

    public static bool? ToBool(JsonNode? node)
    {
        if (node is not JsonValue v) return null;
        switch (v.GetValueKind())
        {
            case JsonValueKind.True: return true;
            case JsonValueKind.False: return false;
            case JsonValueKind.Number: return AsDouble(v) != 0;
            case JsonValueKind.String:
                var s = v.GetValue<string>().Trim();
                if (bool.TryParse(s, out var b)) return b;
                if (s is "1" or "yes" or "是") return true;
                if (s is "0" or "no" or "否" or "") return false;
                return null;
            default: return null;
        }
    }

    /// <summary>
    /// A JsonValue built from a CLR int refuses GetValue&lt;double&gt;; its JSON text is the one representation every
    /// numeric node shares.
    /// </summary>
    public static double AsDouble(JsonValue value) =>
        value.TryGetValue<double>(out var d) ? d : double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    public static double? ToNumber(JsonNode? node)
    {
        if (node is not JsonValue v) return null;
        if (v.GetValueKind() == JsonValueKind.Number) return AsDouble(v);
        if (v.TryGetValue<string>(out var s) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
        return null;
    }

    /// <summary>Accepts Elsa's "d.hh:mm:ss" and ISO 8601 durations ("P3D", "PT2H").</summary>
    public static TimeSpan? ToTimeSpan(JsonNode? node)
    {
        var text = ToText(node)?.Trim();
        if (string.IsNullOrEmpty(text)) return null;
        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var ts)) return ts;
        if (text.StartsWith('P') || text.StartsWith('-'))
        {
            try
            {
                return XmlConvert.ToTimeSpan(text);
            }
            catch (FormatException)
            {
                return null;
            }
        }
        return null;
    }

    public static DateTimeOffset? ToDateTimeOffset(JsonNode? node)
    {
        var text = ToText(node)?.Trim();
        if (string.IsNullOrEmpty(text)) return null;
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var parsed)) return null;
        var hasOffset = text.EndsWith('Z') || System.Text.RegularExpressions.Regex.IsMatch(text, @"[+-]\d{2}:?\d{2}$");
        return hasOffset
            ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces)
            : new DateTimeOffset(DateTime.SpecifyKind(parsed, DateTimeKind.Unspecified), ChinaOffset);
    }

    public static IReadOnlyList<string> ToStringList(JsonNode? node)
    {
        switch (node)
        {
            case null: return [];
            case JsonArray array: return array.Select(ToText).Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!).ToList();
            case JsonValue v when v.TryGetValue<string>(out var s):
                s = s.Trim();
                if (s.StartsWith('[') && TryParse(s) is JsonArray parsed) return ToStringList(parsed);
                return s.Split([',', '，', ';', '；', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            default: return ToText(node) is { Length: > 0 } text ? [text] : [];
        }
    }

    public static JsonArray? ToArray(JsonNode? node) => node switch
    {
        null => null,
        JsonArray a => a,
        JsonValue v when v.TryGetValue<string>(out var s) && s.TrimStart().StartsWith('[') => TryParse(s) as JsonArray,
        _ => null,
    };

    public static JsonNode? TryParse(string json)
    {
        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Elsa Studio stores literals as strings ("True", "42"); this turns one into the JSON value its declared
    /// type implies, so a Boolean variable holds true rather than "True".
    /// </summary>
    public static JsonNode? ConvertLiteral(JsonNode? value, string? typeName)
    {
        if (value is null) return null;
        var type = NormalizeType(typeName);
        if (value is not JsonValue v || !v.TryGetValue<string>(out var text)) return value.DeepClone();
        switch (type)
        {
            case "boolean":
                return ToBool(v) is { } b ? JsonValue.Create(b) : string.IsNullOrWhiteSpace(text) ? null : value.DeepClone();
            case "int32" or "int64" or "int16" or "double" or "decimal" or "single" or "number":
                if (string.IsNullOrWhiteSpace(text)) return null;
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                    ? (d == Math.Floor(d) && Math.Abs(d) < 9e15 ? JsonValue.Create((long)d) : JsonValue.Create(d))
                    : value.DeepClone();
            case "object" or "jsonobject" or "expandoobject" or "jsonnode":
                var trimmed = text.TrimStart();
                return trimmed.StartsWith('{') || trimmed.StartsWith('[') ? TryParse(text) ?? value.DeepClone() : value.DeepClone();
            default:
                if (IsArrayType(typeName) && text.TrimStart().StartsWith('[')) return TryParse(text) ?? value.DeepClone();
                return value.DeepClone();
        }
    }

    public static JsonNode? InitialVariableValue(VariableDefinition variable)
    {
        var typeName = variable.IsArray ? variable.TypeName + "[]" : variable.TypeName;
        return ConvertLiteral(variable.Value, typeName);
    }

    public static string NormalizeType(string? typeName)
    {
        if (string.IsNullOrEmpty(typeName)) return "object";
        var t = typeName;
        var comma = t.IndexOf(',', StringComparison.Ordinal);
        if (comma >= 0) t = t[..comma];
        var dot = t.LastIndexOf('.');
        if (dot >= 0) t = t[(dot + 1)..];
        return t.ToLowerInvariant();
    }

    public static bool IsArrayType(string? typeName) =>
        typeName is not null && (typeName.EndsWith("[]", StringComparison.Ordinal) || typeName.Contains("List", StringComparison.Ordinal) || typeName.Contains("Collection", StringComparison.Ordinal) || typeName.Contains("Enumerable", StringComparison.Ordinal));

    /// <summary>
    /// Checks that a JSON value fits a declared type, for workflow inputs given at start. Returns a message for
    /// people, or null when the value fits.
    /// </summary>
    public static string? CheckType(JsonNode? value, string? typeName, bool isArray)
    {
        if (value is null) return null;
        if (isArray || IsArrayType(typeName))
            return value is JsonArray ? null : "应为数组 / must be an array";
        var kind = value.GetValueKind();
        return NormalizeType(typeName) switch
        {
            "string" or "char" or "guid" => kind == JsonValueKind.String ? null : "应为字符串 / must be a string",
            "boolean" => kind is JsonValueKind.True or JsonValueKind.False ? null : "应为布尔值 / must be true or false",
            "int32" or "int64" or "int16" or "byte" => kind == JsonValueKind.Number && AsDouble(value.AsValue()) is var n && n == Math.Floor(n)
                ? null : "应为整数 / must be a whole number",
            "double" or "decimal" or "single" => kind == JsonValueKind.Number ? null : "应为数字 / must be a number",
            "datetime" or "datetimeoffset" => kind == JsonValueKind.String && ToDateTimeOffset(value) is not null
                ? null : "应为日期时间字符串 / must be a date-time string",
            "timespan" => kind == JsonValueKind.String && ToTimeSpan(value) is not null ? null : "应为时长字符串 / must be a duration string",
            _ => null,
        };
    }
}
