using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace Workflows.Engine.Expressions;

/// <summary>
/// C# expressions compile and run arbitrary .NET code inside the service (Roslyn scripting is no sandbox: no time or
/// memory limit can stop it), so they are off unless configuration (<c>Expressions:CSharp:Enabled</c>) turns them on,
/// as elsa-core's CSharpOptions.AllowHostCodeExecution is. Enable only when every workflow author is trusted.
/// </summary>
public sealed class CSharpOptions
{
    public bool Enabled { get; set; }
}

/// <summary>What a C# expression sees (elsa-core src/modules/Elsa.Expressions.CSharp/Models/Globals.cs).</summary>
public sealed class CSharpGlobals
{
    private readonly IExpressionScope _scope;

    internal CSharpGlobals(IExpressionScope scope)
    {
        _scope = scope;
        ExecutionContext = new CSharpExecutionContextProxy(scope);
    }

    public CSharpExecutionContextProxy ExecutionContext { get; }

    public string WorkflowInstanceId => _scope.InstanceId;

    public string? CorrelationId
    {
        get => _scope.CorrelationId;
        set => _scope.SetCorrelationId(value);
    }

    public string WorkflowDefinitionId => _scope.DefinitionId;

    /// <summary>Elsa passes expression arguments here; our inputs have none.</summary>
    public IDictionary<string, object> Arguments { get; } = new Dictionary<string, object>();
}

/// <summary>elsa-core Models/ExecutionContextProxy.cs: typed variable and input access.</summary>
public sealed class CSharpExecutionContextProxy(IExpressionScope scope)
{
    public T? GetVariable<T>(string name) => CSharpEvaluator.Convert<T>(scope.GetVariable(name));

    public object? GetVariable(string name) => CSharpEvaluator.ToClr(scope.GetVariable(name));

    public void SetVariable(string name, object? value) => scope.SetVariable(name, CSharpEvaluator.ToNode(value));

    public T? GetInput<T>(string name) => CSharpEvaluator.Convert<T>(scope.GetWorkflowInput(name));

    public object? GetOutputFrom(string activityIdOrName, string? outputName = null) => CSharpEvaluator.ToClr(scope.GetOutputFrom(activityIdOrName, outputName));
}

/// <summary>
/// C# through Roslyn scripting with Elsa's globals and its generated proxies: <c>Variables.X</c> / <c>Variable.X</c>
/// (typed, get and set; Handlers/GenerateWorkflowVariableAccessors.cs) and <c>Input.X</c> / <c>Inputs.X</c> for every
/// declared input (Handlers/GenerateWorkflowInputAccessors.cs). Compiled scripts are cached by their full text.
/// </summary>
public sealed class CSharpEvaluator(CSharpOptions options)
{
    public const string DisabledMessage =
        "C# 表达式在本服务中未启用（它在服务器上运行任意代码；管理员可用配置 Expressions:CSharp:Enabled 开启）。 / C# expressions are disabled on this service (they run arbitrary code on the server; an administrator can enable them with Expressions:CSharp:Enabled).";

    private static readonly ScriptOptions BaseOptions = ScriptOptions.Default
        .WithOptimizationLevel(OptimizationLevel.Release)
        .AddReferences(typeof(CSharpGlobals).Assembly, typeof(Enumerable).Assembly, typeof(JsonNode).Assembly, typeof(JsonSerializer).Assembly,
            typeof(System.Dynamic.ExpandoObject).Assembly, typeof(Microsoft.CSharp.RuntimeBinder.CSharpArgumentInfo).Assembly)
        .AddImports("System", "System.Linq", "System.Collections.Generic", "System.Text.Json", "System.Text.Json.Nodes", "System.Dynamic", typeof(CSharpGlobals).Namespace!);

    private readonly ConcurrentDictionary<string, ScriptRunner<object>> _compiled = new(StringComparer.Ordinal);

    public bool Enabled => options.Enabled;

    public async ValueTask<JsonNode?> EvaluateAsync(string code, string? typeName, IExpressionScope scope, IReadOnlyList<(string Name, string Type)> variables,
        IReadOnlyList<(string Name, string Type)> inputs, string location)
    {
        if (!options.Enabled) throw new ExpressionException($"{location}：{DisabledMessage}", location);
        var prelude = Prelude(variables, inputs);
        var runner = _compiled.GetOrAdd(prelude + "\n//----\n" + code, _ => Compile(prelude, code, location));
        object? result;
        try
        {
            result = await runner(new CSharpGlobals(scope), scope.CancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            throw new ExpressionException($"{location} 的 C# 表达式运行出错：{ex.GetType().Name}: {ex.Message} / C# expression at {location} failed: {ex.GetType().Name}: {ex.Message}", location, ex);
        }
        var node = ToNode(result);
        return node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? ValueConversion.ConvertLiteral(node, typeName) : node;
    }

    /// <summary>Saving a definition: refused when C# is off, and a compile error is reported with its line.</summary>
    public string? CheckSyntax(string code)
    {
        if (!options.Enabled) return DisabledMessage;
        if (string.IsNullOrWhiteSpace(code)) return null;
        var tree = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(code, Microsoft.CodeAnalysis.CSharp.CSharpParseOptions.Default.WithKind(SourceCodeKind.Script));
        var error = tree.GetDiagnostics().FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error);
        if (error is null) return null;
        var line = error.Location.GetLineSpan().StartLinePosition;
        return $"C# 语法错误（第 {line.Line + 1} 行，第 {line.Character + 1} 列）：{error.GetMessage()} / C# syntax error (line {line.Line + 1}, column {line.Character + 1}): {error.GetMessage()}";
    }

    private static ScriptRunner<object> Compile(string prelude, string code, string location)
    {
        var script = CSharpScript.Create(prelude, BaseOptions, typeof(CSharpGlobals)).ContinueWith(code, BaseOptions);
        var errors = script.Compile().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            var first = errors[0];
            throw new ExpressionException($"{location} 的 C# 表达式编译失败：{first.GetMessage()} / C# expression at {location} does not compile: {first.GetMessage()}", location);
        }
        return script.CreateDelegate();
    }

    private static string Prelude(IReadOnlyList<(string Name, string Type)> variables, IReadOnlyList<(string Name, string Type)> inputs)
    {
        var sb = new StringBuilder();
        sb.AppendLine("public partial class WorkflowVariablesProxy {");
        sb.AppendLine("  public WorkflowVariablesProxy(CSharpExecutionContextProxy c) => ExecutionContext = c;");
        sb.AppendLine("  public CSharpExecutionContextProxy ExecutionContext { get; }");
        sb.AppendLine("  public T? Get<T>(string name) => ExecutionContext.GetVariable<T>(name);");
        sb.AppendLine("  public object? Get(string name) => ExecutionContext.GetVariable(name);");
        sb.AppendLine("  public void Set(string name, object? value) => ExecutionContext.SetVariable(name, value);");
        foreach (var (name, type) in variables.Where(v => IsIdentifier(v.Name)).DistinctBy(v => EngineJsonPascal(v.Name)))
        {
            var clr = ClrType(type);
            sb.AppendLine($"  public {clr} {EngineJsonPascal(name)} {{ get => Get<{clr}>(\"{name}\")!; set => Set(\"{name}\", value); }}");
        }
        sb.AppendLine("}");
        sb.AppendLine("var Variables = new WorkflowVariablesProxy(ExecutionContext);");
        sb.AppendLine("var Variable = Variables;");
        sb.AppendLine("public partial class WorkflowInputsProxy {");
        sb.AppendLine("  public WorkflowInputsProxy(CSharpExecutionContextProxy c) => ExecutionContext = c;");
        sb.AppendLine("  public CSharpExecutionContextProxy ExecutionContext { get; }");
        sb.AppendLine("  public T? Get<T>(string name) => ExecutionContext.GetInput<T>(name);");
        foreach (var (name, type) in inputs.Where(i => IsIdentifier(i.Name)).DistinctBy(i => i.Name))
        {
            var clr = ClrType(type);
            sb.AppendLine($"  public {clr} {name} => Get<{clr}>(\"{name}\")!;");
        }
        sb.AppendLine("}");
        sb.AppendLine("var Inputs = new WorkflowInputsProxy(ExecutionContext);");
        sb.AppendLine("var Input = Inputs;");
        return sb.ToString();
    }

    private static string EngineJsonPascal(string name) => Model.EngineJson.Pascalize(name);

    private static bool IsIdentifier(string name) =>
        name.Length > 0 && (char.IsLetter(name[0]) || name[0] == '_') && name.All(c => char.IsLetterOrDigit(c) || c == '_');

    private static string ClrType(string? typeName) => ValueConversion.IsArrayType(typeName) ? "object?" : ValueConversion.NormalizeType(typeName) switch
    {
        "string" => "string?",
        "int32" => "int",
        "int64" => "long",
        "boolean" => "bool",
        "double" => "double",
        "decimal" => "decimal",
        "datetime" => "DateTime",
        "datetimeoffset" => "DateTimeOffset",
        "guid" => "Guid",
        _ => "object?",
    };

    internal static T? Convert<T>(JsonNode? node)
    {
        if (node is null) return default;
        if (typeof(T) == typeof(object)) return (T?)ToClr(node);
        if (typeof(T) == typeof(string) && node is JsonValue) return (T?)(object?)ValueConversion.ToText(node);
        return node.Deserialize<T>(Model.EngineJson.Options);
    }

    internal static object? ToClr(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => ValueConversion.AsDouble(v) is var d && d == Math.Floor(d) && Math.Abs(d) < 9e15 ? (long)d : d,
            _ => null,
        },
        _ => node.DeepClone(),
    };

    internal static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        JsonNode n => n.DeepClone(),
        _ => JsonSerializer.SerializeToNode(value, value.GetType(), Model.EngineJson.Options),
    };
}
