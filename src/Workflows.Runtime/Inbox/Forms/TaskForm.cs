using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workflows.Engine.Expressions;
using Workflows.Engine.Model;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Inbox;

public enum FieldMode
{
    Editable,
    ReadOnly,
    Hidden,
}

public sealed record FormOption(string Value, string Label);

/// <summary>
/// One field the HumanTask declares in its Form input:
/// <c>{name, label, type, required, mode: editable|readonly|hidden, options, value|default, variable, placeholder}</c>.
/// Types: text, textarea, number, integer, boolean (checkbox), date, datetime, select, multiselect, email.
/// Unknown types are treated as text.
/// </summary>
public sealed record FormField(
    string Name,
    string Label,
    string Type,
    bool Required,
    FieldMode Mode,
    IReadOnlyList<FormOption> Options,
    JsonNode? Value,
    string? Variable,
    string? Placeholder);

/// <summary>Reads a task's form and checks what a submitter sends against it.</summary>
public static class TaskForm
{
    public const int MaxTextLength = 4000;
    public const int MaxLongTextLength = 20000;

    /// <summary>Outcomes for which required fields may stay empty: a rejection or return needs a comment, not a filled form.</summary>
    public static readonly IReadOnlyList<string> OutcomesWithoutRequiredFields = ["Reject", "Return"];

    public static IReadOnlyList<FormField> Fields(TaskRecord task)
    {
        if (task.FormJson is null || ValueConversion.ToArray(ValueConversion.TryParse(task.FormJson)) is not { } array) return [];
        var fields = new List<FormField>();
        foreach (var item in array.OfType<JsonObject>())
        {
            var name = item.GetString("name");
            if (string.IsNullOrWhiteSpace(name) || fields.Any(f => f.Name == name)) continue;
            var mode = (item.GetString("mode") ?? "editable").Trim().ToLowerInvariant() switch
            {
                "readonly" or "read-only" or "read_only" or "只读" => FieldMode.ReadOnly,
                "hidden" or "隐藏" => FieldMode.Hidden,
                _ => FieldMode.Editable,
            };
            var options = new List<FormOption>();
            foreach (var option in item.GetArray("options") ?? [])
            {
                if (option is JsonObject o && ValueConversion.ToText(o["value"]) is { } v) options.Add(new(v, o.GetString("label") ?? v));
                else if (ValueConversion.ToText(option) is { } text) options.Add(new(text, text));
            }
            fields.Add(new FormField(
                name,
                item.GetString("label") ?? name,
                (item.GetString("type") ?? "text").Trim().ToLowerInvariant(),
                ValueConversion.ToBool(item["required"]) ?? false,
                mode,
                options,
                (item["value"] ?? item["default"])?.DeepClone(),
                item.GetString("variable"),
                item.GetString("placeholder")));
        }
        return fields;
    }

    /// <summary>
    /// Checks a submission: only declared fields; read-only and hidden fields unchanged (they may be sent back with
    /// the value shown, nothing else); editable values of the right type; required fields filled unless the outcome
    /// is a rejection or return. Returns the editable values, normalised (numbers as numbers, booleans as booleans),
    /// which is what the workflow receives; read-only and hidden values never travel back into it.
    /// </summary>
    public static (JsonObject Accepted, List<string> Errors) Validate(IReadOnlyList<FormField> fields, JsonObject? submitted, Func<FormField, JsonNode?> current, bool enforceRequired)
    {
        var accepted = new JsonObject();
        var errors = new List<string>();
        submitted ??= [];
        foreach (var (key, _) in submitted)
        {
            if (fields.All(f => f.Name != key))
                errors.Add($"表单没有字段 {key}。 / The form has no field {key}.");
        }

        foreach (var field in fields)
        {
            submitted.TryGetPropertyValue(field.Name, out var value);
            if (field.Mode != FieldMode.Editable)
            {
                if (submitted.ContainsKey(field.Name) && !SameValue(value, current(field)))
                {
                    errors.Add(field.Mode == FieldMode.Hidden
                        ? $"字段“{field.Label}”不可见，不能提交。 / Field {field.Name} is hidden and cannot be submitted."
                        : $"字段“{field.Label}”为只读，不能修改。 / Field {field.Name} is read-only.");
                }
                continue;
            }

            if (IsEmpty(value))
            {
                if (field.Required && enforceRequired)
                    errors.Add($"请填写“{field.Label}”。 / {field.Label} is required.");
                continue;
            }

            var (normalized, error) = Normalize(field, value!);
            if (error is not null) errors.Add(error);
            else accepted[field.Name] = normalized;
        }
        return (accepted, errors);
    }

    private static (JsonNode? Value, string? Error) Normalize(FormField field, JsonNode value)
    {
        string Wrong(string zh, string en) => $"“{field.Label}”{zh} / {field.Name}: {en}";
        switch (field.Type)
        {
            case "number" or "decimal" or "money":
                return ValueConversion.ToNumber(value) is { } number && double.IsFinite(number)
                    ? (JsonValue.Create(number), null)
                    : (null, Wrong("必须是数字。", "must be a number."));
            case "integer" or "int":
                return ValueConversion.ToNumber(value) is { } integer && double.IsFinite(integer) && Math.Abs(integer % 1) < double.Epsilon && Math.Abs(integer) < 1e15
                    ? (JsonValue.Create((long)integer), null)
                    : (null, Wrong("必须是整数。", "must be a whole number."));
            case "boolean" or "bool" or "checkbox":
                return ValueConversion.ToBool(value) is { } flag ? (JsonValue.Create(flag), null) : (null, Wrong("必须是“是”或“否”。", "must be true or false."));
            case "date":
                return ValueConversion.ToText(value) is { } d && DateOnly.TryParseExact(d.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    ? (JsonValue.Create(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), null)
                    : (null, Wrong("必须是日期（如 2026-12-31）。", "must be a date like 2026-12-31."));
            case "datetime" or "datetime-local":
                return ValueConversion.ToDateTimeOffset(value) is { } at
                    ? (JsonValue.Create(at.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture)), null)
                    : (null, Wrong("必须是日期时间。", "must be a date and time."));
            case "select" or "dropdown" or "radio":
            {
                var text = ValueConversion.ToText(value);
                return field.Options.Count == 0 || field.Options.Any(o => o.Value == text)
                    ? (JsonValue.Create(text), null)
                    : (null, Wrong($"只能选择：{string.Join("、", field.Options.Select(o => o.Label))}。", $"must be one of {string.Join(", ", field.Options.Select(o => o.Value))}."));
            }
            case "multiselect" or "checklist":
            {
                var values = ValueConversion.ToStringList(value);
                var unknown = values.Where(v => field.Options.Count > 0 && field.Options.All(o => o.Value != v)).ToList();
                return unknown.Count == 0
                    ? (new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()), null)
                    : (null, Wrong($"包含无效选项：{string.Join("、", unknown)}。", $"has values that are not options: {string.Join(", ", unknown)}."));
            }
            default:
            {
                if (value is not JsonValue || ValueConversion.ToText(value) is not { } text)
                    return (null, Wrong("必须是文本。", "must be text."));
                var max = field.Type is "textarea" or "multiline" ? MaxLongTextLength : MaxTextLength;
                if (text.Length > max) return (null, Wrong($"不能超过 {max} 个字符。", $"must be at most {max} characters."));
                if (field.Type == "email" && !(System.Net.Mail.MailAddress.TryCreate(text.Trim(), out var address) && address.Address == text.Trim()))
                    return (null, Wrong("必须是邮箱地址。", "must be an email address."));
                return (JsonValue.Create(text), null);
            }
        }
    }

    public static bool IsEmpty(JsonNode? value) => value switch
    {
        null => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.Null => true,
        JsonValue v when v.TryGetValue<string>(out var s) => string.IsNullOrWhiteSpace(s),
        JsonArray a => a.Count == 0,
        _ => false,
    };

    /// <summary>Equal as people would judge: empty equals empty, "5" equals 5, true equals "true".</summary>
    public static bool SameValue(JsonNode? a, JsonNode? b)
    {
        if (IsEmpty(a) && IsEmpty(b)) return true;
        if (IsEmpty(a) || IsEmpty(b)) return false;
        if (JsonNode.DeepEquals(a, b)) return true;
        if (ValueConversion.ToNumber(a) is { } x && ValueConversion.ToNumber(b) is { } y) return Math.Abs(x - y) < 1e-9;
        return a is JsonValue && b is JsonValue && ValueConversion.ToText(a) == ValueConversion.ToText(b);
    }

    /// <summary>The value a read-only or hidden field shows: its declared value, else the workflow variable it names.</summary>
    public static JsonNode? CurrentValue(FormField field, JsonObject? variables)
    {
        if (field.Value is not null) return field.Value;
        if (field.Variable is { Length: > 0 } variable && variables is not null)
            return variables.FirstOrDefault(v => string.Equals(v.Key, variable, StringComparison.Ordinal)).Value;
        return null;
    }

    /// <summary>The instance's variables, for read-only fields that show one.</summary>
    public static JsonObject? Variables(InstanceRecord? instance) =>
        instance is null ? null : (ValueConversion.TryParse(instance.StateJson) as JsonObject)?.GetObject("variables");
}
