using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workflows.Engine.Execution;
using Workflows.Engine.Model;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Execution;

/// <summary>Moves an instance to another version of its definition, with activity ids mapped where they changed.</summary>
public sealed record MigrationRequest(int TargetVersion, IReadOnlyDictionary<string, string>? ActivityIdMap);

public sealed record AlterationRequest
{
    public required string InstanceId { get; init; }
    public IReadOnlyList<StateAlteration> Alterations { get; init; } = [];

    /// <summary>Applied before <see cref="Alterations"/> (Elsa runs a plan's alterations in order; Migrate first is what makes sense).</summary>
    public MigrationRequest? Migration { get; init; }
    public required string Actor { get; init; }
    public string? Reason { get; init; }

    /// <summary>Runs in the burst's unit of work before anything changes (audit, a plan's job row), committing with it.</summary>
    public Func<BurstUnitOfWork, InstanceRecord, CancellationToken, Task>? Accept { get; init; }
}

public sealed partial class WorkflowRuntime
{
    /// <summary>Journal event of a migration to another version.</summary>
    public const string MigratedEvent = "Migrated";

    /// <summary>
    /// Alters one instance as one burst: under its lock, in one transaction with its state, bookmarks, tasks, journal
    /// and whatever the alteration scheduled (a retried activity runs in the same burst). A refused alteration
    /// changes nothing.
    /// </summary>
    public async Task<RunOutcome> AlterAsync(AlterationRequest request, CancellationToken cancellationToken = default)
    {
        using var held = await Locks.AcquireAsync(request.InstanceId, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = Scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            var instance = await db.Instances.FirstOrDefaultAsync(i => i.Id == request.InstanceId, cancellationToken);
            if (instance is null) return RunOutcome.Fail(RunStatus.NotFound, $"实例 {request.InstanceId} 不存在。 / Instance {request.InstanceId} does not exist.");
            var uow = scope.ServiceProvider.GetRequiredService<BurstUnitOfWork>();
            try
            {
                if (request.Accept is not null) await request.Accept(uow, instance, cancellationToken);
                if (request.Migration is { } migration) await MigrateAsync(uow, instance, migration, request, cancellationToken);
                return await RunBurstAsync(scope.ServiceProvider, uow, instance, new AlterStimulus(request.Alterations, request.Actor, request.Reason), null, cancellationToken);
            }
            catch (AlterationFailedException ex)
            {
                return RunOutcome.Fail(RunStatus.Invalid, ex.Message, request.InstanceId);
            }
            catch (ResumeRejectedException ex)
            {
                return RunOutcome.Fail(ex.Status, ex.Message, request.InstanceId);
            }
            catch (DbUpdateException ex) when (attempt < MaxAttempts && !cancellationToken.IsCancellationRequested)
            {
                Logger.LogInformation(ex, "Alteration of {InstanceId} conflicted (attempt {Attempt}); retrying", request.InstanceId, attempt);
            }
        }
    }

    /// <summary>What migrating the instance would do, without changing it (the dry run).</summary>
    public async Task<MigrationReport> PlanMigrationAsync(WorkflowsDbContext db, InstanceRecord instance, MigrationRequest migration, CancellationToken cancellationToken = default)
    {
        var (_, target) = await TargetAsync(db, instance, migration, cancellationToken);
        if (target is null)
            return new MigrationReport(false, [], [$"流程 {instance.DefinitionId} 没有版本 {migration.TargetVersion}。 / Workflow definition {instance.DefinitionId} has no version {migration.TargetVersion}."]);
        var source = await Graphs.GetAsync(db, instance.SnapshotHash, cancellationToken);
        return InstanceMigration.Plan(StateSerializer.Deserialize(instance.StateJson), source, target, migration.ActivityIdMap);
    }

    private async Task<(DefinitionRecord?, WorkflowGraph?)> TargetAsync(WorkflowsDbContext db, InstanceRecord instance, MigrationRequest migration, CancellationToken cancellationToken)
    {
        var definition = await db.Definitions.AsNoTracking()
            .FirstOrDefaultAsync(d => d.DefinitionId == instance.DefinitionId && d.Version == migration.TargetVersion, cancellationToken);
        if (definition is null) return (null, null);
        var (hash, json, _) = Graphs.SnapshotOf(definition.Json);
        return (definition, Graphs.Get(hash, json));
    }

    private async Task MigrateAsync(BurstUnitOfWork uow, InstanceRecord instance, MigrationRequest migration, AlterationRequest request, CancellationToken cancellationToken)
    {
        var db = uow.Db;
        var (definition, target) = await TargetAsync(db, instance, migration, cancellationToken);
        if (definition is null || target is null)
            throw new AlterationFailedException($"流程 {instance.DefinitionId} 没有版本 {migration.TargetVersion}。 / Workflow definition {instance.DefinitionId} has no version {migration.TargetVersion}.");
        var source = await Graphs.GetAsync(db, instance.SnapshotHash, cancellationToken);
        var state = StateSerializer.Deserialize(instance.StateJson);
        var fromVersion = instance.DefinitionVersion;
        var report = InstanceMigration.Apply(state, source, target, migration.ActivityIdMap);
        var map = migration.ActivityIdMap ?? new Dictionary<string, string>();

        var (hash, json, _) = Graphs.SnapshotOf(definition.Json);
        await Graphs.EnsureStoredAsync(db, hash, json, uow.Now, cancellationToken);
        instance.SnapshotHash = hash;
        instance.DefinitionVersionId = definition.Id;
        instance.DefinitionVersion = definition.Version;

        // The rows that mirror the waits follow them; open tasks keep their ids, assignees and history.
        foreach (var bookmark in await db.Bookmarks.Where(b => b.InstanceId == instance.Id).ToListAsync(cancellationToken))
        {
            bookmark.ActivityNodeId = report.NodeIds.GetValueOrDefault(bookmark.ActivityNodeId, bookmark.ActivityNodeId);
            bookmark.ActivityId = map.GetValueOrDefault(bookmark.ActivityId, bookmark.ActivityId);
        }
        foreach (var task in await db.Tasks.Where(t => t.InstanceId == instance.Id && t.Status == TaskStatuses.Open).ToListAsync(cancellationToken))
        {
            task.ActivityNodeId = report.NodeIds.GetValueOrDefault(task.ActivityNodeId, task.ActivityNodeId);
            task.ActivityId = map.GetValueOrDefault(task.ActivityId, task.ActivityId);
        }

        db.Journal.Add(new JournalRecord
        {
            InstanceId = instance.Id,
            Sequence = ++state.JournalSequence,
            Timestamp = uow.Now,
            ActivityExecutionId = state.Activities.FirstOrDefault(a => a.ParentId is null)?.Id ?? instance.Id,
            ActivityId = target.Root.Id,
            ActivityNodeId = target.Root.NodeId,
            ActivityType = target.Root.Type,
            ActivityName = target.Root.Name,
            EventName = MigratedEvent,
            Message = $"由版本 {fromVersion} 迁移到版本 {definition.Version}。 / Migrated from version {fromVersion} to {definition.Version}.",
            PayloadJson = EngineJson.Write(new System.Text.Json.Nodes.JsonObject
            {
                ["fromVersion"] = fromVersion,
                ["toVersion"] = definition.Version,
                ["activityIdMap"] = new System.Text.Json.Nodes.JsonObject(map.Select(p => KeyValuePair.Create(p.Key, (System.Text.Json.Nodes.JsonNode?)p.Value))),
                ["actor"] = request.Actor,
                ["reason"] = request.Reason,
            }),
        });
        instance.StateJson = StateSerializer.Serialize(state);
        Logger.LogInformation("Instance {InstanceId} migrated from v{From} to v{To}", instance.Id, fromVersion, definition.Version);
    }
}
