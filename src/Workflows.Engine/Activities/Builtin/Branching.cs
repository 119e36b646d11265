using System.Text.Json.Nodes;
using Workflows.Engine.Execution;
using Workflows.Engine.Expressions;
using Workflows.Engine.Model;
using Workflows.Engine.Validation;
using static Workflows.Engine.Activities.Describe;

namespace Workflows.Engine.Activities.Builtin;

public sealed class FlowDecisionActivity : ActivityBase
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "Elsa.FlowDecision",
        Name = "FlowDecision",
        Category = Categories.Branching,
        DisplayName = new("条件判断", "Decision"),
        Description = new("计算一个布尔条件，走“是”或“否”分支。", "Evaluates a Boolean condition and continues on True or False."),
        Inputs = [Input("Condition", "Boolean", "条件", "Condition", "为真走 True，为假走 False。", "True continues on True, false on False.", defaultSyntax: ExpressionEvaluator.JavaScript)],
        Ports = [Flow("True", "是", "True"), Flow("False", "否", "False")],
    };

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var result = await context.GetBoolAsync("Condition");
        context.Complete(result ? "True" : "False");
    }
}

/// <summary>Elsa.FlowSwitch: named cases with conditions; the first match (or every match) is followed, else Default.</summary>
public sealed class FlowSwitchActivity : ActivityBase
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "Elsa.FlowSwitch",
        Name = "FlowSwitch",
        Category = Categories.Branching,
        DisplayName = new("多路分支", "Switch"),
        Description = new("依次计算各分支条件，走满足条件的分支；都不满足时走 Default。", "Evaluates each case and continues on the matching one, or on Default."),
        Inputs =
        [
            Input("Cases", "Object", "分支", "Cases", "各分支的名称和条件。", "The cases, each with a label and a condition.", uiHint: "flow-switch-editor", isWrapped: false, defaultValue: new JsonArray()),
            Input("Mode", "String", "匹配方式", "Mode", "只走第一个匹配的分支，还是走全部匹配的分支。", "Follow the first match or every match.", uiHint: "dropdown", defaultValue: "MatchFirst",
                uiSpecifications: Dropdown(("MatchFirst", "第一个匹配 MatchFirst"), ("MatchAny", "全部匹配 MatchAny"))),
        ],
        Ports = [Flow("Default", "默认", "Default")],
    };

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var matchAll = await context.GetStringAsync("Mode") == "MatchAny";
        var matches = new List<string>();
        foreach (var (label, condition) in Cases(context.Node.Json))
        {
            var type = condition?.GetString("type") ?? ExpressionEvaluator.Literal;
            var value = await context.Workflow.Expressions.EvaluateAsync(type, condition?["value"], "Boolean", context, $"{context.Node.Id}.cases[{label}]");
            if (ValueConversion.ToBool(value) != true) continue;
            matches.Add(label);
            if (!matchAll) break;
        }
        context.EvaluatedInputs["matched"] = new JsonArray(matches.Select(m => (JsonNode?)JsonValue.Create(m)).ToArray());
        context.Complete(matches.Count > 0 ? matches : ["Default"]);
    }

    private static IEnumerable<(string Label, JsonObject? Condition)> Cases(JsonObject activity) =>
        (activity.GetArray("cases") ?? []).OfType<JsonObject>()
            .Select(c => (c.GetString("label") ?? "", c.GetObject("condition")))
            .Where(c => c.Item1.Length > 0);

    public override IReadOnlyList<string> GetOutcomes(JsonObject activity) =>
        Cases(activity).Select(c => c.Label).Append("Default").Distinct().ToList();
}

/// <summary>Elsa.FlowFork: continues on every listed branch at once.</summary>
public sealed class FlowForkActivity : ActivityBase
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "Elsa.FlowFork",
        Name = "FlowFork",
        Category = Categories.Branching,
        DisplayName = new("并行分支", "Fork"),
        Description = new("同时进入列出的所有分支。", "Continues on all listed branches in parallel."),
        Inputs = [Input("Branches", "String[]", "分支", "Branches", "分支（出口）名称。", "The names of the branches (outcomes).", uiHint: "dynamic-outcomes")],
    };

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var branches = await context.GetStringListAsync("Branches");
        context.Complete(branches.Count > 0 ? branches : [FlowConnection.DefaultOutcome]);
    }

    public override IReadOnlyList<string> GetOutcomes(JsonObject activity)
    {
        var branches = OutcomeList.Read(activity, "branches");
        return branches.Count > 0 ? branches : [FlowConnection.DefaultOutcome];
    }
}

/// <summary>Elsa.FlowJoin: the join behaviour lives in the flowchart; reaching this activity means it fired.</summary>
public sealed class FlowJoinActivity : CodeActivity
{
    public const string TypeName = "Elsa.FlowJoin";

    public override ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = TypeName,
        Name = "FlowJoin",
        Category = Categories.Branching,
        DisplayName = new("汇合", "Join"),
        Description = new("汇合多个分支：任一到达即继续（WaitAny），或等待全部（WaitAll），或等待全部仍可能到达的分支（WaitAllActive）。",
            "Merges branches: continue on the first arrival (WaitAny), on all (WaitAll), or on all that can still arrive (WaitAllActive)."),
        Inputs =
        [
            Input("Mode", "String", "汇合方式", "Mode", "WaitAny：任一分支到达即继续并取消其他分支；WaitAll：等待全部分支；WaitAllActive：等待全部仍在进行的分支。",
                "WaitAny continues on the first branch and cancels the others; WaitAll waits for all; WaitAllActive waits for all branches still under way.",
                uiHint: "dropdown", defaultValue: "WaitAny",
                uiSpecifications: Dropdown(("WaitAny", "任一到达 WaitAny"), ("WaitAll", "全部到达 WaitAll"), ("WaitAllActive", "全部活动分支 WaitAllActive"))),
        ],
    };

    protected override async ValueTask RunAsync(ActivityExecutionContext context) => await context.GetStringAsync("Mode");
}

/// <summary>Reads a list of outcome names from a dynamic-outcomes input without evaluating it (for ports and validation).</summary>
public static class OutcomeList
{
    public static IReadOnlyList<string> Read(JsonObject activity, string member)
    {
        if (!activity.TryGetPropertyValue(member, out var raw) || raw is null) return [];
        var value = raw is JsonObject wrapped && wrapped.GetObject("expression") is { } expression ? expression["value"] : raw;
        return ValueConversion.ToStringList(value);
    }
}
