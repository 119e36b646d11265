using System.Text.Json.Nodes;
using Workflows.Engine.Execution;
using Workflows.Engine.Expressions;
using Workflows.Engine.Model;
using static Workflows.Engine.Activities.Describe;

namespace Workflows.Engine.Activities.Builtin;

/// <summary>
/// Elsa.Sequence (elsa-core Workflows.Core/Activities/Sequence.cs): runs its <c>activities</c> one after another,
/// ignoring connections. A terminal child (End, Break, Complete) or a Break signal ends the sequence at once.
/// </summary>
public sealed class SequenceActivity : ActivityBase
{
    private const string IndexKey = "currentIndex";

    public override ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "Elsa.Sequence",
        Name = "Sequence",
        Category = Categories.Workflows,
        DisplayName = new("顺序执行", "Sequence"),
        Description = new("按顺序逐个执行其中的活动。", "Execute a set of activities in sequence."),
        IsContainer = true,
        // Elsa hides it from the toolbox: Studio has no designer for sequences.
        IsBrowsable = false,
    };

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.Properties[IndexKey] = 0;
        Next(context);
        return ValueTask.CompletedTask;
    }

    public override ValueTask OnChildCompletedAsync(ActivityExecutionContext context, ChildCompletion child)
    {
        if (Loops.IsBreaking(context) || child.Node.Descriptor.IsTerminal)
        {
            context.Complete();
            return ValueTask.CompletedTask;
        }
        Next(context);
        return ValueTask.CompletedTask;
    }

    private static void Next(ActivityExecutionContext context)
    {
        var children = context.Node.Flowchart?.Activities ?? [];
        var index = context.Properties.GetInt(IndexKey) ?? 0;
        if (index >= children.Count)
        {
            context.Complete();
            return;
        }
        context.Properties[IndexKey] = index + 1;
        context.ScheduleChild(children[index]);
    }
}

/// <summary>Elsa.Parallel (Workflows.Core/Activities/Parallel.cs): runs all its activities at once, completes when all have.</summary>
public sealed class ParallelActivity : ActivityBase
{
    private const string RemainingKey = "scheduledChildren";

    public override ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "Elsa.Parallel",
        Name = "Parallel",
        Category = Categories.Workflows,
        DisplayName = new("并行执行", "Parallel"),
        Description = new("同时执行其中的全部活动，全部完成后继续。", "Execute a set of activities in parallel."),
        IsContainer = true,
        IsBrowsable = false,
    };

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var children = context.Node.Flowchart?.Activities ?? [];
        if (children.Count == 0)
        {
            context.Complete();
            return ValueTask.CompletedTask;
        }
        context.Properties[RemainingKey] = children.Count;
        foreach (var child in children) context.ScheduleChild(child);
        return ValueTask.CompletedTask;
    }

    public override ValueTask OnChildCompletedAsync(ActivityExecutionContext context, ChildCompletion child)
    {
        var remaining = (context.Properties.GetInt(RemainingKey) ?? 1) - 1;
        context.Properties[RemainingKey] = remaining;
        if (remaining <= 0) context.Complete();
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// Elsa.If (Workflows.Core/Activities/If.cs): evaluates <c>condition</c>, schedules <c>then</c> or <c>else</c>,
/// completes when that branch has (at once when the branch is empty). Its Boolean is its <c>result</c> output.
/// </summary>
public sealed class IfActivity : ActivityBase
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "Elsa.If",
        Name = "If",
        Category = Categories.Branching,
        DisplayName = new("如果", "If"),
        Description = new("计算一个布尔条件，执行“则”或“否则”分支中的活动。", "Evaluate a Boolean condition to determine which activity to execute next."),
        Inputs = [Input("Condition", "Boolean", "条件", "Condition", "为真执行 Then，为假执行 Else。", "True runs Then, false runs Else.", defaultValue: false)],
        Outputs = [Output("Result", "Boolean", "结果", "Result", "条件的值。", "The value of the condition.")],
        Ports = [Embedded("Then", "则", "Then"), Embedded("Else", "否则", "Else")],
    };

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var result = await context.GetBoolAsync("Condition");
        context.SetOutput("Result", result);
        if (context.Node.EmbeddedPorts.TryGetValue(result ? "then" : "else", out var branch))
            context.ScheduleChild(branch);
        else
            context.Complete();
    }
}

/// <summary>
/// Elsa.Switch (Workflows.Core/Activities/Switch.cs): evaluates every case's condition, schedules the first
/// matching case's activity (or every match), else <c>default</c>; completes when all it scheduled have completed.
/// </summary>
public sealed class SwitchActivity : ActivityBase
{
    private const string ScheduledKey = "scheduledActivityIds";

    public override ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "Elsa.Switch",
        Name = "Switch",
        Category = Categories.Branching,
        DisplayName = new("多路选择", "Switch"),
        Description = new("依次计算各分支的条件，执行匹配分支中的活动；都不匹配时执行 Default。", "Evaluate a set of case conditions and schedule the activity for a matching case."),
        Inputs =
        [
            Input("Cases", "Object", "分支", "Cases", "各分支的名称、条件和活动。", "The cases to evaluate.", uiHint: "switch-editor", isWrapped: false, defaultValue: new JsonArray()),
            Input("Mode", "String", "匹配方式", "Mode", "只执行第一个匹配的分支，还是执行全部匹配的分支。", "The switch mode determines whether the first match should be scheduled, or all matches.",
                uiHint: "dropdown", defaultValue: "MatchFirst", uiSpecifications: Dropdown(("MatchFirst", "第一个匹配 MatchFirst"), ("MatchAny", "全部匹配 MatchAny"))),
        ],
        Ports = [Embedded("Default", "默认", "Default")],
    };

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var matchAny = await context.GetStringAsync("Mode") == "MatchAny";
        var cases = context.Node.Json.GetArray("cases") ?? [];
        var scheduled = new List<ActivityNode>();
        var matched = new JsonArray();
        for (var i = 0; i < cases.Count; i++)
        {
            if (cases[i] is not JsonObject switchCase) continue;
            var condition = switchCase.GetObject("condition");
            var label = switchCase.GetString("label") ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var value = await context.Workflow.Expressions.EvaluateAsync(condition?.GetString("type") ?? ExpressionEvaluator.Literal, condition?["value"], "Boolean", context, $"{context.Node.Id}.cases[{label}]");
            if (ValueConversion.ToBool(value) != true) continue;
            matched.Add(label);
            if (context.Node.EmbeddedPorts.TryGetValue($"cases[{i}].activity", out var activity)) scheduled.Add(activity);
            if (!matchAny) break;
        }
        context.EvaluatedInputs["matched"] = matched;
        if (matched.Count == 0 && context.Node.EmbeddedPorts.TryGetValue("default", out var fallback)) scheduled.Add(fallback);

        if (scheduled.Count == 0)
        {
            context.Complete();
            return;
        }
        context.Properties[ScheduledKey] = new JsonArray(scheduled.Select(s => (JsonNode?)JsonValue.Create(s.Id)).ToArray());
        foreach (var node in scheduled) context.ScheduleChild(node);
    }

    public override ValueTask OnChildCompletedAsync(ActivityExecutionContext context, ChildCompletion child)
    {
        var scheduled = context.Properties.GetArray(ScheduledKey) ?? [];
        if (scheduled.FirstOrDefault(s => ValueConversion.ToText(s) == child.Node.Id) is { } done) scheduled.Remove(done);
        if (scheduled.Count == 0) context.Complete();
        return ValueTask.CompletedTask;
    }
}

/// <summary>Elsa.FlowNode (Workflows.Core/Activities/Flowchart/Activities/FlowNode.cs): a container running its <c>body</c>.</summary>
public sealed class FlowNodeActivity : ActivityBase
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "Elsa.FlowNode",
        Name = "FlowNode",
        Category = Categories.Flow,
        DisplayName = new("容器", "Container"),
        Description = new("执行其中的一个活动，完成后继续。", "A simple container that executes the specified activity."),
        Ports = [Embedded("Body", "内容", "Body")],
    };

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        if (context.Node.EmbeddedPorts.TryGetValue("body", out var body)) context.ScheduleChild(body);
        else context.Complete();
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// Elsa.Fork (Workflows.Core/Activities/Fork.cs): runs every activity of <c>branches</c> at once. <c>joinMode</c>
/// WaitAll completes when all have, WaitAny on the first (the others are cancelled); a Break inside completes it.
/// </summary>
public sealed class ForkActivity : ActivityBase
{
    private const string CompletedKey = "completed";

    public override ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "Elsa.Fork",
        Name = "Fork",
        Category = Categories.ControlFlow,
        DisplayName = new("分叉", "Fork"),
        Description = new("同时执行多个分支；全部完成（WaitAll）或任一完成（WaitAny）后继续。", "Branch execution into multiple branches."),
        Inputs =
        [
            Input("JoinMode", "String", "汇合方式", "Join mode", "何时把控制交还给上级活动。", "Controls when this activity yields control back to its parent activity.",
                uiHint: "dropdown", isWrapped: false, defaultValue: "WaitAll", uiSpecifications: Dropdown(("WaitAll", "全部完成 WaitAll"), ("WaitAny", "任一完成 WaitAny"))),
        ],
        IsBrowsable = false,
    };

    private static List<ActivityNode> Branches(ActivityExecutionContext context) =>
        context.Node.EmbeddedPorts.Where(p => p.Key.StartsWith("branches[", StringComparison.OrdinalIgnoreCase)).Select(p => p.Value).ToList();

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var branches = Branches(context);
        if (branches.Count == 0) context.Complete();
        foreach (var branch in branches) context.ScheduleChild(branch);
        return ValueTask.CompletedTask;
    }

    public override ValueTask OnChildCompletedAsync(ActivityExecutionContext context, ChildCompletion child)
    {
        var completed = context.Properties.GetOrAddArray(CompletedKey);
        completed.Add(child.Node.Id);
        var waitAny = ValueConversion.ToText(context.Node.Json["joinMode"]) == "WaitAny";
        var all = Branches(context).All(b => completed.Any(c => ValueConversion.ToText(c) == b.Id));
        // Completing cancels the branches still running (the executor cancels live children of a completed activity).
        if (Loops.IsBreaking(context) || waitAny || all) context.Complete();
        return ValueTask.CompletedTask;
    }
}
