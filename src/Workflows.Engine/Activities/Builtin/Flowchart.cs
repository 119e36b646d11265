using System.Text.Json.Nodes;
using Workflows.Engine.Execution;
using Workflows.Engine.Model;
using Workflows.Engine.Validation;

namespace Workflows.Engine.Activities.Builtin;

/// <summary>How an activity with several inbound connections treats arrivals.</summary>
public enum JoinMode
{
    /// <summary>Run on every arrival (the default for ordinary activities; loops rely on it).</summary>
    EachArrival,

    /// <summary>Run on the first arrival and cancel the other branches still on their way.</summary>
    WaitAny,

    /// <summary>Run once a token has arrived on every forward (non-loop) inbound connection.</summary>
    WaitAll,

    /// <summary>Like WaitAll, but branches that can no longer arrive (a decision went the other way) are not waited for.</summary>
    WaitAllActive,

    /// <summary>Wait for every inbound connection, loop back-edges included.</summary>
    Converge,
}

/// <summary>
/// Elsa.Flowchart: runs its activities along connections. Outcomes choose the outbound ports; joins
/// synchronise branches with tokens kept in the flowchart's own persisted properties.
/// </summary>
public sealed class FlowchartActivity : ActivityBase
{
    private const string TokensKey = "tokens";

    public override ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = WorkflowDefinition.FlowchartType,
        Name = "Flowchart",
        Category = Categories.Flow,
        DisplayName = new("流程图", "Flowchart"),
        Description = new("按连线依次执行其中的活动。", "Runs its activities along their connections."),
        IsContainer = true,
        IsBrowsable = false,
        Ports = [new PortDescriptor("Start", new("开始", "Start"), PortType.Embedded, IsBrowsable: false)],
    };

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var model = Model(context);
        IReadOnlyList<ActivityNode> starts = context.Workflow.TriggerActivityId is { } trigger && model.Find(trigger) is { } triggerNode
            ? [triggerNode]
            : model.StartActivities();
        if (starts.Count == 0)
        {
            context.Complete();
            return ValueTask.CompletedTask;
        }
        foreach (var start in starts) context.ScheduleChild(start);
        return ValueTask.CompletedTask;
    }

    public override ValueTask OnChildCompletedAsync(ActivityExecutionContext context, ChildCompletion child)
    {
        var model = Model(context);
        if (child.JumpTo is { } jumpTo)
        {
            var target = model.Find(jumpTo)
                ?? throw new ActivityFaultException($"无法退回到活动 {jumpTo}：它不在此流程图中。 / Cannot return to {jumpTo}: it is not in this flowchart.");
            RemoveTokensTo(context, target.Id);
            context.ScheduleChild(target);
            return ValueTask.CompletedTask;
        }

        if (child.Node.Descriptor.IsTerminal)
        {
            // An End inside a flowchart ends the flowchart: other branches still running are cancelled.
            foreach (var live in context.LiveChildren) context.CancelChild(live);
            context.Complete();
            return ValueTask.CompletedTask;
        }

        foreach (var connection in model.Outbound(child.Node.Id))
        {
            if (child.Outcomes.Contains(connection.SourcePort, StringComparer.Ordinal))
                Arrive(context, model, connection);
        }

        FireStalledJoins(context, model);

        if (!context.HasLiveChildren)
        {
            var unfired = Tokens(context).OfType<JsonObject>().Select(t => t.GetString("t")).Distinct().ToList();
            if (unfired.Count > 0)
                context.JournalMessage = $"汇合点 {string.Join("、", unfired)} 未等到全部分支，流程图结束。 / Joins {string.Join(", ", unfired)} never received all branches.";
            context.Complete();
        }
        return ValueTask.CompletedTask;
    }

    private static FlowchartModel Model(ActivityExecutionContext context) =>
        context.Node.Flowchart ?? throw new ActivityFaultException($"活动 {context.Node.Id} 不是流程图。");

    private static void Arrive(ActivityExecutionContext context, FlowchartModel model, FlowConnection connection)
    {
        var target = model.Find(connection.Target)!;
        switch (GetJoinMode(target, model))
        {
            case JoinMode.EachArrival:
                context.ScheduleChild(target);
                break;
            case JoinMode.WaitAny:
                foreach (var live in context.LiveChildren)
                {
                    var liveNode = context.Workflow.Graph.GetNode(live.NodeId);
                    if (liveNode.Id != target.Id && model.CanReach(liveNode.Id, target.Id))
                        context.CancelChild(live);
                }
                RemoveTokensTo(context, target.Id);
                context.ScheduleChild(target);
                break;
            case JoinMode.WaitAll:
                AddToken(context, connection);
                TryFire(context, target, model.ForwardInbound(target.Id).ToList(), allowPartial: false, model);
                break;
            case JoinMode.Converge:
                AddToken(context, connection);
                TryFire(context, target, model.Inbound(target.Id).ToList(), allowPartial: false, model);
                break;
            case JoinMode.WaitAllActive:
                AddToken(context, connection);
                TryFire(context, target, model.ForwardInbound(target.Id).ToList(), allowPartial: true, model);
                break;
        }
    }

    /// <summary>WaitAllActive joins holding tokens fire once nothing still running can reach them.</summary>
    private static void FireStalledJoins(ActivityExecutionContext context, FlowchartModel model)
    {
        var targets = Tokens(context).OfType<JsonObject>().Select(t => t.GetString("t")).Where(t => t is not null).Distinct().ToList();
        foreach (var targetId in targets)
        {
            var target = model.Find(targetId!);
            if (target is not null && GetJoinMode(target, model) == JoinMode.WaitAllActive)
                TryFire(context, target, model.ForwardInbound(target.Id).ToList(), allowPartial: true, model);
        }
    }

    private static void TryFire(ActivityExecutionContext context, ActivityNode target, List<FlowConnection> required, bool allowPartial, FlowchartModel model)
    {
        var tokens = Tokens(context);
        var complete = required.All(r => tokens.OfType<JsonObject>().Any(t => Matches(t, r)));
        if (!complete && allowPartial)
        {
            var stillComing = context.LiveChildren.Any(live =>
            {
                var liveNode = context.Workflow.Graph.GetNode(live.NodeId);
                return liveNode.Id != target.Id && model.CanReach(liveNode.Id, target.Id);
            });
            complete = !stillComing;
        }
        if (!complete) return;

        if (allowPartial)
        {
            RemoveTokensTo(context, target.Id);
        }
        else
        {
            foreach (var r in required)
            {
                var token = tokens.OfType<JsonObject>().First(t => Matches(t, r));
                tokens.Remove(token);
            }
        }
        context.ScheduleChild(target);
    }

    public static JoinMode GetJoinMode(ActivityNode target, FlowchartModel model)
    {
        if (target.Type == FlowJoinActivity.TypeName)
        {
            var literal = target.Json.GetObject("mode")?.GetObject("expression")?.GetString("value")
                ?? target.Json.GetString("mode");
            return literal switch
            {
                "WaitAll" => JoinMode.WaitAll,
                "WaitAllActive" => JoinMode.WaitAllActive,
                _ => JoinMode.WaitAny, // Elsa's FlowJoin defaults to WaitAny
            };
        }

        if (model.Inbound(target.Id).Count <= 1) return JoinMode.EachArrival;
        return target.CustomProperties.GetString("mergeMode") switch
        {
            "Merge" => JoinMode.WaitAll,
            "Converge" => JoinMode.Converge,
            "Race" => JoinMode.WaitAny,
            _ => JoinMode.EachArrival,
        };
    }

    private static JsonArray Tokens(ActivityExecutionContext context) => context.Properties.GetOrAddArray(TokensKey);

    private static void AddToken(ActivityExecutionContext context, FlowConnection c) =>
        Tokens(context).Add(new JsonObject { ["s"] = c.Source, ["p"] = c.SourcePort, ["t"] = c.Target });

    private static bool Matches(JsonObject token, FlowConnection c) =>
        token.GetString("s") == c.Source && token.GetString("p") == c.SourcePort && token.GetString("t") == c.Target;

    private static void RemoveTokensTo(ActivityExecutionContext context, string targetId)
    {
        var tokens = Tokens(context);
        foreach (var token in tokens.OfType<JsonObject>().Where(t => t.GetString("t") == targetId).ToList())
            tokens.Remove(token);
    }

    public override IReadOnlyList<string> GetOutcomes(JsonObject activity) => [FlowConnection.DefaultOutcome];

    public override IEnumerable<ValidationMessage> Validate(JsonObject activity, ValidationContext context) => [];
}
