using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workflows.Engine.Execution;
using Workflows.Engine.Expressions;
using Workflows.Engine.Model;
using Workflows.Runtime.Definitions;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Execution;

public sealed record StartWorkflowRequest
{
    public required string DefinitionId { get; init; }
    public VersionOptions VersionOptions { get; init; } = VersionOptions.Published;
    public JsonObject? Input { get; init; }
    public string? CorrelationId { get; init; }

    /// <summary>A second start with the same key returns the first instance instead of starting another.</summary>
    public string? IdempotencyKey { get; init; }
    public string? InitiatedBy { get; init; }

    /// <summary>
    /// The trigger activity that starts this instance (a Cron activity fired by the scheduler); null starts at the
    /// flowchart's start activities as usual.
    /// </summary>
    public string? TriggerActivityId { get; init; }
}

public sealed record ResumeRequest
{
    public required string InstanceId { get; init; }
    public required string BookmarkId { get; init; }
    public JsonNode? Payload { get; init; }

    /// <summary>
    /// Runs inside the burst's unit of work before the instance moves (e.g. marks the task completed), so that
    /// accepting the input and acting on it commit together. Throw <see cref="ResumeRejectedException"/> to refuse.
    /// </summary>
    public Func<BurstUnitOfWork, CancellationToken, Task>? Accept { get; init; }
}

/// <summary>
/// Starts, resumes and cancels instances. Each burst runs under the instance's lock and commits in one
/// transaction: state, bookmarks, journal, tasks, mails, child starts. A conflicting commit (another node got
/// there first) is retried from the fresh state.
/// </summary>
public sealed partial class WorkflowRuntime(
    IServiceScopeFactory scopes,
    GraphCache graphs,
    WorkflowExecutor executor,
    InstanceLocks locks,
    BurstCommitter committer,
    CommandSignal signal,
    TimeProvider clock,
    ILogger<WorkflowRuntime> logger)
{
    private const int MaxAttempts = 8;

    // For WorkflowRuntime.Alterations.cs: primary-constructor parameters are in scope only in this part.
    private IServiceScopeFactory Scopes => scopes;
    private InstanceLocks Locks => locks;
    private GraphCache Graphs => graphs;
    private ILogger Logger => logger;

    /// <summary>Where a queued start keeps its trigger activity (payload of the Start command).</summary>
    private const string TriggerActivityKey = "triggerActivityId";

    /// <summary>Starts an instance and runs its first burst in the same transaction.</summary>
    public async Task<RunOutcome> StartAsync(StartWorkflowRequest request, CancellationToken cancellationToken = default) =>
        await StartCoreAsync(request, runNow: true, cancellationToken);

    /// <summary>Accepts an instance for start and returns at once; the dispatcher runs it.</summary>
    public async Task<RunOutcome> DispatchAsync(StartWorkflowRequest request, CancellationToken cancellationToken = default) =>
        await StartCoreAsync(request, runNow: false, cancellationToken);

    private async Task<RunOutcome> StartCoreAsync(StartWorkflowRequest request, bool runNow, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            if (request.IdempotencyKey is { } key && await db.Instances.AsNoTracking().FirstOrDefaultAsync(i => i.IdempotencyKey == key, cancellationToken) is { } existing)
                return new RunOutcome(RunStatus.Existing, existing.Id, "已存在相同防重复键的实例。 / An instance with this idempotency key exists.", existing);

            var store = scope.ServiceProvider.GetRequiredService<DefinitionStore>();
            var definition = await store.FindAsync(request.DefinitionId, request.VersionOptions, cancellationToken);
            if (definition is null)
                return RunOutcome.Fail(RunStatus.NotFound, $"流程定义 {request.DefinitionId} 没有符合 {request.VersionOptions.Kind} 的版本。 / Definition {request.DefinitionId} has no {request.VersionOptions.Kind} version.");

            var snapshot = graphs.SnapshotOf(definition.Json);
            var inputError = CheckInput(snapshot.Inputs, request.Input);
            if (inputError is not null) return RunOutcome.Fail(RunStatus.Invalid, inputError);

            var uow = scope.ServiceProvider.GetRequiredService<BurstUnitOfWork>();
            var instance = await uow.CreateInstanceAsync(definition, snapshot, request.Input, request.CorrelationId, request.IdempotencyKey, request.InitiatedBy, cancellationToken);
            try
            {
                if (!runNow)
                {
                    var startPayload = request.TriggerActivityId is null ? null : new JsonObject { [TriggerActivityKey] = request.TriggerActivityId };
                    uow.AddCommand(instance.Id, CommandKinds.Start, null, startPayload, $"start:{instance.Id}");
                    await committer.CommitAsync(db, ct => db.SaveChangesAsync(ct), cancellationToken);
                    signal.Notify();
                    return new RunOutcome(RunStatus.Accepted, instance.Id, Instance: instance);
                }

                using var held = await locks.AcquireAsync(instance.Id, cancellationToken);
                return await RunBurstAsync(scope.ServiceProvider, uow, instance, Stimulus.Start(request.TriggerActivityId), null, cancellationToken);
            }
            catch (DbUpdateException ex) when (attempt < MaxAttempts && !cancellationToken.IsCancellationRequested)
            {
                // Most likely the same idempotency key committed concurrently; the next round finds it.
                logger.LogInformation(ex, "Start of {DefinitionId} conflicted (attempt {Attempt}); retrying", request.DefinitionId, attempt);
            }
        }
    }

    public async Task<RunOutcome> ResumeAsync(ResumeRequest request, CancellationToken cancellationToken = default)
    {
        using var held = await locks.AcquireAsync(request.InstanceId, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            var instance = await db.Instances.FirstOrDefaultAsync(i => i.Id == request.InstanceId, cancellationToken);
            if (instance is null) return RunOutcome.Fail(RunStatus.NotFound, $"实例 {request.InstanceId} 不存在。 / Instance {request.InstanceId} does not exist.");
            var uow = scope.ServiceProvider.GetRequiredService<BurstUnitOfWork>();
            try
            {
                if (request.Accept is not null) await request.Accept(uow, cancellationToken);
                return await RunBurstAsync(scope.ServiceProvider, uow, instance, Stimulus.Resume(request.BookmarkId, request.Payload), null, cancellationToken);
            }
            catch (ResumeRejectedException ex)
            {
                return RunOutcome.Fail(ex.Status, ex.Message, request.InstanceId);
            }
            catch (DbUpdateException ex) when (attempt < MaxAttempts && !cancellationToken.IsCancellationRequested)
            {
                logger.LogInformation(ex, "Resume of {InstanceId} conflicted with another commit (attempt {Attempt}); retrying", request.InstanceId, attempt);
            }
        }
    }

    public Task<RunOutcome> CancelAsync(string instanceId, string reason, CancellationToken cancellationToken = default) =>
        CancelAsync(instanceId, reason, accept: null, cancellationToken);

    /// <summary>
    /// Cancels the instance; <paramref name="accept"/> runs inside the burst's unit of work first (as for a resume),
    /// so that, for example, marking the instance's tasks withdrawn commits with the cancellation or not at all.
    /// </summary>
    public async Task<RunOutcome> CancelAsync(string instanceId, string reason, Func<BurstUnitOfWork, CancellationToken, Task>? accept, CancellationToken cancellationToken = default)
    {
        using var held = await locks.AcquireAsync(instanceId, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            var instance = await db.Instances.FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken);
            if (instance is null) return RunOutcome.Fail(RunStatus.NotFound, $"实例 {instanceId} 不存在。 / Instance {instanceId} does not exist.");
            var uow = scope.ServiceProvider.GetRequiredService<BurstUnitOfWork>();
            try
            {
                if (accept is not null) await accept(uow, cancellationToken);
                return await RunBurstAsync(scope.ServiceProvider, uow, instance, Stimulus.Cancel(reason), null, cancellationToken);
            }
            catch (ResumeRejectedException ex)
            {
                return RunOutcome.Fail(ex.Status, ex.Message, instanceId);
            }
            catch (DbUpdateException ex) when (attempt < MaxAttempts && !cancellationToken.IsCancellationRequested)
            {
                logger.LogInformation(ex, "Cancel of {InstanceId} conflicted (attempt {Attempt}); retrying", instanceId, attempt);
            }
        }
    }

    /// <summary>Queues a resume of every instance waiting for the event; they run in the background.</summary>
    public async Task<int> PublishEventAsync(string eventName, string? correlationId, JsonNode? payload, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var uow = scope.ServiceProvider.GetRequiredService<BurstUnitOfWork>();
        await uow.PublishAsync(new Engine.Services.EventRequest("", eventName, correlationId, false, payload), cancellationToken);
        var count = db.ChangeTracker.Entries<CommandRecord>().Count();
        await db.SaveChangesAsync(cancellationToken);
        if (count > 0) signal.Notify();
        return count;
    }

    /// <summary>Runs one queued command (start, resume, cancel). Returns null when it was already done.</summary>
    public async Task<RunOutcome?> ProcessCommandAsync(string commandId, string instanceId, CancellationToken cancellationToken = default)
    {
        using var held = await locks.AcquireAsync(instanceId, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            var command = await db.Commands.FirstOrDefaultAsync(c => c.Id == commandId, cancellationToken);
            if (command is null) return null;
            var instance = await db.Instances.FirstOrDefaultAsync(i => i.Id == command.InstanceId, cancellationToken);
            if (instance is null)
            {
                db.Commands.Remove(command);
                await db.SaveChangesAsync(cancellationToken);
                return RunOutcome.Fail(RunStatus.NotFound, $"Instance {command.InstanceId} no longer exists.");
            }

            if (command.Kind == Tasks.TaskCommandKinds.RunTask)
                return await scope.ServiceProvider.GetRequiredService<Tasks.TaskRunner>().RunAsync(command, cancellationToken);

            var stimulus = command.Kind switch
            {
                CommandKinds.Start => Stimulus.Start(command.PayloadJson is null ? null : (JsonNode.Parse(command.PayloadJson) as JsonObject)?.GetString(TriggerActivityKey)),
                CommandKinds.Cancel => Stimulus.Cancel(command.PayloadJson ?? "cancelled"),
                _ => Stimulus.Resume(command.BookmarkId ?? "", command.PayloadJson is null ? null : JsonNode.Parse(command.PayloadJson)),
            };
            if (command.Kind == CommandKinds.Start && StateSerializer.Deserialize(instance.StateJson) is { } s && (s.Activities.Count > 0 || s.IsFinished))
            {
                // Started already (for instance by an earlier attempt that committed); the command is spent.
                db.Commands.Remove(command);
                await db.SaveChangesAsync(cancellationToken);
                return null;
            }

            try
            {
                return await RunBurstAsync(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<BurstUnitOfWork>(), instance, stimulus, command, cancellationToken);
            }
            catch (DbUpdateException ex) when (attempt < MaxAttempts && !cancellationToken.IsCancellationRequested)
            {
                logger.LogInformation(ex, "Command {CommandId} on {InstanceId} conflicted (attempt {Attempt}); retrying", commandId, instanceId, attempt);
            }
        }
    }

    private async Task<RunOutcome> RunBurstAsync(IServiceProvider services, BurstUnitOfWork uow, InstanceRecord instance, Stimulus stimulus, CommandRecord? command, CancellationToken cancellationToken)
    {
        using var logScope = logger.BeginScope(new Dictionary<string, object> { ["WorkflowInstanceId"] = instance.Id });
        var db = uow.Db;
        uow.Begin(instance);
        var graph = await graphs.GetAsync(db, instance.SnapshotHash, cancellationToken);
        var state = StateSerializer.Deserialize(instance.StateJson);

        BurstResult result;
        try
        {
            result = await executor.RunAsync(graph, state, stimulus, services, cancellationToken);
        }
        catch (Exception ex) when (ex is BookmarkNotFoundException or WorkflowNotRunningException)
        {
            // Nothing moved; the only change worth keeping is that the queued command is spent.
            db.ChangeTracker.Clear();
            if (command is not null)
            {
                db.Commands.Remove(command);
                await db.SaveChangesAsync(cancellationToken);
            }
            logger.LogInformation("Refused {Stimulus}: {Reason}", stimulus.GetType().Name, ex.Message);
            return RunOutcome.Fail(RunStatus.Conflict, ex.Message, instance.Id);
        }

        await PersistAsync(uow, instance, result, command, cancellationToken);
        if (uow.QueuedCommands) signal.Notify();
        return new RunOutcome(RunStatus.Completed, instance.Id, null, instance, result.State);
    }

    private async Task PersistAsync(BurstUnitOfWork uow, InstanceRecord instance, BurstResult result, CommandRecord? command, CancellationToken cancellationToken)
    {
        var db = uow.Db;
        var state = result.State;
        var now = clock.GetUtcNow().UtcDateTime;
        instance.StateJson = StateSerializer.Serialize(state);
        instance.Status = state.Status.ToString();
        instance.SubStatus = state.SubStatus.ToString();
        instance.IncidentCount = state.Incidents.Count;
        instance.CorrelationId = state.CorrelationId;
        instance.UpdatedAt = now;
        instance.FinishedAt = state.FinishedAt?.UtcDateTime;
        instance.Revision++;

        foreach (var bookmark in result.CreatedBookmarks)
        {
            db.Bookmarks.Add(new BookmarkRecord
            {
                Id = bookmark.Id,
                InstanceId = instance.Id,
                Kind = bookmark.Kind,
                Name = bookmark.Name,
                CorrelationId = bookmark.CorrelationId,
                ActivityId = bookmark.ActivityId,
                ActivityNodeId = bookmark.NodeId,
                ActivityType = bookmark.ActivityType,
                DueAt = bookmark.DueAt?.UtcDateTime,
                CreatedAt = bookmark.CreatedAt.UtcDateTime,
            });
        }

        foreach (var entry in result.Journal)
        {
            db.Journal.Add(new JournalRecord
            {
                InstanceId = entry.InstanceId,
                Sequence = entry.Sequence,
                Timestamp = entry.Timestamp.UtcDateTime,
                ActivityExecutionId = entry.ActivityExecutionId,
                ParentActivityExecutionId = entry.ParentActivityExecutionId,
                ActivityId = entry.ActivityId,
                ActivityNodeId = entry.NodeId,
                ActivityType = entry.ActivityType,
                ActivityTypeVersion = entry.ActivityTypeVersion,
                ActivityName = entry.ActivityName,
                EventName = entry.EventName,
                Message = entry.Message,
                PayloadJson = entry.Payload is null ? null : EngineJson.Write(entry.Payload),
            });
        }

        if (state.IsFinished && instance.ParentInstanceId is { } parentId && instance.ParentBookmarkId is { } parentBookmark)
        {
            var payload = new JsonObject
            {
                ["instanceId"] = instance.Id,
                ["subStatus"] = state.SubStatus.ToString(),
                ["output"] = state.Output.DeepClone(),
                ["faultMessage"] = state.FaultMessage,
                ["outcomes"] = ChildOutcomes.Of(result.Journal),
            };
            uow.AddCommand(parentId, CommandKinds.Resume, parentBookmark, payload, $"child:{instance.Id}");
        }

        if (command is not null) db.Commands.Remove(command);

        var removedIds = result.RemovedBookmarks.Select(r => r.Bookmark.Id).ToList();
        // One savepoint in the next group transaction; answered once that transaction is durable.
        await committer.CommitAsync(db, async ct =>
        {
            await db.SaveChangesAsync(ct);
            if (removedIds.Count > 0)
            {
                await db.Bookmarks.Where(b => removedIds.Contains(b.Id)).ExecuteDeleteAsync(ct);
                // Tasks whose wait ended some other way (join, end, cancel) leave the inbox.
                await db.Tasks.Where(t => removedIds.Contains(t.BookmarkId) && t.Status == TaskStatuses.Open)
                    .ExecuteUpdateAsync(u => u.SetProperty(t => t.Status, TaskStatuses.Cancelled).SetProperty(t => t.CompletedAt, now), ct);
            }
        }, cancellationToken);
        logger.LogInformation("Burst committed: {SubStatus}, {JournalCount} journal entries, {Created} new and {Removed} removed bookmarks, {Tasks} tasks, {Mails} mails",
            instance.SubStatus, result.Journal.Count, result.CreatedBookmarks.Count, removedIds.Count, uow.CreatedTasks.Count, uow.QueuedMails.Count);
    }

    /// <summary>Checks workflow input against declared inputs; a message for people, or null.</summary>
    public static string? CheckInput(IReadOnlyList<InputDefinition> inputs, JsonObject? input)
    {
        if (input is null) return null;
        var errors = new List<string>();
        foreach (var declared in inputs)
        {
            // Instance input is matched case-insensitively (as Elsa does and as the stored state behaves).
            var match = input.FirstOrDefault(p => string.Equals(p.Key, declared.Name, StringComparison.OrdinalIgnoreCase));
            if (match.Key is null) continue;
            if (ValueConversion.CheckType(match.Value, declared.Type, declared.IsArray) is { } error)
                errors.Add($"{declared.Name}: {error}");
        }
        return errors.Count == 0 ? null : "输入类型错误 / wrong input type: " + string.Join("; ", errors);
    }
}
