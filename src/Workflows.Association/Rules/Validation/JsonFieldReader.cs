using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workflows.Association.Json;

namespace Workflows.Association.Rules.Validation;

/// <summary>
/// Reads typed fields out of a <see cref="JsonObject"/> and records one error per bad field, so that a
/// request with several mistakes gets all of them back at once instead of the serializer's first exception.
/// Unknown properties are ignored: a task form may send more than a check needs.
/// </summary>
internal sealed class JsonFieldReader
{
    public const string RootPath = "$";

    private readonly List<FieldError> errors = [];
    private readonly HashSet<string> reported = new(StringComparer.Ordinal);

    public IReadOnlyList<FieldError> Errors => errors;

    public static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;

    public void Error(string path, string message, string messageEn)
    {
        // One message per field: the first problem found is the one to fix.
        if (reported.Add(path))
        {
            errors.Add(new FieldError(path, message, messageEn));
        }
    }

    public JsonObject? Root(JsonNode? node)
    {
        if (node is JsonObject obj)
        {
            return obj;
        }

        Error(RootPath, "请求体必须为 JSON 对象", "the body must be a JSON object");
        return null;
    }

    public JsonObject? Object(JsonObject parent, string prefix, string name, bool required)
    {
        var path = Join(prefix, name);
        var node = Get(parent, name);
        if (node is null)
        {
            if (required)
            {
                Missing(path);
            }

            return null;
        }

        if (node is JsonObject obj)
        {
            return obj;
        }

        Error(path, "必须为对象", "must be an object");
        return null;
    }

    public bool? Bool(JsonObject parent, string prefix, string name, bool required)
    {
        var path = Join(prefix, name);
        var node = Get(parent, name);
        if (node is null)
        {
            if (required)
            {
                Missing(path);
            }

            return null;
        }

        var kind = node.GetValueKind();
        if (kind is JsonValueKind.True or JsonValueKind.False)
        {
            return kind == JsonValueKind.True;
        }

        Error(path, "必须为布尔值（true 或 false）", "must be a boolean (true or false)");
        return null;
    }

    /// <summary>A non-negative number, optionally a whole number and bounded above.</summary>
    public decimal? Number(JsonObject parent, string prefix, string name, bool required, bool integer = false, decimal? max = null)
    {
        var path = Join(prefix, name);
        var node = Get(parent, name);
        if (node is null)
        {
            if (required)
            {
                Missing(path);
            }

            return null;
        }

        if (node.GetValueKind() != JsonValueKind.Number)
        {
            Error(path, integer ? "必须为非负整数" : "必须为数字", integer ? "must be a non-negative integer" : "must be a number");
            return null;
        }

        // The raw text avoids depending on how the JsonValue stores the number (element, int, double…).
        if (!decimal.TryParse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            Error(path, "数值超出范围", "number out of range");
            return null;
        }

        if (value < 0)
        {
            Error(path, integer ? "必须为非负整数" : "必须为非负数", integer ? "must be a non-negative integer" : "must be a non-negative number");
            return null;
        }

        if (integer && (value != decimal.Truncate(value) || value > int.MaxValue))
        {
            Error(path, "必须为非负整数", "must be a non-negative integer");
            return null;
        }

        if (max is { } limit && value > limit)
        {
            var shown = limit.ToString("0.##", CultureInfo.InvariantCulture);
            Error(path, $"不能大于 {shown}", $"must not be greater than {shown}");
            return null;
        }

        return value;
    }

    public int? Integer(JsonObject parent, string prefix, string name, bool required, int? max = null) =>
        Number(parent, prefix, name, required, integer: true, max: max) is { } value ? (int)value : null;

    public TEnum? Enum<TEnum>(JsonObject parent, string prefix, string name, bool required)
        where TEnum : struct, Enum
    {
        var path = Join(prefix, name);
        var node = Get(parent, name);
        var allowed = string.Join(", ", EnumWire.Names<TEnum>());
        if (node is null)
        {
            if (required)
            {
                Error(path, $"必填，取值为以下之一：{allowed}", $"is required; one of: {allowed}");
            }

            return null;
        }

        if (node.GetValueKind() != JsonValueKind.String)
        {
            Error(path, $"必须为字符串，取值为以下之一：{allowed}", $"must be a string, one of: {allowed}");
            return null;
        }

        var text = node.GetValue<string>();
        if (EnumWire.TryFromWire<TEnum>(text, out var parsed))
        {
            return parsed;
        }

        Error(path, $"取值“{text}”无效，应为以下之一：{allowed}", $"invalid value '{text}'; expected one of: {allowed}");
        return null;
    }

    private void Missing(string path) => Error(path, "必填", "is required");

    /// <summary>The property's node; an explicit JSON null counts as missing.</summary>
    private static JsonNode? Get(JsonObject parent, string name) =>
        parent.TryGetPropertyValue(name, out var node) ? node : null;
}
