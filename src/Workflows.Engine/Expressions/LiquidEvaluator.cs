using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fluid;
using Fluid.Values;

namespace Workflows.Engine.Expressions;

public sealed class LiquidOptions
{
    /// <summary>Fluid's step limit: a loop over a huge range stops here instead of occupying the thread.</summary>
    public int MaxSteps { get; set; } = 100_000;

    public int MaxRecursion { get; set; } = 64;

    /// <summary>Characters one template may render; a bigger result faults the activity.</summary>
    public int MaxOutputChars { get; set; } = 1_000_000;
}

/// <summary>
/// Liquid expressions through Fluid, with the model Elsa gives a template (elsa-core
/// src/modules/Elsa.Expressions.Liquid/Handlers/ConfigureLiquidEngine.cs): <c>Variables.X</c>, <c>Input.X</c>,
/// <c>CorrelationId</c>, <c>WorkflowDefinitionId</c>, <c>WorkflowDefinitionVersionId</c>, <c>WorkflowDefinitionVersion</c>
/// and <c>WorkflowInstanceId</c>; Fluid's array, string, number and misc filters plus Elsa's <c>base64</c> and
/// <c>keys</c> (Features/LiquidFeature.cs). The rendered text is then converted to the input's type.
/// </summary>
public sealed class LiquidEvaluator(LiquidOptions options)
{
    private static readonly FluidParser Parser = new();
    private readonly TemplateOptions _templateOptions = CreateTemplateOptions(options);
    private readonly Dictionary<string, IFluidTemplate> _cache = new(StringComparer.Ordinal);
    private readonly Lock _cacheLock = new();

    public async ValueTask<JsonNode?> EvaluateAsync(string template, string? typeName, IExpressionScope scope, string location)
    {
        // elsa-core LiquidTemplateManager.RenderAsync: an empty template renders as nothing.
        if (string.IsNullOrWhiteSpace(template)) return null;
        var parsed = Parse(template);
        var context = new TemplateContext(_templateOptions, StringComparer.Ordinal);
        context.SetValue("Variables", new DictionaryValue(new FluidValueDictionaryFluidIndexable(
            scope.VariableNamesInScope().ToDictionary(n => n, n => ToFluid(scope.GetVariable(n)), StringComparer.Ordinal))));
        context.SetValue("Input", new DictionaryValue(new FluidValueDictionaryFluidIndexable(
            scope.WorkflowInputNames.Distinct(StringComparer.Ordinal).ToDictionary(n => n, n => ToFluid(scope.GetWorkflowInput(n)), StringComparer.Ordinal))));
        context.SetValue("CorrelationId", scope.CorrelationId is { } correlation ? new StringValue(correlation) : NilValue.Instance);
        context.SetValue("WorkflowDefinitionId", scope.DefinitionId);
        context.SetValue("WorkflowDefinitionVersionId", scope.DefinitionVersionId);
        context.SetValue("WorkflowDefinitionVersion", scope.DefinitionVersion);
        context.SetValue("WorkflowInstanceId", scope.InstanceId);

        string rendered;
        try
        {
            rendered = await parsed.RenderAsync(context, NullEncoder.Default);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or InvalidCastException or NullReferenceException or OverflowException or JsonException)
        {
            throw new ExpressionException($"{location} 的 Liquid 模板渲染出错（可能超过步数上限 {options.MaxSteps}）：{ex.Message} / Liquid template at {location} failed (step limit {options.MaxSteps}?): {ex.Message}", location, ex);
        }
        if (rendered.Length > options.MaxOutputChars)
            throw new ExpressionException($"{location} 的 Liquid 模板结果超过 {options.MaxOutputChars} 个字符。 / Liquid output at {location} exceeds {options.MaxOutputChars} characters.", location);
        return ValueConversion.ConvertLiteral(JsonValue.Create(rendered), typeName);
    }

    /// <summary>Elsa saves any template: a parse error is rendered as text (LiquidTemplateManager.GetCachedTemplate), so nothing to refuse.</summary>
    public static string? CheckSyntax(string template) => null;

    private IFluidTemplate Parse(string template)
    {
        lock (_cacheLock)
        {
            if (_cache.TryGetValue(template, out var cached)) return cached;
        }
        // elsa-core renders a template that does not parse as its error message, inside {% raw %}.
        if (!Parser.TryParse(template, out var parsed, out var error))
            Parser.TryParse("{% raw %}\n" + error + "\n{% endraw %}", out parsed, out _);
        lock (_cacheLock)
        {
            if (_cache.Count >= 2048) _cache.Clear();
            _cache[template] = parsed;
        }
        return parsed;
    }

    private static TemplateOptions CreateTemplateOptions(LiquidOptions options)
    {
        var templateOptions = new TemplateOptions
        {
            MaxSteps = options.MaxSteps,
            MaxRecursion = options.MaxRecursion,
            CultureInfo = CultureInfo.InvariantCulture,
            TimeZone = TimeZoneInfo.CreateCustomTimeZone("China", ValueConversion.ChinaOffset, "China Standard Time", "CST"),
        };
        templateOptions.Filters.AddFilter("base64", Base64);
        templateOptions.Filters.AddFilter("keys", Keys);
        return templateOptions;
    }

    /// <summary>elsa-core Filters/Base64Filter.cs: text as UTF-8, arrays and objects as their JSON.</summary>
    private static ValueTask<FluidValue> Base64(FluidValue input, FilterArguments arguments, TemplateContext context)
    {
        string? text = input.Type switch
        {
            FluidValues.Nil => null,
            FluidValues.Boolean => input.ToBooleanValue().ToString(),
            FluidValues.Number => input.ToNumberValue().ToString(CultureInfo.InvariantCulture),
            FluidValues.String => input.ToStringValue(),
            _ => JsonSerializer.Serialize(ToJson(input)),
        };
        return text is null ? new(NilValue.Instance) : new(new StringValue(Convert.ToBase64String(Encoding.UTF8.GetBytes(text))));
    }

    /// <summary>elsa-core Filters/DictionaryKeysFilter.cs: the keys of an object.</summary>
    private static ValueTask<FluidValue> Keys(FluidValue input, FilterArguments arguments, TemplateContext context)
    {
        if (input.ToObjectValue() is not IFluidIndexable dictionary)
            throw new ArgumentOutOfRangeException(nameof(input), "keys 只适用于对象 / keys only works on objects");
        return new(new ArrayValue(dictionary.Keys.Select(k => (FluidValue)new StringValue(k)).ToArray()));
    }

    private static FluidValue ToFluid(JsonNode? node) => node switch
    {
        null => NilValue.Instance,
        JsonObject o => new DictionaryValue(new FluidValueDictionaryFluidIndexable(o.ToDictionary(p => p.Key, p => ToFluid(p.Value), StringComparer.Ordinal))),
        JsonArray a => new ArrayValue(a.Select(ToFluid).ToArray()),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => new StringValue(v.GetValue<string>()),
            JsonValueKind.True => BooleanValue.True,
            JsonValueKind.False => BooleanValue.False,
            JsonValueKind.Number => NumberValue.Create(decimal.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)),
            _ => NilValue.Instance,
        },
        _ => NilValue.Instance,
    };

    private static JsonNode? ToJson(FluidValue value) => value.Type switch
    {
        FluidValues.Nil => null,
        FluidValues.Boolean => JsonValue.Create(value.ToBooleanValue()),
        FluidValues.Number => JsonValue.Create(value.ToNumberValue()),
        FluidValues.String => JsonValue.Create(value.ToStringValue()),
        FluidValues.Array => new JsonArray(value.Enumerate(new TemplateContext()).Select(ToJson).ToArray()),
        FluidValues.Dictionary when value.ToObjectValue() is IFluidIndexable d =>
            new JsonObject(d.Keys.Select(k => KeyValuePair.Create(k, d.TryGetValue(k, out var v) ? ToJson(v) : null))),
        _ => JsonValue.Create(value.ToStringValue()),
    };
}
