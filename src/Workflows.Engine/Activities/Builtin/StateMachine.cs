using System.Globalization;
using System.Text.Json.Nodes;
using Workflows.Engine.Execution;
using Workflows.Engine.Expressions;
using Workflows.Engine.Model;
using static Workflows.Engine.Activities.Describe;

namespace Workflows.Engine.Activities.Builtin;

/// <summary>
/// Elsa.StateMachine (Workflows.Core/Activities/StateMachine/Activities/StateMachine.cs): named <c>states</c> with
/// optional <c>entry</c>/<c>exit</c> activities and <c>transitions</c> {from, to, trigger, condition, action}.
/// Entering a state runs its entry, then every outbound trigger at once; the first trigger to complete whose
/// condition holds wins, the competing triggers are cancelled, then the action, the source's exit, and the
/// target is entered. A state without outbound triggers completes the machine.
/// </summary>
public sealed class StateMachineActivity : ActivityBase
{
    private const string CurrentKey = "currentState";

    public override ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "Elsa.StateMachine",
        Name = "StateMachine",
        Category = Categories.Flow,
        DisplayName = new("状态机", "State machine"),
        Description = new("由命名状态和触发转换组成的状态机。", "Executes a state machine made of named states and trigger-driven transitions."),
        Inputs =
        [
            Input("InitialState", "String", "初始状态", "Initial state", "没有当前状态时进入的第一个状态。", "The first state to enter when no current state is set.", isWrapped: false),
            Input("CurrentState", "String", "当前状态", "Current state", "当前所处的状态。", "The currently active state.", isWrapped: false),
        ],
    };

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var json = context.Node.Json;
        var current = json.GetString("currentState") is { Length: > 0 } set ? set : json.GetString("initialState");
        SetCurrent(context, current);
        return EnterAsync(context);
    }

    public override async ValueTask OnChildCompletedAsync(ActivityExecutionContext context, ChildCompletion child)
    {
        var tag = child.State.Tag ?? "";
        var separator = tag.IndexOf(':', StringComparison.Ordinal);
        if (separator < 0) return;
        var phase = tag[..separator];
        var rest = tag[(separator + 1)..];
        if (phase == "entry")
        {
            ScheduleTriggers(context);
            return;
        }

        var index = int.Parse(rest, CultureInfo.InvariantCulture);
        var transition = Transitions(context)[index];
        if (transition.GetString("from") != Current(context) || FindState(context, transition.GetString("to")) < 0) return;
        switch (phase)
        {
            case "trigger":
                if (transition["condition"] is { } condition
                    && ValueConversion.ToBool(await context.Workflow.Expressions.EvaluateInputAsync(condition, "Boolean", context, $"{context.Node.Id}.transitions[{index}].condition")) != true)
                {
                    // Elsa schedules the trigger again and waits for its next occurrence.
                    context.ScheduleChild(child.Node, tag: tag);
                    return;
                }
                foreach (var live in context.LiveChildren.Where(l => l.Tag?.StartsWith("trigger:", StringComparison.Ordinal) == true))
                    context.CancelChild(live);
                if (context.Node.EmbeddedPorts.TryGetValue($"transitions[{index}].action", out var action))
                    context.ScheduleChild(action, tag: $"action:{index}");
                else
                    await ExitAsync(context, index, transition);
                break;
            case "action":
                await ExitAsync(context, index, transition);
                break;
            case "exit":
                SetCurrent(context, transition.GetString("to"));
                await EnterAsync(context);
                break;
        }
    }

    private static ValueTask ExitAsync(ActivityExecutionContext context, int index, JsonObject transition)
    {
        var source = FindState(context, transition.GetString("from"));
        if (source >= 0 && context.Node.EmbeddedPorts.TryGetValue($"states[{source}].exit", out var exit))
        {
            context.ScheduleChild(exit, tag: $"exit:{index}");
            return ValueTask.CompletedTask;
        }
        SetCurrent(context, transition.GetString("to"));
        return EnterAsync(context);
    }

    private static ValueTask EnterAsync(ActivityExecutionContext context)
    {
        var state = FindState(context, Current(context));
        if (state < 0)
        {
            context.Complete();
            return ValueTask.CompletedTask;
        }
        if (context.Node.EmbeddedPorts.TryGetValue($"states[{state}].entry", out var entry))
            context.ScheduleChild(entry, tag: $"entry:{state}");
        else
            ScheduleTriggers(context);
        return ValueTask.CompletedTask;
    }

    private static void ScheduleTriggers(ActivityExecutionContext context)
    {
        var current = Current(context);
        var transitions = Transitions(context);
        var scheduled = 0;
        for (var i = 0; i < transitions.Count; i++)
        {
            var t = transitions[i];
            if (t.GetString("from") != current || FindState(context, t.GetString("to")) < 0) continue;
            if (!context.Node.EmbeddedPorts.TryGetValue($"transitions[{i}].trigger", out var trigger)) continue;
            context.ScheduleChild(trigger, tag: $"trigger:{i}");
            scheduled++;
        }
        if (scheduled == 0) context.Complete();
    }

    private static List<JsonObject> Transitions(ActivityExecutionContext context) =>
        (context.Node.Json.GetArray("transitions") ?? []).Select(t => t as JsonObject ?? []).ToList();

    private static int FindState(ActivityExecutionContext context, string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return -1;
        var states = context.Node.Json.GetArray("states") ?? [];
        for (var i = 0; i < states.Count; i++)
            if ((states[i] as JsonObject)?.GetString("name") == name) return i;
        return -1;
    }

    private static string? Current(ActivityExecutionContext context) => context.Properties.GetString(CurrentKey);

    private static void SetCurrent(ActivityExecutionContext context, string? state)
    {
        context.Properties[CurrentKey] = state;
        context.SetOutput("CurrentState", state);
    }
}
