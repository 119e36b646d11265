using System.Globalization;
using System.Text.Json.Nodes;
using Workflows.Engine.Model;

namespace Workflows.Engine.Expressions;

/// <summary>What an expression can see of the running instance.</summary>
public interface IExpressionScope
{
    string InstanceId { get; }
    string? CorrelationId { get; }
    string DefinitionId { get; }
    string DefinitionVersionId { get; }
    int DefinitionVersion { get; }
    CultureInfo Culture { get; }
    JsonNode? GetVariable(string name);
    void SetVariable(string name, JsonNode? value);
    void SetVariableByIdOrName(string idOrName, JsonNode? value);
    bool HasVariable(string name);
    IEnumerable<string> VariableNamesInScope();
    JsonNode? GetWorkflowInput(string name);
    IEnumerable<string> WorkflowInputNames { get; }
    JsonNode? GetOutputFrom(string activityIdOrName, string? outputName);
    void SetCorrelationId(string? value);

    /// <summary>Cancels a running script when the burst is cancelled (the host stops, the instance is cancelled).</summary>
    CancellationToken CancellationToken => CancellationToken.None;

    /// <summary>Variables in scope with their declared types (C# proxies are typed as Elsa's are).</summary>
    IEnumerable<(string Name, string Type)> DeclaredVariables => VariableNamesInScope().Select(n => (n, "Object"));

    /// <summary>Declared workflow inputs with their types.</summary>
    IEnumerable<(string Name, string Type)> DeclaredInputs => WorkflowInputNames.Select(n => (n, "Object"));
}

public interface IExpressionEvaluator
{
    /// <summary>Expression types this engine evaluates (the designer offers only these).</summary>
    IReadOnlyList<string> SupportedTypes { get; }

    /// <summary>Evaluates a stored input: a wrapped <c>{typeName, expression:{type, value}}</c> or a raw value.</summary>
    ValueTask<JsonNode?> EvaluateInputAsync(JsonNode raw, string? declaredType, IExpressionScope scope, string location);

    ValueTask<JsonNode?> EvaluateAsync(string expressionType, JsonNode? value, string? typeName, IExpressionScope scope, string location);

    /// <summary>A syntax check for saving: null when fine, else a message for people.</summary>
    string? CheckSyntax(string expressionType, JsonNode? value);
}

/// <summary>An expression failed. The message says where and why, in Chinese and English.</summary>
public sealed class ExpressionException : Exception
{
    public ExpressionException(string message, string? location = null, Exception? inner = null) : base(message, inner) => Location = location;

    public ExpressionException() : this("表达式错误") { }

    public ExpressionException(string message) : this(message, null, null) { }

    public ExpressionException(string message, Exception inner) : this(message, null, inner) { }

    public string? Location { get; }
}

/// <summary>
/// Literal, Object (JSON), Variable, Input, JavaScript, Liquid and C# expressions, the way Elsa stores them.
/// C# is evaluated only when enabled by configuration; otherwise a definition using it is refused with that reason.
/// </summary>
public sealed class ExpressionEvaluator(JavaScriptEvaluator javaScript, LiquidEvaluator? liquid = null, CSharpEvaluator? csharp = null) : IExpressionEvaluator
{
    private readonly LiquidEvaluator _liquid = liquid ?? new LiquidEvaluator(new LiquidOptions());
    private readonly CSharpEvaluator _csharp = csharp ?? new CSharpEvaluator(new CSharpOptions());

    public const string Literal = "Literal";
    public const string Object = "Object";
    public const string Json = "Json";
    public const string Variable = "Variable";
    public const string Input = "Input";
    public const string JavaScript = "JavaScript";
    public const string Liquid = "Liquid";
    public const string CSharp = "CSharp";

    public IReadOnlyList<string> SupportedTypes => _csharp.Enabled
        ? [Literal, Object, Json, Variable, Input, JavaScript, Liquid, CSharp]
        : [Literal, Object, Json, Variable, Input, JavaScript, Liquid];

    public ValueTask<JsonNode?> EvaluateInputAsync(JsonNode raw, string? declaredType, IExpressionScope scope, string location)
    {
        if (raw is JsonObject obj && obj.GetObject("expression") is { } expression)
        {
            var typeName = obj.GetString("typeName") ?? declaredType;
            var type = expression.GetString("type") ?? Literal;
            expression.TryGetPropertyValue("value", out var value);
            return EvaluateAsync(type, value, typeName, scope, location);
        }

        // Not wrapped: a raw value written by hand or by an older tool.
        return ValueTask.FromResult(ValueConversion.ConvertLiteral(raw, declaredType));
    }

    public ValueTask<JsonNode?> EvaluateAsync(string expressionType, JsonNode? value, string? typeName, IExpressionScope scope, string location)
    {
        switch (expressionType)
        {
            case Literal:
                return ValueTask.FromResult(ValueConversion.ConvertLiteral(value, typeName));
            case Object or Json:
                return ValueTask.FromResult(ParseObject(value, location));
            case Variable:
                return ValueTask.FromResult(scope.GetVariable(ResolveReferenceName(value, scope, isVariable: true))?.DeepClone());
            case Input:
                return ValueTask.FromResult(scope.GetWorkflowInput(ResolveReferenceName(value, scope, isVariable: false))?.DeepClone());
            case JavaScript:
                var script = ValueConversion.ToText(value) ?? "";
                return ValueTask.FromResult(javaScript.Evaluate(script, scope, location));
            case Liquid:
                return _liquid.EvaluateAsync(ValueConversion.ToText(value) ?? "", typeName, scope, location);
            case CSharp:
                return _csharp.EvaluateAsync(ValueConversion.ToText(value) ?? "", typeName, scope, scope.DeclaredVariables.ToList(), scope.DeclaredInputs.ToList(), location);
            default:
                throw new ExpressionException($"不支持的表达式类型 {expressionType}（{location}）。支持：{string.Join("、", SupportedTypes)}。 / Unsupported expression type {expressionType} at {location}.", location);
        }
    }

    public string? CheckSyntax(string expressionType, JsonNode? value)
    {
        switch (expressionType)
        {
            case Literal or Variable or Input:
                return null;
            case Object or Json:
                var text = ValueConversion.ToText(value);
                if (value is JsonObject or JsonArray || string.IsNullOrWhiteSpace(text)) return null;
                return ValueConversion.TryParse(text!) is null ? "JSON 格式错误 / invalid JSON" : null;
            case JavaScript:
                return javaScript.CheckSyntax(ValueConversion.ToText(value) ?? "");
            case Liquid:
                return LiquidEvaluator.CheckSyntax(ValueConversion.ToText(value) ?? "");
            case CSharp:
                return _csharp.CheckSyntax(ValueConversion.ToText(value) ?? "");
            default:
                return $"不支持的表达式类型 {expressionType} / unsupported expression type {expressionType}";
        }
    }

    private static JsonNode? ParseObject(JsonNode? value, string location)
    {
        if (value is JsonObject or JsonArray) return value.DeepClone();
        var text = ValueConversion.ToText(value);
        if (string.IsNullOrWhiteSpace(text)) return null;
        return ValueConversion.TryParse(text)
            ?? throw new ExpressionException($"{location} 的 JSON 格式错误。 / Invalid JSON at {location}.", location);
    }

    /// <summary>Studio stores the picked variable or input as a JSON string of its definition; plain names also work.</summary>
    private static string ResolveReferenceName(JsonNode? value, IExpressionScope scope, bool isVariable)
    {
        JsonObject? reference = value as JsonObject;
        if (reference is null && ValueConversion.ToText(value) is { } text && text.TrimStart().StartsWith('{'))
            reference = ValueConversion.TryParse(text) as JsonObject;
        if (reference is not null)
        {
            var name = reference.GetString("name");
            if (isVariable && (name is null || !scope.HasVariable(name)) && reference.GetString("id") is { } id)
                return id;
            return name ?? reference.GetString("id") ?? "";
        }
        return ValueConversion.ToText(value) ?? "";
    }
}
