using System.Globalization;
using System.Text.Json.Nodes;
using Workflows.Engine.Execution;
using Workflows.Engine.Expressions;
using Workflows.Engine.Model;
using static Workflows.Engine.Activities.Describe;

namespace Workflows.Engine.Activities.Builtin;

/// <summary>
/// Elsa.ForEach and Elsa.ParallelForEach: run the embedded <c>body</c> once per item, with
/// <c>CurrentValue</c> and <c>CurrentIndex</c> as variables of the iteration's scope.
/// </summary>
public abstract class ForEachBase : ActivityBase
{
    protected const string ItemsKey = "items";
    protected const string IndexKey = "index";
    protected const string RemainingKey = "remaining";

    protected static ActivityDescriptor Build(string typeName, string name, LocalizedText displayName, LocalizedText description) => new()
    {
        TypeName = typeName,
        Name = name,
        Category = Categories.Looping,
        DisplayName = displayName,
        Description = description,
        IsContainer = false,
        Inputs = [Input("Items", "Object", "集合", "Items", "要遍历的集合（JSON 数组或表达式）。", "The items to iterate (a JSON array or an expression).", defaultSyntax: ExpressionEvaluator.JavaScript)],
        Outputs = [Output("CurrentValue", "Object", "当前项", "Current value", "当前遍历到的项。", "The item of the current iteration.")],
        Ports = [Embedded("Body", "循环体", "Body")],
    };

    protected static async ValueTask<JsonArray> EvaluateItemsAsync(ActivityExecutionContext context)
    {
        var value = await context.EvaluateInputAsync("Items");
        return ValueConversion.ToArray(value)?.DeepClone().AsArray()
            ?? new JsonArray(ValueConversion.ToStringList(value).Select(s => (JsonNode?)JsonValue.Create(s)).ToArray());
    }

    protected static void ScheduleIteration(ActivityExecutionContext context, ActivityNode body, JsonArray items, int index)
    {
        var item = items[index]?.DeepClone();
        context.SetOutput("CurrentValue", item);
        var locals = new JsonObject { ["CurrentValue"] = item, ["CurrentIndex"] = index };
        context.ScheduleChild(body, locals, index.ToString(CultureInfo.InvariantCulture));
    }

    protected static ActivityNode? Body(ActivityExecutionContext context) =>
        context.Node.EmbeddedPorts.TryGetValue("body", out var body) ? body : null;
}

public sealed class ForEachActivity : ForEachBase, ILoopActivity
{
    public override ActivityDescriptor Descriptor { get; } = Build("Elsa.ForEach", "ForEach",
        new("逐项循环", "For each"), new("按顺序对集合中的每一项执行循环体。", "Runs the body for each item, one after another."));

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var items = await EvaluateItemsAsync(context);
        context.Properties[ItemsKey] = items;
        context.Properties[IndexKey] = 0;
        Next(context);
    }

    public override ValueTask OnChildCompletedAsync(ActivityExecutionContext context, ChildCompletion child)
    {
        context.Properties[IndexKey] = (context.Properties.GetInt(IndexKey) ?? 0) + 1;
        Next(context);
        return ValueTask.CompletedTask;
    }

    private static void Next(ActivityExecutionContext context)
    {
        var items = context.Properties.GetArray(ItemsKey) ?? [];
        var index = context.Properties.GetInt(IndexKey) ?? 0;
        var body = Body(context);
        // Elsa's ForEach<T> carries the BreakBehavior (Workflows.Core/Activities/ForEachT.cs).
        if (index >= items.Count || body is null || Loops.IsBreaking(context))
        {
            context.Complete();
            return;
        }
        ScheduleIteration(context, body, items, index);
    }
}

public sealed class ParallelForEachActivity : ForEachBase
{
    public override ActivityDescriptor Descriptor { get; } = Build("Elsa.ParallelForEach", "ParallelForEach",
        new("并行逐项", "Parallel for each"), new("对集合中的每一项同时执行循环体，全部完成后继续。", "Runs the body for every item at once and continues when all are done."));

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var items = await EvaluateItemsAsync(context);
        var body = Body(context);
        if (items.Count == 0 || body is null)
        {
            context.Complete();
            return;
        }
        context.Properties[RemainingKey] = items.Count;
        for (var i = 0; i < items.Count; i++)
            ScheduleIteration(context, body, items, i);
    }

    public override ValueTask OnChildCompletedAsync(ActivityExecutionContext context, ChildCompletion child)
    {
        var remaining = (context.Properties.GetInt(RemainingKey) ?? 1) - 1;
        context.Properties[RemainingKey] = remaining;
        if (remaining <= 0) context.Complete();
        return ValueTask.CompletedTask;
    }
}
