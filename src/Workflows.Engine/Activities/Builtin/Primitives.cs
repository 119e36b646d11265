using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Workflows.Engine.Execution;
using Workflows.Engine.Expressions;
using Workflows.Engine.Model;
using Workflows.Engine.Validation;
using static Workflows.Engine.Activities.Describe;

namespace Workflows.Engine.Activities.Builtin;

public sealed class StartActivity : CodeActivity
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "Elsa.Start",
        Name = "Start",
        Category = Categories.Flow,
        DisplayName = new("开始", "Start"),
        Description = new("流程图的起点。", "Marks the start of a flowchart."),
        IsStart = true,
    };

    protected override ValueTask RunAsync(ActivityExecutionContext context) => ValueTask.CompletedTask;
}

/// <summary>Ends the enclosing flowchart; branches still running in it are cancelled.</summary>
public sealed class EndActivity : CodeActivity
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "Elsa.End",
        Name = "End",
        Category = Categories.Flow,
        DisplayName = new("结束", "End"),
        Description = new("流程图的终点：到达后流程图结束，其他仍在进行的分支被取消。", "Marks the end of a flowchart; other branches still running are cancelled."),
        IsTerminal = true,
    };

    protected override ValueTask RunAsync(ActivityExecutionContext context) => ValueTask.CompletedTask;
}

/// <summary>Ends the whole instance, however deeply nested it is.</summary>
public sealed class FinishActivity : CodeActivity
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "Elsa.Finish",
        Name = "Finish",
        Category = Categories.Flow,
        DisplayName = new("完成流程", "Finish"),
        Description = new("立即结束整个流程实例。", "Ends the whole workflow instance at once."),
        IsTerminal = true,
    };

    protected override ValueTask RunAsync(ActivityExecutionContext context)
    {
        context.Workflow.RequestFinish();
        return ValueTask.CompletedTask;
    }
}

/// <summary>Writes a line to the service log (Serilog), with the instance id, and to the journal.</summary>
public sealed class WriteLineActivity(ILogger<WriteLineActivity> logger) : CodeActivity
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "Elsa.WriteLine",
        Name = "WriteLine",
        Category = Categories.Console,
        DisplayName = new("输出一行", "Write line"),
        Description = new("向服务日志和流程日志写一行文字。", "Writes a line of text to the service log and the journal."),
        Inputs = [Input("Text", "String", "文本", "Text", "要写出的文字。", "The text to write.")],
    };

    protected override async ValueTask RunAsync(ActivityExecutionContext context)
    {
        var text = await context.GetStringAsync("Text");
        logger.LogInformation("WriteLine {ActivityId}: {Text}", context.Node.Id, text);
        context.JournalMessage = text;
    }
}

public sealed class LogActivity(ILogger<LogActivity> logger) : CodeActivity
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "Workflows.Log",
        Name = "Log",
        Category = Categories.Console,
        DisplayName = new("记录日志", "Log"),
        Description = new("按指定级别写一条服务日志。", "Writes a log message at the chosen level."),
        Inputs =
        [
            Input("Message", "String", "内容", "Message", "日志内容。", "The message."),
            Input("Level", "String", "级别", "Level", "日志级别。", "The log level.", uiHint: "dropdown", defaultValue: "Information",
                uiSpecifications: Dropdown(("Debug", "调试 Debug"), ("Information", "信息 Information"), ("Warning", "警告 Warning"), ("Error", "错误 Error"))),
        ],
    };

    protected override async ValueTask RunAsync(ActivityExecutionContext context)
    {
        var message = await context.GetStringAsync("Message");
        var level = Enum.TryParse<LogLevel>(await context.GetStringAsync("Level"), ignoreCase: true, out var parsed) ? parsed : LogLevel.Information;
        logger.Log(level, "Workflow log {ActivityId}: {Message}", context.Node.Id, message);
        context.JournalMessage = message;
    }
}

/// <summary>Elsa.SetVariable: <c>variable</c> is the picked variable object (unwrapped), <c>value</c> an expression.</summary>
public sealed class SetVariableActivity : CodeActivity
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "Elsa.SetVariable",
        Name = "SetVariable",
        Category = Categories.Primitives,
        DisplayName = new("设置变量", "Set variable"),
        Description = new("给流程变量赋值。", "Assigns a value to a workflow variable."),
        Inputs =
        [
            Input("Variable", "Object", "变量", "Variable", "要赋值的变量。", "The variable to assign.", uiHint: "variable-picker", isWrapped: false, order: 0),
            Input("Value", "Object", "值", "Value", "要赋的值。", "The value to assign.", order: 1),
        ],
    };

    protected override async ValueTask RunAsync(ActivityExecutionContext context)
    {
        var target = VariableName(context.Node.Json)
            ?? throw new ActivityFaultException($"活动 {context.Node.Id} 没有选择要设置的变量。 / No variable chosen.");
        var value = await context.EvaluateInputAsync("Value");
        context.SetVariableByIdOrName(target, value);
    }

    internal static string? VariableName(JsonObject activity) => activity["variable"] switch
    {
        JsonObject v => v.GetString("id") ?? v.GetString("name"),
        JsonValue s when s.TryGetValue<string>(out var text) => text,
        _ => null,
    };

    public override IEnumerable<ValidationMessage> Validate(JsonObject activity, ValidationContext context)
    {
        var id = ActivityJson.Id(activity);
        var reference = VariableName(activity);
        if (reference is null)
        {
            yield return context.Incomplete("setVariable.noVariable", $"活动 {id} 没有选择变量。", $"Activity {id} does not name a variable.", id);
            yield break;
        }
        var variables = context.Definition.Variables;
        if (!variables.Any(v => v.Id == reference || v.Name == reference))
            yield return ValidationMessage.Error("setVariable.unknownVariable", $"活动 {id} 引用了不存在的变量 {reference}。", $"Activity {id} refers to unknown variable {reference}.", id);
    }
}

public sealed class SetOutputActivity : CodeActivity
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "Elsa.SetOutput",
        Name = "SetOutput",
        Category = Categories.Primitives,
        DisplayName = new("设置流程输出", "Set output"),
        Description = new("设置流程的一个输出值（子流程把它交给父流程）。", "Sets a workflow output (a child workflow hands it to its parent)."),
        Inputs =
        [
            Input("OutputName", "String", "输出名", "Output", "流程输出的名称。", "The workflow output to set.", uiHint: "output-picker"),
            Input("OutputValue", "Object", "值", "Value", "输出的值。", "The value."),
        ],
    };

    protected override async ValueTask RunAsync(ActivityExecutionContext context)
    {
        var name = await context.GetStringAsync("OutputName");
        if (string.IsNullOrWhiteSpace(name)) throw new ActivityFaultException("没有指定输出名。 / No output name given.");
        context.SetWorkflowOutput(name, await context.EvaluateInputAsync("OutputValue"));
    }
}

public sealed class CorrelateActivity : CodeActivity
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "Elsa.Correlate",
        Name = "Correlate",
        Category = Categories.Primitives,
        DisplayName = new("设置关联号", "Correlate"),
        Description = new("设置实例的关联号（用于按业务对象查找和投递事件）。", "Sets the instance's correlation id."),
        Inputs = [Input("CorrelationId", "String", "关联号", "Correlation ID", "新的关联号。", "The new correlation id.")],
    };

    protected override async ValueTask RunAsync(ActivityExecutionContext context) =>
        context.Workflow.State.CorrelationId = await context.GetStringAsync("CorrelationId");
}

/// <summary>Elsa.Fault: faults the instance with a message that becomes the incident text.</summary>
public sealed class FaultActivity : ActivityBase
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "Elsa.Fault",
        Name = "Fault",
        Category = Categories.Primitives,
        DisplayName = new("故障", "Fault"),
        Description = new("使流程进入故障状态并记录事件。", "Faults the workflow and records an incident."),
        IsTerminal = true,
        Inputs =
        [
            Input("Code", "String", "代码", "Code", "故障代码。", "Code to categorise the fault."),
            Input("Category", "String", "类别", "Category", "故障类别。", "Category of the fault."),
            Input("FaultType", "String", "类型", "Type", "故障类型（业务、系统……）。", "Type of fault (business, system...)."),
            Input("Message", "String", "说明", "Message", "故障说明。", "The message of the fault.", uiHint: "multiline"),
        ],
    };

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var message = await context.GetStringAsync("Message");
        throw new ActivityFaultException(
            string.IsNullOrWhiteSpace(message) ? "流程被设定为故障。 / The workflow was faulted on purpose." : message,
            await context.GetStringAsync("Code") ?? "0",
            await context.GetStringAsync("Category") ?? "General",
            await context.GetStringAsync("FaultType") ?? "System");
    }
}

/// <summary>Elsa.RunJavaScript: runs a script for its side effects on variables and returns its value.</summary>
public sealed class RunJavaScriptActivity : CodeActivity
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "Elsa.RunJavaScript",
        Name = "RunJavaScript",
        Category = Categories.Scripting,
        DisplayName = new("运行脚本", "Run JavaScript"),
        Description = new("运行一段 JavaScript（ES2023），可读写流程变量。", "Runs JavaScript (ES2023) that can read and write workflow variables."),
        Inputs = [Input("Script", "String", "脚本", "Script", "要运行的 JavaScript。", "The JavaScript to run.", uiHint: "code-editor", uiSpecifications: CodeEditor("javascript"), defaultSyntax: ExpressionEvaluator.JavaScript)],
        Outputs = [Output("Result", "Object", "结果", "Result", "脚本的返回值。", "The value the script returned.")],
    };

    protected override async ValueTask RunAsync(ActivityExecutionContext context)
    {
        // The script input is stored as a literal of script text (code editor); run it as JavaScript either way.
        context.Node.Json.TryGetPropertyValue("script", out var raw);
        var script = raw is JsonObject wrapped ? ValueConversion.ToText(wrapped.GetObject("expression")?["value"]) : ValueConversion.ToText(raw);
        var result = await context.Workflow.Expressions.EvaluateAsync(ExpressionEvaluator.JavaScript, JsonValue.Create(script ?? ""), "Object", context, $"{context.Node.Id}.script");
        context.EvaluatedInputs["script"] = script;
        context.SetOutput("Result", result);
    }

    public override IEnumerable<ValidationMessage> Validate(JsonObject activity, ValidationContext context)
    {
        var id = ActivityJson.Id(activity);
        var raw = activity["script"];
        var script = raw is JsonObject wrapped ? ValueConversion.ToText(wrapped.GetObject("expression")?["value"]) : ValueConversion.ToText(raw);
        if (context.Expressions.CheckSyntax(ExpressionEvaluator.JavaScript, JsonValue.Create(script ?? "")) is { } error)
            yield return ValidationMessage.Error("expression.invalid", $"活动 {id} 的脚本：{error}", $"Activity {id}, script: {error}", id);
    }
}
