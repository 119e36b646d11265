using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Workflows.Engine.Activities;
using Workflows.Engine.Expressions;
using Workflows.Engine.Model;
using Workflows.Engine.Services;

namespace Workflows.Engine.Execution;

/// <summary>What sets a burst going.</summary>
public abstract record Stimulus
{
    public static Stimulus Start(string? triggerActivityId = null) => new StartStimulus(triggerActivityId);

    public static Stimulus Resume(string bookmarkId, JsonNode? payload = null) => new ResumeStimulus(bookmarkId, payload);

    public static Stimulus Cancel(string reason) => new CancelStimulus(reason);
}

public sealed record StartStimulus(string? TriggerActivityId) : Stimulus;

public sealed record ResumeStimulus(string BookmarkId, JsonNode? Payload) : Stimulus;

public sealed record CancelStimulus(string Reason) : Stimulus;

/// <summary>The outcome of one burst: the new state and what the runtime must persist with it.</summary>
public sealed record BurstResult(
    WorkflowState State,
    IReadOnlyList<JournalEntry> Journal,
    IReadOnlyList<BookmarkState> CreatedBookmarks,
    IReadOnlyList<RemovedBookmark> RemovedBookmarks,
    IReadOnlyList<IncidentState> NewIncidents);

public sealed class ExecutorOptions
{
    /// <summary>
    /// Activities one burst may run before the instance is faulted. A loop through connections with no wait in
    /// it would otherwise spin forever inside one transaction.
    /// </summary>
    public int MaxActivitiesPerBurst { get; set; } = 100_000;

    /// <summary>Wall-clock time one burst may take (measured on the TimeProvider) before the instance is faulted.</summary>
    public TimeSpan MaxBurstDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Journal bytes (UTF-8 JSON payloads) one burst may write before the instance is faulted.</summary>
    public long MaxJournalBytesPerBurst { get; set; } = 16L * 1024 * 1024;

    /// <summary>Bytes one variable's value may take in the stored state.</summary>
    public int MaxVariableBytes { get; set; } = 1024 * 1024;

    /// <summary>Bytes one activity's outputs, or one workflow output, may take in the stored state.</summary>
    public int MaxOutputBytes { get; set; } = 1024 * 1024;

    /// <summary>Bytes one journal entry's payload may take; a bigger one is stored as a truncation marker.</summary>
    public int MaxJournalPayloadBytes { get; set; } = 64 * 1024;
}

/// <summary>The resume named a bookmark the instance no longer has (already resumed, or cancelled).</summary>
public sealed class BookmarkNotFoundException(string instanceId, string bookmarkId)
    : InvalidOperationException($"实例 {instanceId} 没有等待中的书签 {bookmarkId}（可能已被处理）。 / Instance {instanceId} has no pending bookmark {bookmarkId} (it may have been resumed already).")
{
    public string InstanceId { get; } = instanceId;
    public string BookmarkId { get; } = bookmarkId;
}

public sealed class WorkflowNotRunningException(string instanceId, WorkflowSubStatus subStatus)
    : InvalidOperationException($"实例 {instanceId} 已结束（{subStatus}），不能再继续。 / Instance {instanceId} has ended ({subStatus}) and cannot continue.")
{
    public string InstanceId { get; } = instanceId;
    public WorkflowSubStatus SubStatus { get; } = subStatus;
}

/// <summary>
/// Runs one instance until every path waits or ends. Pure: it touches only the state it is given and the
/// services of the burst, takes time from <see cref="TimeProvider"/> and ids from <see cref="IIdGenerator"/>.
/// </summary>
public sealed partial class WorkflowExecutor(
    IExpressionEvaluator expressions,
    TimeProvider clock,
    IIdGenerator ids,
    ILogger<WorkflowExecutor> logger,
    ExecutorOptions? options = null)
{
    private readonly ExecutorOptions _options = options ?? new ExecutorOptions();

    /// <summary>A fresh state for a new instance: variables at their declared initial values, input as given.</summary>
    public WorkflowState CreateState(WorkflowGraph graph, string instanceId, JsonObject? input, string? correlationId, string? name = null)
    {
        var definition = graph.Definition;
        var variables = new JsonObject();
        foreach (var variable in definition.Variables)
            variables[variable.Name] = ValueConversion.InitialVariableValue(variable);
        var now = clock.GetUtcNow();
        return new WorkflowState
        {
            InstanceId = instanceId,
            DefinitionId = definition.DefinitionId,
            DefinitionVersionId = definition.Id,
            DefinitionVersion = definition.Version,
            CorrelationId = correlationId,
            Name = name ?? definition.Name,
            Variables = variables,
            Input = (JsonObject?)input?.DeepClone() ?? [],
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    public async Task<BurstResult> RunAsync(WorkflowGraph graph, WorkflowState state, Stimulus stimulus, IServiceProvider services, CancellationToken cancellationToken = default)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["WorkflowInstanceId"] = state.InstanceId, ["WorkflowDefinitionId"] = state.DefinitionId });
        var wf = new WorkflowExecutionContext(graph, state, services, clock, ids, expressions, cancellationToken) { Limits = _options };
        var incidentsBefore = state.Incidents.Count;

        switch (stimulus)
        {
            case StartStimulus start:
                if (state.Activities.Count > 0 || state.IsFinished)
                    throw new InvalidOperationException($"Instance {state.InstanceId} has already started.");
                wf.TriggerActivityId = start.TriggerActivityId;
                wf.Schedule(graph.Root, null, null, null);
                logger.LogInformation("Starting workflow {DefinitionId} v{Version}", state.DefinitionId, state.DefinitionVersion);
                break;
            case ResumeStimulus resume:
                if (state.IsFinished) throw new WorkflowNotRunningException(state.InstanceId, state.SubStatus);
                var bookmark = state.Bookmarks.FirstOrDefault(b => b.Id == resume.BookmarkId)
                    ?? throw new BookmarkNotFoundException(state.InstanceId, resume.BookmarkId);
                wf.RemoveBookmark(bookmark, BookmarkRemovalReason.Consumed);
                wf.EnqueueResume(bookmark, resume.Payload);
                logger.LogInformation("Resuming bookmark {BookmarkId} ({BookmarkKind}) at {ActivityId}", bookmark.Id, bookmark.Kind, bookmark.ActivityId);
                break;
            case CancelStimulus cancel:
                if (state.IsFinished) throw new WorkflowNotRunningException(state.InstanceId, state.SubStatus);
                foreach (var top in state.Activities.Where(a => a.ParentId is null).ToList())
                    wf.Cancel(top.Id, cancel.Reason);
                Finish(wf, WorkflowSubStatus.Cancelled);
                logger.LogInformation("Cancelled workflow: {Reason}", cancel.Reason);
                return Result(wf, incidentsBefore);
            case AlterStimulus alter:
                // Elsa's RunAlterationsMiddleware: apply the alterations, then run what they scheduled (WorkflowExecutor.Alterations.cs).
                await ApplyAlterationsAsync(wf, alter);
                if (wf.State.IsFinished) return Result(wf, incidentsBefore);
                break;
        }

        state.SubStatus = WorkflowSubStatus.Executing;
        await DrainAsync(wf);
        await SettleAsync(wf);
        state.UpdatedAt = clock.GetUtcNow();
        return Result(wf, incidentsBefore);
    }

    private static BurstResult Result(WorkflowExecutionContext wf, int incidentsBefore)
    {
        wf.State.Queue.Clear();
        wf.State.Queue.AddRange(wf.WorkQueue);
        return new BurstResult(wf.State, wf.Journal, wf.CreatedBookmarks, wf.RemovedBookmarks, wf.State.Incidents.Skip(incidentsBefore).ToList());
    }

    private async Task DrainAsync(WorkflowExecutionContext wf)
    {
        var steps = 0;
        var started = clock.GetTimestamp();
        while (wf.WorkQueue.Count > 0 && !wf.State.IsFinished)
        {
            wf.CancellationToken.ThrowIfCancellationRequested();
            var item = wf.WorkQueue.Dequeue();
            var ctx = wf.GetContext(item.ActivityExecutionId);
            if (ctx is null) continue; // cancelled while it waited in the queue

            // A loop without a wait spins inside one transaction: stop it by count, by time and by journal volume,
            // whichever comes first, so neither the burst nor the journal it commits grows without bound.
            var guard = ++steps > _options.MaxActivitiesPerBurst
                ? $"一次运行中执行了超过 {_options.MaxActivitiesPerBurst} 个活动，疑似没有出口的循环。 / More than {_options.MaxActivitiesPerBurst} activities ran in one burst: a loop without an exit?"
                : clock.GetElapsedTime(started) > _options.MaxBurstDuration
                    ? $"一次运行超过 {_options.MaxBurstDuration.TotalSeconds:0.#} 秒，疑似没有出口的循环。 / One burst ran longer than {_options.MaxBurstDuration.TotalSeconds:0.#} s: a loop without an exit?"
                    : wf.JournalBytes > _options.MaxJournalBytesPerBurst
                        ? $"一次运行写入的日志超过 {_options.MaxJournalBytesPerBurst / 1048576.0:0.#} MB，疑似没有出口的循环。 / One burst wrote more than {_options.MaxJournalBytesPerBurst / 1048576.0:0.#} MB of journal: a loop without an exit?"
                        : null;
            if (guard is not null)
            {
                wf.WorkQueue.Clear();
                await FaultAsync(wf, ctx, new ActivityFaultException(guard));
                return;
            }

            try
            {
                if (item.Kind == WorkItemKind.Execute)
                {
                    ctx.State.Status = ActivityStatus.Running;
                    ctx.State.StartedAt = clock.GetUtcNow();
                    wf.AddJournal(ctx, JournalEvents.Started, null, null);
                    await ctx.Node.Activity.ExecuteAsync(ctx);
                }
                else
                {
                    var bookmark = wf.ConsumedBookmarks[item.BookmarkId ?? ""];
                    wf.AddJournal(ctx, JournalEvents.Resumed, null, new JsonObject { ["bookmarkId"] = item.BookmarkId, ["payload"] = item.Payload?.DeepClone() });
                    await ctx.Node.Activity.ResumeAsync(ctx, bookmark, item.Payload);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !wf.CancellationToken.IsCancellationRequested)
            {
                await FaultAsync(wf, ctx, ex);
                if (wf.State.IsFinished) return;
                continue;
            }

            await AfterRunAsync(wf, ctx);
            if (wf.FinishRequested)
            {
                foreach (var top in wf.State.Activities.Where(a => a.ParentId is null).ToList())
                    wf.Cancel(top.Id, "finished");
                Finish(wf, WorkflowSubStatus.Finished);
            }
        }
    }

    private async Task AfterRunAsync(WorkflowExecutionContext wf, ActivityExecutionContext ctx)
    {
        if (ctx.Status == ActivityStatus.Completed)
        {
            await CompleteAsync(wf, ctx);
            return;
        }

        var bookmarks = ctx.Bookmarks.ToList();
        if (bookmarks.Count > 0)
        {
            wf.AddJournal(ctx, JournalEvents.Suspended, ctx.JournalMessage, new JsonObject
            {
                ["inputs"] = ctx.EvaluatedInputs.DeepClone(),
                ["bookmarks"] = new JsonArray(bookmarks.Select(b => (JsonNode)new JsonObject
                {
                    ["id"] = b.Id,
                    ["kind"] = b.Kind,
                    ["name"] = b.Name,
                    ["dueAt"] = b.DueAt?.ToString("O"),
                }).ToArray()),
            });
            return;
        }

        if (ctx.HasLiveChildren) return;

        // An activity that neither completed, waited nor scheduled anything would hold its parent forever.
        ctx.Complete();
        await CompleteAsync(wf, ctx);
    }

    private async Task CompleteAsync(WorkflowExecutionContext wf, ActivityExecutionContext ctx)
    {
        foreach (var child in ctx.LiveChildren)
            wf.Cancel(child.Id, "parent completed");
        foreach (var bookmark in ctx.Bookmarks.ToList())
            wf.RemoveBookmark(bookmark, BookmarkRemovalReason.Completed);

        if (ctx.Outputs.Count > 0)
        {
            try
            {
                StateLimits.Check(wf, "output", ctx.Node.Id, ctx.Outputs, _options.MaxOutputBytes);
            }
            catch (ActivityFaultException ex)
            {
                await FaultAsync(wf, ctx, ex);
                return;
            }
        }
        wf.Forget(ctx);
        if (ctx.Outputs.Count > 0)
            wf.State.ActivityOutputs[ctx.Node.Id] = ctx.Outputs.DeepClone();

        wf.AddJournal(ctx, JournalEvents.Completed, ctx.JournalMessage, new JsonObject
        {
            ["outcomes"] = new JsonArray(ctx.Outcomes.Select(o => (JsonNode?)JsonValue.Create(o)).ToArray()),
            ["jumpTo"] = ctx.JumpTo,
            ["inputs"] = ctx.EvaluatedInputs.DeepClone(),
            ["outputs"] = ctx.Outputs.DeepClone(),
        });

        var parent = ctx.Parent;
        if (wf.CompositeCompletion is { } completion && completion.SenderId == ctx.Id)
        {
            // Elsa.Complete: the composite it names completes as a whole (Composite.cs, BreakBehavior.cs); what
            // still runs inside is cancelled, and the parents between them are not told of the Complete.
            wf.ClearCompositeCompletion();
            if (wf.GetContext(completion.TargetId) is { } composite)
            {
                foreach (var child in composite.LiveChildren)
                    wf.Cancel(child.Id, "composite completed");
                composite.Complete(completion.Outcomes);
                await CompleteAsync(wf, composite);
                return;
            }
        }
        if (parent is null)
        {
            Finish(wf, WorkflowSubStatus.Finished);
            return;
        }

        try
        {
            await parent.Node.Activity.OnChildCompletedAsync(parent, new ChildCompletion(ctx.State, ctx.Node, ctx.Outcomes, ctx.JumpTo, ctx.Outputs));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !wf.CancellationToken.IsCancellationRequested)
        {
            await FaultAsync(wf, parent, ex);
            return;
        }

        if (parent.Status == ActivityStatus.Completed)
            await CompleteAsync(wf, parent);
    }

    private async Task FaultAsync(WorkflowExecutionContext wf, ActivityExecutionContext ctx, Exception ex)
    {
        var message = ex switch
        {
            ActivityFaultException or ExpressionException or DefinitionFormatException => ex.Message,
            _ => $"{ex.GetType().Name}: {ex.Message}",
        };
        logger.LogWarning(ex, "Activity {ActivityId} ({ActivityType}) faulted: {Message}", ctx.Node.Id, ctx.Node.Type, message);
        ctx.State.Status = ActivityStatus.Faulted;
        wf.State.Incidents.Add(new IncidentState
        {
            ActivityId = ctx.Node.Id,
            ActivityNodeId = ctx.Node.NodeId,
            ActivityType = ctx.Node.Type,
            ActivityExecutionId = ctx.Id,
            Message = message,
            Exception = ExceptionState.From(ex),
            Timestamp = clock.GetUtcNow(),
        });
        wf.AddJournal(ctx, JournalEvents.Faulted, message, new JsonObject { ["inputs"] = ctx.EvaluatedInputs.DeepClone() });

        if (wf.Graph.Definition.ContinueOnIncident && ctx.Parent is { } parent)
        {
            // "Continue with incidents": the faulted path is dead, the rest of the flowchart goes on.
            wf.Cancel(ctx.Id, "faulted");
            if (!parent.HasLiveChildren && !wf.WorkQueue.Any(w => wf.GetContext(w.ActivityExecutionId)?.State.ParentId == parent.Id))
            {
                parent.Complete();
                await CompleteAsync(wf, parent);
            }
            return;
        }

        wf.State.FaultMessage = message;
        wf.WorkQueue.Clear();
        foreach (var bookmark in wf.State.Bookmarks.ToList())
            wf.RemoveBookmark(bookmark, BookmarkRemovalReason.Cancelled);
        Finish(wf, WorkflowSubStatus.Faulted);
    }

    private void Finish(WorkflowExecutionContext wf, WorkflowSubStatus subStatus)
    {
        wf.State.Status = WorkflowStatus.Finished;
        wf.State.SubStatus = subStatus;
        wf.State.FinishedAt = clock.GetUtcNow();
        wf.State.UpdatedAt = wf.State.FinishedAt.Value;
        logger.LogInformation("Workflow ended: {SubStatus}", subStatus);
    }

    private async Task SettleAsync(WorkflowExecutionContext wf)
    {
        var state = wf.State;
        if (state.IsFinished) return;
        if (state.Bookmarks.Count > 0)
        {
            state.SubStatus = WorkflowSubStatus.Suspended;
            return;
        }

        // Nothing runs and nothing waits, yet the root has not completed: say so instead of hanging silently.
        var stuck = state.Activities.Select(a => wf.GetContext(a.Id)).FirstOrDefault(c => c is not null);
        if (stuck is not null)
            await FaultAsync(wf, stuck, new ActivityFaultException("流程无法继续：没有可执行的活动，也没有等待中的事项。 / The workflow cannot continue: nothing to run and nothing to wait for."));
        else
            Finish(wf, WorkflowSubStatus.Finished);
    }
}
