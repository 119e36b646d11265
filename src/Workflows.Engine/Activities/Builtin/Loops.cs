using System.Text.Json.Nodes;
using Workflows.Engine.Execution;
using Workflows.Engine.Expressions;
using Workflows.Engine.Model;
using static Workflows.Engine.Activities.Describe;

namespace Workflows.Engine.Activities.Builtin;

/// <summary>An activity that a Break inside it ends and an Elsa.Complete inside it completes (Elsa's BreakBehavior).</summary>
public interface ILoopActivity;

/// <summary>
/// Elsa's break signal (Workflows.Core/Behaviors/BreakBehavior.cs): it travels up from the Break; Sequence and
/// Fork note it and let it go on, the nearest loop notes it and stops it. Each checks the note when its current
/// child completes.
/// </summary>
public static class Loops
{
    private const string BreakingKey = "isBreaking";

    public static bool IsBreaking(ActivityExecutionContext context) => context.Properties.GetBool(BreakingKey) == true;

    public static void SignalBreak(ActivityExecutionContext from)
    {
        for (var scope = from.Parent; scope is not null; scope = scope.Parent)
        {
            var activity = scope.Node.Activity;
            if (activity is ILoopActivity)
            {
                scope.Properties[BreakingKey] = true;
                return;
            }
            if (activity is SequenceActivity or ForkActivity) scope.Properties[BreakingKey] = true;
        }
    }

    /// <summary>The nearest enclosing loop, or the root (Elsa's workflow composite) when there is none.</summary>
    public static ActivityExecutionContext CompositeOf(ActivityExecutionContext from)
    {
        var scope = from;
        for (var parent = from.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent.Node.Activity is ILoopActivity) return parent;
            scope = parent;
        }
        return scope;
    }
}

/// <summary>Elsa.While (Workflows.Core/Activities/While.cs): runs <c>body</c> while <c>condition</c> holds, evaluated before each round.</summary>
public sealed class WhileActivity : ActivityBase, ILoopActivity
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "Elsa.While",
        Name = "While",
        Category = Categories.Looping,
        DisplayName = new("当…时循环", "While"),
        Description = new("条件为真时反复执行循环体。", "Execute an activity while a given condition evaluates to true."),
        Inputs = [Input("Condition", "Boolean", "条件", "Condition", "每轮开始前计算；为假时结束循环。", "Evaluated before each round; false ends the loop.", defaultValue: false)],
        Ports = [Embedded("Body", "循环体", "Body")],
    };

    public override ValueTask ExecuteAsync(ActivityExecutionContext context) => IterateAsync(context);

    public override ValueTask OnChildCompletedAsync(ActivityExecutionContext context, ChildCompletion child) => IterateAsync(context);

    private static async ValueTask IterateAsync(ActivityExecutionContext context)
    {
        if (Loops.IsBreaking(context) || !await context.GetBoolAsync("Condition"))
        {
            context.Complete();
            return;
        }
        if (context.Node.EmbeddedPorts.TryGetValue("body", out var body))
            context.ScheduleChild(body);
        else
            throw new ActivityFaultException($"循环 {context.Node.Id} 没有循环体而条件为真，不会结束。 / While {context.Node.Id} has no body and a true condition: it would never end.");
    }
}

/// <summary>
/// Elsa.For (Workflows.Core/Activities/For.cs): counts from <c>start</c> to <c>end</c> by <c>step</c> (inclusive by
/// default; a negative step counts down), the counter as the <c>CurrentValue</c> variable and output.
/// </summary>
public sealed class ForActivity : ActivityBase, ILoopActivity
{
    private const string StepKey = "currentStep";

    public override ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "Elsa.For",
        Name = "For",
        Category = Categories.Looping,
        DisplayName = new("计数循环", "For"),
        Description = new("从起始值到结束值按步长计数，每个值执行一次循环体。", "Iterate over a sequence of steps between a start and an end number."),
        Inputs =
        [
            Input("Start", "Int32", "起始值", "Start", "起始值。", "The start step.", defaultValue: 0),
            Input("End", "Int32", "结束值", "End", "结束值。", "The end step.", defaultValue: 0),
            Input("Step", "Int32", "步长", "Step", "步长；倒数请填负数。", "The step size. To count down, enter a negative number.", defaultValue: 1),
            Input("OuterBoundInclusive", "Boolean", "包含结束值", "Outer bound inclusive", "结束值本身是否也执行（默认是）。", "Controls whether the end step is upper/lowerbound inclusive or exclusive. True (inclusive) by default.", uiHint: "checkbox", defaultValue: true),
        ],
        Outputs = [Output("CurrentValue", "Object", "当前值", "Current value", "当前计数。", "The current step.")],
        Ports = [Embedded("Body", "循环体", "Body")],
    };

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        // Elsa's For does nothing, not even complete its round, without a body; completing is the useful reading.
        if (!context.Node.EmbeddedPorts.ContainsKey("body"))
        {
            context.Complete();
            return ValueTask.CompletedTask;
        }
        return IterateAsync(context);
    }

    public override ValueTask OnChildCompletedAsync(ActivityExecutionContext context, ChildCompletion child) => IterateAsync(context);

    private static async ValueTask IterateAsync(ActivityExecutionContext context)
    {
        var end = (int)(await context.GetNumberAsync("End") ?? 0);
        var start = (int)(await context.GetNumberAsync("Start") ?? 0);
        var step = (int)(await context.GetNumberAsync("Step") ?? 1);
        var inclusive = await context.GetBoolAsync("OuterBoundInclusive", true);
        var current = context.Properties.GetInt(StepKey) is { } previous ? previous + step : start;
        var up = step >= 0;
        var loop = !Loops.IsBreaking(context) && (up ? (inclusive ? current <= end : current < end) : (inclusive ? current >= end : current > end));
        if (!loop)
        {
            context.Complete();
            return;
        }
        context.Properties[StepKey] = current;
        context.SetOutput("CurrentValue", current);
        context.ScheduleChild(context.Node.EmbeddedPorts["body"], new JsonObject { ["CurrentValue"] = current });
    }
}

/// <summary>Elsa.Break (Workflows.Core/Activities/Break.cs): ends the nearest loop; as a terminal node it also ends its flowchart or sequence.</summary>
public sealed class BreakActivity : CodeActivity
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "Elsa.Break",
        Name = "Break",
        Category = Categories.Looping,
        DisplayName = new("跳出循环", "Break"),
        Description = new("结束所在的循环。", "Break out of a loop."),
        IsTerminal = true,
    };

    protected override ValueTask RunAsync(ActivityExecutionContext context)
    {
        Loops.SignalBreak(context);
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// Elsa.Complete (Workflows.Core/Activities/Complete.cs, Composite.cs): completes the enclosing composite as a whole
/// with the given outcomes: the nearest loop, otherwise the workflow itself (whose outcome a parent sees when the
/// workflow runs as an activity). Everything still running inside is cancelled.
/// </summary>
public sealed class CompleteActivity : CodeActivity
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "Elsa.Complete",
        Name = "Complete",
        Category = Categories.Composition,
        DisplayName = new("完成组合活动", "Complete"),
        Description = new("让所在的组合活动（循环或整个流程）以指定的结果结束。", "Signals the current composite activity to complete itself as a whole."),
        IsTerminal = true,
        Inputs = [Input("Outcomes", "Object", "结果", "Outcomes", "结束时的一个或多个结果。", "The outcome or set of outcomes to complete this activity with.", uiHint: "outcome-picker", defaultSyntax: ExpressionEvaluator.Object)],
    };

    protected override async ValueTask RunAsync(ActivityExecutionContext context)
    {
        var value = await context.EvaluateInputAsync("Outcomes");
        var outcomes = value switch
        {
            null => ["Done"],
            JsonArray array => array.Select(ValueConversion.ToText).Where(t => !string.IsNullOrEmpty(t)).Select(t => t!).ToList(),
            _ => ValueConversion.ToText(value) is { Length: > 0 } text ? (ValueConversion.TryParse(text) is JsonArray parsed ? ValueConversion.ToStringList(parsed).ToList() : [text]) : ["Done"],
        };
        var composite = Loops.CompositeOf(context);
        context.Workflow.RequestCompositeCompletion(context.Id, composite.Id, outcomes);
    }
}

/// <summary>Elsa.SetName (Workflows.Core/Activities/SetName.cs): renames the instance.</summary>
public sealed class SetNameActivity : CodeActivity
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "Elsa.SetName",
        Name = "SetName",
        Category = Categories.Primitives,
        DisplayName = new("设置实例名称", "Set name"),
        Description = new("设置流程实例的名称。", "Set the name of the workflow instance to a specified value."),
        Inputs = [Input("Value", "String", "名称", "Value", "实例的新名称。", "The new name of the instance.", defaultValue: "")],
    };

    protected override async ValueTask RunAsync(ActivityExecutionContext context) =>
        context.Workflow.State.Name = await context.GetStringAsync("Value");
}
