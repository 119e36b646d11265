using System.Globalization;
using System.Text.Json.Nodes;
using Jint;
using JsEngine = Jint.Engine;
using Jint.Native;
using Jint.Parser;
using Jint.Runtime;
using Workflows.Engine.Model;

namespace Workflows.Engine.Expressions;

public sealed class JavaScriptOptions
{
    /// <summary>Wall-clock limit for one script (Jint checks it between statements).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Statements one script may execute; a loop that never ends hits this first.</summary>
    public int MaxStatements { get; set; } = 1_000_000;

    public int MaxRecursionDepth { get; set; } = 128;
}

/// <summary>
/// JavaScript expressions through Jint 2.10 (ECMAScript 5.1), with Elsa 3's globals so that scripts written for
/// Elsa run here: <c>variables.X</c>, <c>getVariable/setVariable</c>, <c>getX()/setX()</c>, <c>getInput</c>,
/// <c>getWorkflowInstanceId()</c>, <c>getCorrelationId()</c>. Every run gets a fresh engine with time,
/// statement and recursion limits, so one bad script faults its activity and nothing else.
/// </summary>
public sealed class JavaScriptEvaluator(JavaScriptOptions options)
{
    private static readonly TimeZoneInfo China = TimeZoneInfo.CreateCustomTimeZone("China", ValueConversion.ChinaOffset, "China Standard Time", "CST");

    public JsonNode? Evaluate(string script, IExpressionScope scope, string location)
    {
        var engine = new JsEngine(o => o
            .TimeoutInterval(options.Timeout)
            .MaxStatements(options.MaxStatements)
            .LimitRecursion(options.MaxRecursionDepth)
            .Culture(CultureInfo.InvariantCulture)
            .LocalTimeZone(China));

        var variableNames = scope.VariableNamesInScope().ToList();
        var variablesObject = engine.Object.Construct(Arguments.Empty);
        var before = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in variableNames)
        {
            var value = scope.GetVariable(name);
            before[name] = EngineJson.Write(value);
            variablesObject.Put(name, ToJs(engine, value), false);
        }
        engine.SetValue("variables", variablesObject);

        engine.SetValue("getVariable", new Func<JsValue, JsValue>(name => ToJs(engine, scope.GetVariable(name.ToString()))));
        engine.SetValue("setVariable", new Action<JsValue, JsValue>((name, value) =>
        {
            var key = name.ToString();
            scope.SetVariable(key, FromJs(engine, value));
            // Keep the variables object in step so a later read in the same script sees the new value.
            variablesObject.Put(key, value, false);
            before[key] = EngineJson.Write(scope.GetVariable(key));
        }));
        engine.SetValue("getInput", new Func<JsValue, JsValue>(name => ToJs(engine, scope.GetWorkflowInput(name.ToString()))));
        engine.SetValue("getWorkflowInstanceId", new Func<string>(() => scope.InstanceId));
        engine.SetValue("getCorrelationId", new Func<string?>(() => scope.CorrelationId));
        engine.SetValue("setCorrelationId", new Action<JsValue>(v => scope.SetCorrelationId(v.IsNull() || v.IsUndefined() ? null : v.ToString())));
        engine.SetValue("getWorkflowDefinitionId", new Func<string>(() => scope.DefinitionId));
        engine.SetValue("getWorkflowDefinitionVersionId", new Func<string>(() => scope.DefinitionVersionId));
        engine.SetValue("getWorkflowDefinitionVersion", new Func<int>(() => scope.DefinitionVersion));
        engine.SetValue("getOutputFrom", new Func<JsValue, JsValue, JsValue>((activity, output) =>
            ToJs(engine, scope.GetOutputFrom(activity.ToString(), output.IsUndefined() || output.IsNull() ? null : output.ToString()))));
        engine.SetValue("isNullOrWhiteSpace", new Func<JsValue, bool>(v => v.IsNull() || v.IsUndefined() || string.IsNullOrWhiteSpace(v.ToString())));
        engine.SetValue("isNullOrEmpty", new Func<JsValue, bool>(v => v.IsNull() || v.IsUndefined() || string.IsNullOrEmpty(v.ToString())));
        engine.SetValue("toJson", new Func<JsValue, string>(v => EngineJson.Write(FromJs(engine, v))));

        foreach (var name in variableNames.Where(IsIdentifier))
        {
            var captured = name;
            var pascal = EngineJson.Pascalize(name);
            engine.SetValue($"get{pascal}", new Func<JsValue>(() => ToJs(engine, scope.GetVariable(captured))));
            engine.SetValue($"set{pascal}", new Action<JsValue>(value =>
            {
                scope.SetVariable(captured, FromJs(engine, value));
                variablesObject.Put(captured, value, false);
                before[captured] = EngineJson.Write(scope.GetVariable(captured));
            }));
        }

        foreach (var name in scope.WorkflowInputNames.Where(IsIdentifier))
        {
            var captured = name;
            var accessor = $"get{EngineJson.Pascalize(name)}";
            if (variableNames.Contains(name)) continue; // variable accessors win, as in Elsa
            engine.SetValue(accessor, new Func<JsValue>(() => ToJs(engine, scope.GetWorkflowInput(captured))));
        }

        JsValue result;
        try
        {
            result = engine.Execute(script).GetCompletionValue();
        }
        catch (ParserException ex)
        {
            throw new ExpressionException($"{location} 的脚本语法错误（第 {ex.LineNumber} 行，第 {ex.Column} 列）：{ex.Description} / Script syntax error at {location} (line {ex.LineNumber}, column {ex.Column}): {ex.Description}", location, ex);
        }
        catch (TimeoutException ex)
        {
            throw new ExpressionException($"{location} 的脚本运行超过 {options.Timeout.TotalSeconds:0.##} 秒，已终止。 / Script at {location} ran longer than {options.Timeout.TotalSeconds:0.##} s and was stopped.", location, ex);
        }
        catch (StatementsCountOverflowException ex)
        {
            throw new ExpressionException($"{location} 的脚本执行语句数超过上限 {options.MaxStatements}，疑似死循环，已终止。 / Script at {location} exceeded {options.MaxStatements} statements (an endless loop?) and was stopped.", location, ex);
        }
        catch (RecursionDepthOverflowException ex)
        {
            throw new ExpressionException($"{location} 的脚本递归层数超过上限 {options.MaxRecursionDepth}，已终止。 / Script at {location} exceeded the recursion limit of {options.MaxRecursionDepth}.", location, ex);
        }
        catch (JavaScriptException ex)
        {
            throw new ExpressionException($"{location} 的脚本运行出错（第 {ex.LineNumber} 行）：{ex.Message} / Script error at {location} (line {ex.LineNumber}): {ex.Message}", location, ex);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or InvalidCastException or NullReferenceException or FormatException or OverflowException)
        {
            throw new ExpressionException($"{location} 的脚本运行出错：{ex.Message} / Script error at {location}: {ex.Message}", location, ex);
        }

        // `variables.X = ...` in a script writes back, as Elsa does.
        foreach (var name in variableNames)
        {
            var now = FromJs(engine, variablesObject.Get(name));
            if (EngineJson.Write(now) != before[name]) scope.SetVariable(name, now);
        }

        return FromJs(engine, result);
    }

    public string? CheckSyntax(string script)
    {
        if (string.IsNullOrWhiteSpace(script)) return null;
        try
        {
            new JavaScriptParser().Parse(script);
            return null;
        }
        catch (ParserException ex)
        {
            return $"脚本语法错误（第 {ex.LineNumber} 行，第 {ex.Column} 列）：{ex.Description} / JavaScript syntax error (line {ex.LineNumber}, column {ex.Column}): {ex.Description}";
        }
    }

    private static bool IsIdentifier(string name) =>
        name.Length > 0 && (char.IsLetter(name[0]) || name[0] is '_' or '$') && name.All(c => char.IsLetterOrDigit(c) || c is '_' or '$');

    internal static JsValue ToJs(JsEngine engine, JsonNode? node)
    {
        if (node is null) return JsValue.Null;
        return new Jint.Native.Json.JsonParser(engine).Parse(node.ToJsonString());
    }

    internal static JsonNode? FromJs(JsEngine engine, JsValue value)
    {
        if (value.IsUndefined() || value.IsNull()) return null;
        if (value.IsBoolean()) return JsonValue.Create(value.AsBoolean());
        if (value.IsString()) return JsonValue.Create(value.AsString());
        if (value.IsNumber())
        {
            var d = value.AsNumber();
            if (double.IsNaN(d) || double.IsInfinity(d)) return null;
            return d == Math.Floor(d) && Math.Abs(d) < 9e15 ? JsonValue.Create((long)d) : JsonValue.Create(d);
        }
        var json = new Jint.Native.Json.JsonSerializer(engine).Serialize(value, JsValue.Undefined, JsValue.Undefined);
        return json.IsUndefined() ? null : JsonNode.Parse(json.AsString());
    }
}
