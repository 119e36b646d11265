using System.Text.Json.Nodes;
using Workflows.Engine.Execution;
using Workflows.Engine.Validation;

namespace Workflows.Engine.Activities;

/// <summary>
/// An activity type. Implementations are stateless singletons: everything about one execution lives in the
/// <see cref="ActivityExecutionContext"/> (and is persisted in its state), so the same object serves every
/// instance at once.
/// </summary>
public interface IActivity
{
    ActivityDescriptor Descriptor { get; }

    /// <summary>Runs the activity. It completes, schedules children, or creates a bookmark and waits.</summary>
    ValueTask ExecuteAsync(ActivityExecutionContext context);

    /// <summary>Called when one of its bookmarks is resumed, with the payload that came with the resume.</summary>
    ValueTask ResumeAsync(ActivityExecutionContext context, BookmarkState bookmark, JsonNode? payload);

    /// <summary>Called on a container when a child it scheduled completes.</summary>
    ValueTask OnChildCompletedAsync(ActivityExecutionContext context, ChildCompletion child);

    /// <summary>
    /// The flow outcomes this configured activity can complete with (its output ports). Dynamic activities
    /// (switch cases, fork branches, task outcomes) read them from their JSON.
    /// </summary>
    IReadOnlyList<string> GetOutcomes(JsonObject activity);

    /// <summary>Type-specific checks beyond the generic ones (required inputs, references).</summary>
    IEnumerable<ValidationMessage> Validate(JsonObject activity, ValidationContext context);
}

public sealed record ChildCompletion(
    ActivityExecutionState State,
    ActivityNode Node,
    IReadOnlyList<string> Outcomes,
    string? JumpTo,
    JsonObject Outputs);

/// <summary>Convenience base: completes on resume, completes when a child completes, outcomes from the descriptor.</summary>
public abstract class ActivityBase : IActivity
{
    public abstract ActivityDescriptor Descriptor { get; }

    public abstract ValueTask ExecuteAsync(ActivityExecutionContext context);

    public virtual ValueTask ResumeAsync(ActivityExecutionContext context, BookmarkState bookmark, JsonNode? payload)
    {
        context.Complete();
        return ValueTask.CompletedTask;
    }

    public virtual ValueTask OnChildCompletedAsync(ActivityExecutionContext context, ChildCompletion child)
    {
        if (!context.HasLiveChildren) context.Complete();
        return ValueTask.CompletedTask;
    }

    public virtual IReadOnlyList<string> GetOutcomes(JsonObject activity)
    {
        var flowPorts = Descriptor.Ports.Where(p => p.Type == PortType.Flow).Select(p => p.Name).ToList();
        if (flowPorts.Count == 0 && !Descriptor.IsTerminal) flowPorts.Add(FlowConnection.DefaultOutcome);
        return flowPorts;
    }

    public virtual IEnumerable<ValidationMessage> Validate(JsonObject activity, ValidationContext context) => [];
}

/// <summary>An activity that does its work synchronously and completes with the default outcome.</summary>
public abstract class CodeActivity : ActivityBase
{
    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        await RunAsync(context);
        if (context.Status == ActivityStatus.Running) context.Complete();
    }

    protected abstract ValueTask RunAsync(ActivityExecutionContext context);
}

/// <summary>Thrown by an activity to fault itself with a message meant for people (incident text).</summary>
public sealed class ActivityFaultException : Exception
{
    public ActivityFaultException(string message, string? code = null, string? category = null, string? faultType = null, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
        Category = category;
        FaultType = faultType;
    }

    public ActivityFaultException() : this("活动出错") { }

    public ActivityFaultException(string message) : this(message, code: null) { }

    public ActivityFaultException(string message, Exception inner) : this(message, null, null, null, inner) { }

    public string? Code { get; }
    public string? Category { get; }
    public string? FaultType { get; }
}
