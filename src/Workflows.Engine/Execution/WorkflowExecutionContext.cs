using System.Text.Json.Nodes;
using Workflows.Engine.Expressions;
using Workflows.Engine.Services;

namespace Workflows.Engine.Execution;

/// <summary>
/// One burst of one instance: the state being changed, the compiled definition, the services of this burst
/// (the runtime's unit of work), and what the burst produced (journal, bookmark changes).
/// </summary>
public sealed class WorkflowExecutionContext
{
    private readonly Dictionary<string, ActivityExecutionContext> _contexts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _variableNamesById;
    private readonly Queue<WorkItem> _queue = new();

    internal WorkflowExecutionContext(
        WorkflowGraph graph,
        WorkflowState state,
        IServiceProvider services,
        TimeProvider clock,
        IIdGenerator ids,
        IExpressionEvaluator expressions,
        CancellationToken cancellationToken)
    {
        Graph = graph;
        State = state;
        Services = services;
        Clock = clock;
        Ids = ids;
        Expressions = expressions;
        CancellationToken = cancellationToken;
        _variableNamesById = graph.Definition.Variables
            .Where(v => v.Id.Length > 0 && v.Name.Length > 0)
            .GroupBy(v => v.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Name, StringComparer.Ordinal);
        foreach (var item in state.Queue) _queue.Enqueue(item);
        state.Queue.Clear();
    }

    public WorkflowGraph Graph { get; }
    public WorkflowState State { get; }
    public IServiceProvider Services { get; }
    public TimeProvider Clock { get; }
    public IIdGenerator Ids { get; }
    public IExpressionEvaluator Expressions { get; }
    public CancellationToken CancellationToken { get; }

    /// <summary>Set by a start stimulus that names the trigger activity which started the run.</summary>
    public string? TriggerActivityId { get; internal set; }

    internal List<JournalEntry> Journal { get; } = [];
    internal List<BookmarkState> CreatedBookmarks { get; } = [];
    internal List<RemovedBookmark> RemovedBookmarks { get; } = [];
    internal Dictionary<string, BookmarkState> ConsumedBookmarks { get; } = new(StringComparer.Ordinal);
    internal bool FinishRequested { get; private set; }
    internal Queue<WorkItem> WorkQueue => _queue;

    /// <summary>Asks the executor to end the whole instance after the current step (Elsa.Finish).</summary>
    public void RequestFinish() => FinishRequested = true;

    internal (string SenderId, string TargetId, IReadOnlyList<string> Outcomes)? CompositeCompletion { get; private set; }

    /// <summary>
    /// Asks the executor, when the sender completes, to complete an enclosing activity as a whole, cancelling what
    /// still runs inside it (Elsa.Complete's CompleteCompositeSignal).
    /// </summary>
    public void RequestCompositeCompletion(string senderExecutionId, string targetExecutionId, IReadOnlyList<string> outcomes) =>
        CompositeCompletion = (senderExecutionId, targetExecutionId, outcomes);

    internal void ClearCompositeCompletion() => CompositeCompletion = null;

    public string VariableNameFor(string idOrName) => _variableNamesById.GetValueOrDefault(idOrName, idOrName);

    public ActivityExecutionContext? GetContext(string activityExecutionId)
    {
        if (_contexts.TryGetValue(activityExecutionId, out var ctx)) return ctx;
        var state = State.Activities.FirstOrDefault(a => a.Id == activityExecutionId);
        if (state is null) return null;
        ctx = new ActivityExecutionContext(this, state, Graph.GetNode(state.NodeId));
        _contexts[state.Id] = ctx;
        return ctx;
    }

    internal ActivityExecutionContext Schedule(ActivityNode node, ActivityExecutionContext? parent, JsonObject? localVariables, string? tag)
    {
        var state = new ActivityExecutionState
        {
            Id = Ids.NewId(),
            NodeId = node.NodeId,
            ParentId = parent?.Id,
            LocalVariables = localVariables,
            Tag = tag,
            ScheduledAt = Clock.GetUtcNow(),
        };
        State.Activities.Add(state);
        var ctx = new ActivityExecutionContext(this, state, node);
        _contexts[state.Id] = ctx;
        _queue.Enqueue(new WorkItem { ActivityExecutionId = state.Id, Kind = WorkItemKind.Execute });
        return ctx;
    }

    internal void EnqueueResume(BookmarkState bookmark, JsonNode? payload) =>
        _queue.Enqueue(new WorkItem { ActivityExecutionId = bookmark.ActivityExecutionId, Kind = WorkItemKind.Resume, BookmarkId = bookmark.Id, Payload = payload });

    internal void AddBookmark(BookmarkState bookmark)
    {
        State.Bookmarks.Add(bookmark);
        CreatedBookmarks.Add(bookmark);
    }

    internal void RemoveBookmark(BookmarkState bookmark, BookmarkRemovalReason reason)
    {
        if (!State.Bookmarks.Remove(bookmark)) return;
        if (reason == BookmarkRemovalReason.Consumed) ConsumedBookmarks[bookmark.Id] = bookmark;
        // A bookmark made and dropped in the same burst never reached the store; nothing to tell the runtime.
        if (CreatedBookmarks.Remove(bookmark)) return;
        RemovedBookmarks.Add(new RemovedBookmark(bookmark, reason));
    }

    /// <summary>Cancels an activity execution and everything below it.</summary>
    internal void Cancel(string activityExecutionId, string reason)
    {
        foreach (var child in State.Activities.Where(a => a.ParentId == activityExecutionId).ToList())
            Cancel(child.Id, reason);

        foreach (var bookmark in State.Bookmarks.Where(b => b.ActivityExecutionId == activityExecutionId).ToList())
            RemoveBookmark(bookmark, BookmarkRemovalReason.Cancelled);

        var ctx = GetContext(activityExecutionId);
        if (ctx is null) return;
        ctx.State.Status = ActivityStatus.Canceled;
        State.Activities.Remove(ctx.State);
        _contexts.Remove(activityExecutionId);
        AddJournal(ctx, JournalEvents.Cancelled, reason, null);
    }

    internal void Forget(ActivityExecutionContext ctx)
    {
        State.Activities.Remove(ctx.State);
        _contexts.Remove(ctx.Id);
    }

    /// <summary>The executor's limits for this burst (sizes of stored state and journal).</summary>
    public ExecutorOptions Limits { get; init; } = new();

    /// <summary>Journal payload bytes this burst has written.</summary>
    internal long JournalBytes { get; private set; }

    internal void AddJournal(ActivityExecutionContext ctx, string eventName, string? message, JsonObject? payload)
    {
        payload = StateLimits.LimitPayload(payload, Limits.MaxJournalPayloadBytes, out var size);
        JournalBytes += Math.Min(size, Math.Max(Limits.MaxJournalPayloadBytes, 0)) + (message?.Length ?? 0);
        Journal.Add(new JournalEntry
        {
            InstanceId = State.InstanceId,
            Sequence = ++State.JournalSequence,
            Timestamp = Clock.GetUtcNow(),
            ActivityExecutionId = ctx.Id,
            ParentActivityExecutionId = ctx.State.ParentId,
            ActivityId = ctx.Node.Id,
            NodeId = ctx.Node.NodeId,
            ActivityType = ctx.Node.Type,
            ActivityTypeVersion = ctx.Node.Descriptor.Version,
            ActivityName = ctx.Node.Name,
            EventName = eventName,
            Message = message,
            Payload = payload,
        });
    }
}

public enum BookmarkRemovalReason
{
    /// <summary>Resumed: the awaited thing happened.</summary>
    Consumed,

    /// <summary>The activity that waited was cancelled (join, end, instance cancel).</summary>
    Cancelled,

    /// <summary>The activity completed on another path while still holding it.</summary>
    Completed,
}

public sealed record RemovedBookmark(BookmarkState Bookmark, BookmarkRemovalReason Reason);
