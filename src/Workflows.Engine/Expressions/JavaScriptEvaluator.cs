using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Acornima;
using Acornima.Ast;
using Jint;
using Jint.Native;
using Jint.Runtime;
using Workflows.Engine.Model;
using JsEngine = Jint.Engine;

namespace Workflows.Engine.Expressions;

public sealed class JavaScriptOptions
{
    /// <summary>Wall-clock limit for one script.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Statements one script may execute; a loop that never ends hits this first.</summary>
    public int MaxStatements { get; set; } = 1_000_000;

    public int MaxRecursionDepth { get; set; } = 128;

    /// <summary>Bytes one script may allocate (Jint's LimitMemory); a memory or string bomb stops here.</summary>
    public long MemoryLimitBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Characters (of its JSON) a script's result may have; a bigger one faults the activity.</summary>
    public int MaxResultChars { get; set; } = 1024 * 1024;
}

/// <summary>
/// JavaScript expressions through Jint 4 (ES2023), with Elsa 3's globals so that scripts written for Elsa run here:
/// <c>variables.X</c>, <c>getVariable/setVariable</c>, <c>getX()/setX()</c> per variable in scope, <c>getX()</c> per
/// declared workflow input (even one given no value), <c>getInput</c>, <c>getWorkflowInstanceId()</c>,
/// <c>getCorrelationId()</c>, and a top-level <c>return</c> (Elsa parses with AllowReturnOutsideFunction). Every run
/// gets a fresh engine with time, statement, recursion and memory limits, so one bad script faults its activity and
/// nothing else. Parsed scripts are cached: the parse is the same for every instance.
/// </summary>
public sealed partial class JavaScriptEvaluator(JavaScriptOptions options)
{
    private const int CacheCapacity = 2048;
    private static readonly TimeZoneInfo China = TimeZoneInfo.CreateCustomTimeZone("China", ValueConversion.ChinaOffset, "China Standard Time", "CST");
    // A regular expression runs inside one built-in call; .NET's regex timeout is what stops a catastrophic one.
    private readonly ScriptPreparationOptions _preparation = new()
    {
        ParsingOptions = new ScriptParsingOptions { AllowReturnOutsideFunction = true, RegexTimeout = options.Timeout },
    };
    private readonly ConcurrentDictionary<string, Prepared<Script>> _prepared = new(StringComparer.Ordinal);

    public JavaScriptOptions Options => options;

    public JsonNode? Evaluate(string script, IExpressionScope scope, string location) =>
        Evaluate(script, scope, location, scope.CancellationToken);

    public JsonNode? Evaluate(string script, IExpressionScope scope, string location, CancellationToken cancellationToken)
    {
        Prepared<Script> prepared;
        try
        {
            prepared = Prepare(script);
        }
        catch (ParseErrorException ex)
        {
            throw new ExpressionException($"{location} 的脚本语法错误（第 {ex.LineNumber} 行，第 {ex.Column} 列）：{ex.Description} / Script syntax error at {location} (line {ex.LineNumber}, column {ex.Column}): {ex.Description}", location, ex);
        }

        var engine = new JsEngine(o =>
        {
            o.TimeoutInterval(options.Timeout)
                .MaxStatements(options.MaxStatements)
                .LimitRecursion(options.MaxRecursionDepth)
                .LimitMemory(options.MemoryLimitBytes)
                .CancellationToken(cancellationToken);
            o.Culture = CultureInfo.InvariantCulture;
            o.TimeZone = China;
        });

        GuardStringBuilders(engine);

        var variableNames = scope.VariableNamesInScope().ToList();
        var variablesObject = new JsObject(engine);
        var before = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in variableNames)
        {
            var value = scope.GetVariable(name);
            before[name] = EngineJson.Write(value);
            variablesObject.Set(name, ToJs(engine, value));
        }
        engine.SetValue("variables", variablesObject);

        void Write(string key, JsValue value)
        {
            scope.SetVariable(key, FromJs(engine, value));
            // Keep the variables object in step so a later read in the same script sees the new value.
            variablesObject.Set(key, value);
            before[key] = EngineJson.Write(scope.GetVariable(key));
        }

        engine.SetValue("getVariable", new Func<JsValue, JsValue>(name => ToJs(engine, scope.GetVariable(name.ToString()))));
        engine.SetValue("setVariable", new Action<JsValue, JsValue>((name, value) => Write(name.ToString(), value)));
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
        engine.SetValue("newGuid", new Func<string>(() => Guid.NewGuid().ToString()));
        engine.SetValue("newGuidString", new Func<string>(() => Guid.NewGuid().ToString()));
        engine.SetValue("getGuidString", new Func<string>(() => Guid.NewGuid().ToString()));
        engine.SetValue("newShortGuid", new Func<string>(ShortGuid));
        engine.SetValue("getShortGuid", new Func<string>(ShortGuid));
        engine.SetValue("parseGuid", new Func<string, string>(v => Guid.Parse(v).ToString()));
        engine.SetValue("stringToBase64", new Func<string, string>(v => Convert.ToBase64String(Encoding.UTF8.GetBytes(v))));
        engine.SetValue("stringFromBase64", new Func<string, string>(v => Encoding.UTF8.GetString(Convert.FromBase64String(v))));

        // Elsa names variable accessors get/set + the Pascal-cased name (ConfigureEngineWithVariablesAndInputOutputAccessors).
        foreach (var name in variableNames.Where(IsIdentifier))
        {
            var captured = name;
            var pascal = EngineJson.Pascalize(name);
            engine.SetValue($"get{pascal}", new Func<JsValue>(() => ToJs(engine, scope.GetVariable(captured))));
            engine.SetValue($"set{pascal}", new Action<JsValue>(value => Write(captured, value)));
        }

        // ... and input accessors get + the input's name as declared, for every declared input, installed after the
        // variable accessors (so an input of the same name as a variable wins, as in Elsa).
        foreach (var name in scope.WorkflowInputNames.Where(IsIdentifier))
        {
            var captured = name;
            engine.SetValue($"get{name}", new Func<JsValue>(() => ToJs(engine, scope.GetWorkflowInput(captured))));
        }

        JsValue result;
        try
        {
            result = engine.Evaluate(prepared);
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
        catch (MemoryLimitExceededException ex)
        {
            throw MemoryExceeded(location, ex);
        }
        catch (ScriptMemoryException ex)
        {
            throw MemoryExceeded(location, ex);
        }
        catch (OutOfMemoryException ex)
        {
            // A single built-in (a huge join or repeat) asked for more than the runtime can give before Jint could
            // charge it; the allocation failed, nothing was kept, and the script is refused like any memory bomb.
            throw MemoryExceeded(location, ex);
        }
        catch (ExecutionCanceledException ex)
        {
            throw new ExpressionException($"{location} 的脚本已被取消。 / Script at {location} was cancelled.", location, ex);
        }
        catch (JavaScriptException ex)
        {
            var line = ex.Location.Start.Line;
            throw new ExpressionException($"{location} 的脚本运行出错（第 {line} 行）：{ex.Message} / Script error at {location} (line {line}): {ex.Message}", location, ex);
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

        if (result.IsString() && result.AsString().Length > options.MaxResultChars)
            throw ResultTooBig(location, result.AsString().Length);
        var returned = FromJs(engine, result);
        if (returned is JsonObject or JsonArray && returned.ToJsonString() is { Length: var length } && length > options.MaxResultChars)
            throw ResultTooBig(location, length);
        return returned;
    }

    private ExpressionException ResultTooBig(string location, int chars) =>
        new($"{location} 的脚本返回值有 {chars} 个字符，超过上限 {options.MaxResultChars}。 / Script at {location} returned {chars} characters, over the limit of {options.MaxResultChars}.", location);

    public string? CheckSyntax(string script)
    {
        if (string.IsNullOrWhiteSpace(script)) return null;
        try
        {
            Prepare(script);
            return null;
        }
        catch (ParseErrorException ex)
        {
            return $"脚本语法错误（第 {ex.LineNumber} 行，第 {ex.Column} 列）：{ex.Description} / JavaScript syntax error (line {ex.LineNumber}, column {ex.Column}): {ex.Description}";
        }
    }

    /// <summary>
    /// Jint charges memory and checks its clock between steps, so a single built-in that allocates its whole result at
    /// once ('x'.repeat(5e8): 1 GB) would run to the end before being stopped, slowing the whole process. These
    /// wrappers refuse such a call from the size of its result before any character is allocated.
    /// </summary>
    private void GuardStringBuilders(JsEngine engine)
    {
        var proto = engine.GetValue("String").AsObject().Get("prototype").AsObject();
        var limitChars = options.MemoryLimitBytes / 2; // UTF-16
        Wrap("repeat", 1, (text, args) => text.Length * Math.Max(0, JsNumberAt(args, 0)));
        Wrap("padStart", 2, (_, args) => JsNumberAt(args, 0));
        Wrap("padEnd", 2, (_, args) => JsNumberAt(args, 0));

        void Wrap(string name, int length, Func<string, JsValue[], double> resultLength)
        {
            if (proto.Get(name) is not Jint.Native.Function.Function original) return;
            proto.Set(name, new Jint.Runtime.Interop.ClrFunction(engine, name, (thisObj, args) =>
            {
                if (resultLength(TypeConverter.ToString(thisObj), args) > limitChars) throw new ScriptMemoryException();
                return original.Call(thisObj, args);
            }, length));
        }
    }

    private static double JsNumberAt(JsValue[] args, int index) =>
        args.Length > index && TypeConverter.ToNumber(args[index]) is var n && !double.IsNaN(n) ? n : 0;

    /// <summary>Thrown by a guard before a built-in would allocate more than the memory limit; not catchable in script.</summary>
    private sealed class ScriptMemoryException : Exception;

    private ExpressionException MemoryExceeded(string location, Exception ex)
    {
        var mb = options.MemoryLimitBytes / (1024.0 * 1024.0);
        return new ExpressionException($"{location} 的脚本占用内存超过上限 {mb:0.#} MB，已终止。 / Script at {location} exceeded the memory limit of {mb:0.#} MB and was stopped.", location, ex);
    }

    private Prepared<Script> Prepare(string script)
    {
        if (_prepared.TryGetValue(script, out var cached)) return cached;
        Prepared<Script> prepared;
        try
        {
            prepared = JsEngine.PrepareScript(script, options: _preparation);
        }
        catch (ScriptPreparationException ex) when (ex.InnerException is ParseErrorException parse)
        {
            // Jint wraps the parser's error; the parser's one carries the line and column people need.
            throw parse;
        }
        // Bounded: definitions are few, but a caller could send endless distinct scripts.
        if (_prepared.Count >= CacheCapacity) _prepared.Clear();
        _prepared[script] = prepared;
        return prepared;
    }

    private static string ShortGuid() => NotBase64Url().Replace(Convert.ToBase64String(Guid.NewGuid().ToByteArray()), "");

    [GeneratedRegex("[/+=]")]
    private static partial Regex NotBase64Url();

    private static bool IsIdentifier(string name) =>
        name.Length > 0 && (char.IsLetter(name[0]) || name[0] is '_' or '$') && name.All(c => char.IsLetterOrDigit(c) || c is '_' or '$');

    internal static JsValue ToJs(JsEngine engine, JsonNode? node)
    {
        if (node is null) return JsValue.Null;
        if (node is JsonValue v)
        {
            switch (v.GetValueKind())
            {
                case System.Text.Json.JsonValueKind.String: return new JsString(v.GetValue<string>());
                case System.Text.Json.JsonValueKind.True: return JsBoolean.True;
                case System.Text.Json.JsonValueKind.False: return JsBoolean.False;
                case System.Text.Json.JsonValueKind.Number: return new JsNumber(ValueConversion.AsDouble(v));
            }
        }
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
