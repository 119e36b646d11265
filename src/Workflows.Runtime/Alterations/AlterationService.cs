using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Engine.Execution;
using Workflows.Engine.Services;
using Workflows.Runtime.Execution;
using Workflows.Runtime.Inbox;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Alterations;

/// <summary>The bulk actions of the instances page, run as plans (Camunda Operate's batch operations).</summary>
public static class BulkKinds
{
    public const string Retry = "Retry";
    public const string Cancel = "Cancel";
    public const string Delete = "Delete";
    public const string Migrate = "Migrate";
    public static readonly IReadOnlyList<string> All = [Retry, Cancel, Delete, Migrate];
}

/// <summary>The outcome of altering one instance (Elsa's RunAlterationsResult).</summary>
public sealed record AlterationResult(string InstanceId, bool Succeeded, JsonArray Log, bool HasScheduledWork);

/// <summary>Wakes the plan worker when a plan is submitted or resumed.</summary>
public sealed class AlterationSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        try { _signal.Release(); } catch (SemaphoreFullException) { }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}

/// <summary>
/// Dry runs, immediate runs and submitted plans of alterations (elsa-core src/modules/Elsa.Alterations/Endpoints/
/// Alterations/{DryRun,Run,Submit,Get}/Endpoint.cs and Endpoints/Workflows/Retry/Endpoint.cs). Every alteration of an
/// instance is one burst through <see cref="WorkflowRuntime.AlterAsync"/>, with an audit record (who, when, why) and,
/// for a plan, its job row marked done in the same transaction: a plan interrupted at any point alters each instance
/// exactly once when it carries on.
/// </summary>
public sealed class AlterationService(IServiceScopeFactory scopes, WorkflowRuntime runtime, AuditTrail audit, IIdGenerator ids, TimeProvider clock, AlterationSignal signal)
{
    public const string AuditAction = "Alter";

    /// <summary>The most instances a dry run lists one by one (the count is always complete).</summary>
    public const int MaxDryRunDetails = 1000;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<List<string>> FindAsync(WorkflowsDbContext db, JsonObject? filter, CancellationToken cancellationToken) =>
        await AlterationJson.Apply(db.Instances.AsNoTracking(), filter).OrderBy(i => i.CreatedAt).ThenBy(i => i.Id).Select(i => i.Id).ToListAsync(cancellationToken);

    /// <summary>
    /// Elsa's dry run lists the instances a filter selects. With a Migrate alteration it also says, per instance,
    /// whether its waiting points exist in the target version and what the mapping does (up to <see cref="MaxDryRunDetails"/>).
    /// </summary>
    public async Task<JsonObject> DryRunAsync(JsonObject? filter, ParsedAlterations? alterations, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var found = await FindAsync(db, filter, cancellationToken);
        var result = new JsonObject { ["workflowInstanceIds"] = new JsonArray(found.Select(i => (JsonNode?)i).ToArray()), ["count"] = found.Count };
        if (alterations?.Migration is not { } migration) return result;

        var details = new JsonArray();
        var blocked = 0;
        foreach (var chunk in found.Chunk(200))
        {
            var instances = await db.Instances.AsNoTracking().Where(i => chunk.Contains(i.Id)).ToListAsync(cancellationToken);
            foreach (var instance in instances)
            {
                var report = await runtime.PlanMigrationAsync(db, instance, migration, cancellationToken);
                if (!report.CanMigrate) blocked++;
                if (details.Count < MaxDryRunDetails) details.Add(Report(instance.Id, instance.DefinitionVersion, report));
            }
        }
        result["migration"] = new JsonObject { ["targetVersion"] = migration.TargetVersion, ["migratable"] = found.Count - blocked, ["notMigratable"] = blocked, ["instances"] = details };
        return result;
    }

    private static JsonObject Report(string instanceId, int version, MigrationReport report) => new()
    {
        ["workflowInstanceId"] = instanceId,
        ["fromVersion"] = version,
        ["canMigrate"] = report.CanMigrate,
        ["reasons"] = new JsonArray(report.Problems.Select(p => (JsonNode?)p).ToArray()),
        ["waitingPoints"] = new JsonArray(report.Points.Select(p => (JsonNode?)new JsonObject
        {
            ["kind"] = p.Kind,
            ["activityId"] = p.ActivityId,
            ["activityType"] = p.ActivityType,
            ["targetActivityId"] = p.TargetActivityId,
            ["existsInTarget"] = p.Exists,
            ["mapped"] = p.TargetActivityId is not null && p.TargetActivityId != p.ActivityId,
            ["reason"] = p.Reason,
        }).ToArray()),
    };

    /// <summary>Alters the instances now, one burst each (Elsa's /alterations/run).</summary>
    public async Task<List<AlterationResult>> RunAsync(IReadOnlyList<string> instanceIds, ParsedAlterations alterations, string actor, string? reason, CancellationToken cancellationToken)
    {
        var results = new List<AlterationResult>();
        foreach (var id in instanceIds.Distinct(StringComparer.Ordinal))
            results.Add(await AlterOneAsync(id, alterations, actor, reason, job: null, cancellationToken));
        return results;
    }

    /// <summary>Retries the faulted activities of each instance (Elsa's /alterations/workflows/retry).</summary>
    public async Task<List<AlterationResult>> RetryAsync(IReadOnlyList<string> instanceIds, IReadOnlyList<string>? activityIds, string actor, string? reason, CancellationToken cancellationToken)
    {
        var results = new List<AlterationResult>();
        foreach (var id in instanceIds.Distinct(StringComparer.Ordinal))
            results.Add(await RetryOneAsync(id, activityIds, actor, reason, null, cancellationToken));
        return results;
    }

    private async Task<AlterationResult> RetryOneAsync(string instanceId, IReadOnlyList<string>? activityIds, string actor, string? reason, string? job, CancellationToken cancellationToken)
    {
        var alterations = await RetryAlterationsAsync(instanceId, activityIds, cancellationToken);
        if (alterations.Count == 0)
            return new AlterationResult(instanceId, false, [AlterationJson.LogEntry($"实例 {instanceId} 没有故障的活动。 / Instance {instanceId} has no faulted activity.", "Warning", Now)], false);
        return await AlterOneAsync(instanceId, new ParsedAlterations(alterations, null), actor, reason, job, cancellationToken);
    }

    private async Task<List<StateAlteration>> RetryAlterationsAsync(string instanceId, IReadOnlyList<string>? activityIds, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var json = await db.Instances.AsNoTracking().Where(i => i.Id == instanceId).Select(i => i.StateJson).FirstOrDefaultAsync(cancellationToken);
        if (json is null) return [];
        var state = StateSerializer.Deserialize(json);
        // Elsa schedules each faulted activity id from the incidents; the execution id makes the retry run the same execution.
        return state.Incidents
            .Where(i => activityIds is not { Count: > 0 } || activityIds.Contains(i.ActivityId))
            .GroupBy(i => i.ActivityExecutionId ?? i.ActivityId)
            .Select(g => (StateAlteration)new ScheduleActivityAlteration(g.First().ActivityId, g.First().ActivityExecutionId))
            .ToList();
    }

    private async Task<AlterationResult> AlterOneAsync(string instanceId, ParsedAlterations alterations, string actor, string? reason, string? job, CancellationToken cancellationToken)
    {
        var described = Describe(alterations);
        var outcome = await runtime.AlterAsync(new AlterationRequest
        {
            InstanceId = instanceId,
            Alterations = alterations.Alterations,
            Migration = alterations.Migration,
            Actor = actor,
            Reason = reason,
            Accept = async (uow, instance, ct) =>
            {
                await audit.AddAsync(uow.Db, instance.Id, null, AuditAction, actor, null, reason, new JsonObject { ["alterations"] = described, ["planJobId"] = job }, ct);
                if (job is not null) await CompleteJobAsync(uow.Db, job, AlterationStatuses.Completed, "已执行。 / Applied.", "Information", ct);
            },
        }, cancellationToken);
        var log = new JsonArray();
        if (outcome.Succeeded)
        {
            foreach (var line in described.OfType<JsonValue>())
                log.Add(AlterationJson.LogEntry(line.GetValue<string>(), "Information", Now, "Altered"));
            return new AlterationResult(instanceId, true, log, outcome.State is { IsFinished: false, Queue.Count: > 0 });
        }
        log.Add(AlterationJson.LogEntry(outcome.Message ?? "failed", "Error", Now));
        if (job is not null) await FailJobAsync(job, outcome.Message ?? "failed", cancellationToken);
        return new AlterationResult(instanceId, false, log, false);
    }

    private static JsonArray Describe(ParsedAlterations alterations)
    {
        var lines = new JsonArray();
        if (alterations.Migration is { } m)
            lines.Add($"Migrate → v{m.TargetVersion}" + (m.ActivityIdMap is { Count: > 0 } map ? " (" + string.Join(", ", map.Select(p => $"{p.Key}→{p.Value}")) + ")" : ""));
        foreach (var a in alterations.Alterations)
            lines.Add(a switch
            {
                ModifyVariableAlteration v => $"ModifyVariable {v.VariableId}",
                ScheduleActivityAlteration s => $"ScheduleActivity {s.ActivityId ?? s.ActivityInstanceId}",
                CancelActivityAlteration c => $"CancelActivity {c.ActivityId ?? c.ActivityInstanceId}",
                _ => a.Type,
            });
        return lines;
    }

    private async Task CompleteJobAsync(WorkflowsDbContext db, string jobId, string status, string message, string level, CancellationToken cancellationToken)
    {
        var row = await db.Set<AlterationJobRecord>().FirstAsync(j => j.Id == jobId, cancellationToken);
        // Done in another transaction already (a second node, or a run before a crash): refuse, so nothing is altered twice.
        if (row.Status is AlterationStatuses.Completed or AlterationStatuses.Failed)
            throw new ResumeRejectedException(RunStatus.Conflict, $"Job {jobId} is done already.");
        row.Status = status;
        row.CompletedAt = Now;
        row.StartedAt ??= Now;
        var log = AlterationJson.ReadLog(row.LogJson) as JsonArray ?? [];
        log.Add(AlterationJson.LogEntry(message, level, Now));
        row.LogJson = AlterationJson.Write(log);
    }

    private async Task FailJobAsync(string jobId, string message, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var row = await db.Set<AlterationJobRecord>().FirstAsync(j => j.Id == jobId, cancellationToken);
        if (row.Status is AlterationStatuses.Completed or AlterationStatuses.Failed) return;
        await CompleteJobAsync(db, jobId, AlterationStatuses.Failed, message, "Error", cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    // ---- plans ------------------------------------------------------------------------------------

    /// <summary>Stores a plan (Elsa's /alterations/submit); the worker generates its jobs and runs them.</summary>
    public async Task<string> SubmitAsync(JsonNode alterationsJson, JsonObject? filter, string? kind, string actor, string? reason, string? id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var plan = new AlterationPlanRecord
        {
            Id = id is { Length: > 0 and <= 64 } ? id : ids.NewId(),
            Status = AlterationStatuses.Pending,
            AlterationsJson = AlterationJson.Write(alterationsJson),
            FilterJson = AlterationJson.Write(filter ?? []),
            Kind = kind,
            CreatedBy = actor,
            Reason = reason,
            CreatedAt = Now,
        };
        db.Add(plan);
        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();
        return plan.Id;
    }

    /// <summary>Pauses or resumes a plan; false when it does not exist or is finished.</summary>
    public async Task<bool> SetPausedAsync(string planId, bool paused, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var plan = await db.Set<AlterationPlanRecord>().FirstOrDefaultAsync(p => p.Id == planId, cancellationToken);
        if (plan is null || plan.Status is AlterationStatuses.Completed or AlterationStatuses.Failed) return false;
        plan.Status = paused ? AlterationStatuses.Paused : (plan.Total > 0 || plan.StartedAt is not null ? AlterationStatuses.Running : AlterationStatuses.Pending);
        plan.Revision++;
        await db.SaveChangesAsync(cancellationToken);
        if (!paused) signal.Notify();
        return true;
    }

    /// <summary>The plan and its jobs (Elsa's GET /alterations/{id}: {plan, jobs}), with our progress counts.</summary>
    public async Task<JsonObject?> GetAsync(string planId, int maxJobs, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var plan = await db.Set<AlterationPlanRecord>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == planId, cancellationToken);
        if (plan is null) return null;
        var counts = await db.Set<AlterationJobRecord>().AsNoTracking().Where(j => j.PlanId == planId).GroupBy(j => j.Status)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var jobs = await db.Set<AlterationJobRecord>().AsNoTracking().Where(j => j.PlanId == planId).OrderBy(j => j.CreatedAt).ThenBy(j => j.Id).Take(maxJobs).ToListAsync(cancellationToken);
        return new JsonObject
        {
            ["plan"] = new JsonObject
            {
                ["id"] = plan.Id,
                ["alterations"] = JsonNode.Parse(plan.AlterationsJson),
                ["workflowInstanceFilter"] = JsonNode.Parse(plan.FilterJson),
                ["status"] = plan.Status,
                ["kind"] = plan.Kind,
                ["createdBy"] = plan.CreatedBy,
                ["reason"] = plan.Reason,
                ["createdAt"] = Iso(plan.CreatedAt),
                ["startedAt"] = Iso(plan.StartedAt),
                ["completedAt"] = Iso(plan.CompletedAt),
            },
            ["progress"] = new JsonObject
            {
                ["total"] = plan.Total,
                ["completed"] = counts.GetValueOrDefault(AlterationStatuses.Completed),
                ["failed"] = counts.GetValueOrDefault(AlterationStatuses.Failed),
                ["pending"] = counts.GetValueOrDefault(AlterationStatuses.Pending),
            },
            ["jobs"] = new JsonArray(jobs.Select(j => (JsonNode?)new JsonObject
            {
                ["id"] = j.Id,
                ["planId"] = j.PlanId,
                ["workflowInstanceId"] = j.InstanceId,
                ["status"] = j.Status,
                ["log"] = AlterationJson.ReadLog(j.LogJson),
                ["createdAt"] = Iso(j.CreatedAt),
                ["startedAt"] = Iso(j.StartedAt),
                ["completedAt"] = Iso(j.CompletedAt),
            }).ToArray()),
        };
    }

    private static string? Iso(DateTime? t) => t is null ? null : new DateTimeOffset(t.Value, TimeSpan.Zero).ToString("O");

    /// <summary>
    /// Does one step of work on the oldest active plan: generate its jobs, or run up to <paramref name="batch"/> of
    /// them. Returns false when there is nothing to do.
    /// </summary>
    public async Task<bool> StepAsync(int batch, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var plan = await db.Set<AlterationPlanRecord>()
            .Where(p => p.Status == AlterationStatuses.Pending || p.Status == AlterationStatuses.Generating || p.Status == AlterationStatuses.Running)
            .OrderBy(p => p.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        if (plan is null) return false;

        if (plan.Status != AlterationStatuses.Running)
        {
            await GenerateJobsAsync(db, plan, cancellationToken);
            return true;
        }

        var jobs = await db.Set<AlterationJobRecord>().AsNoTracking()
            .Where(j => j.PlanId == plan.Id && j.Status == AlterationStatuses.Pending)
            .OrderBy(j => j.CreatedAt).ThenBy(j => j.Id).Take(batch).ToListAsync(cancellationToken);
        if (jobs.Count == 0)
        {
            plan.Status = AlterationStatuses.Completed;
            plan.CompletedAt = Now;
            plan.Revision++;
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }

        ParsedAlterations? parsed = null;
        if (plan.Kind is null or BulkKinds.Migrate) parsed = AlterationJson.Parse(JsonNode.Parse(plan.AlterationsJson));
        foreach (var job in jobs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Paused meanwhile: stop between instances.
            var status = await db.Set<AlterationPlanRecord>().AsNoTracking().Where(p => p.Id == plan.Id).Select(p => p.Status).FirstAsync(cancellationToken);
            if (status != AlterationStatuses.Running) return true;
            await RunJobAsync(plan, job, parsed, cancellationToken);
        }
        return true;
    }

    private async Task RunJobAsync(AlterationPlanRecord plan, AlterationJobRecord job, ParsedAlterations? parsed, CancellationToken cancellationToken)
    {
        switch (plan.Kind)
        {
            case BulkKinds.Retry:
                var retried = await RetryOneAsync(job.InstanceId, null, plan.CreatedBy, plan.Reason, job.Id, cancellationToken);
                if (!retried.Succeeded) await FailJobAsync(job.Id, retried.Log.OfType<JsonObject>().LastOrDefault()?["message"]?.GetValue<string>() ?? "failed", cancellationToken);
                break;
            case BulkKinds.Cancel:
                var cancelled = await runtime.CancelAsync(job.InstanceId, plan.Reason ?? $"cancelled by {plan.CreatedBy}", async (uow, ct) =>
                {
                    await audit.AddAsync(uow.Db, job.InstanceId, null, AuditAction, plan.CreatedBy, null, plan.Reason, new JsonObject { ["alterations"] = new JsonArray("Cancel"), ["planJobId"] = job.Id }, ct);
                    await CompleteJobAsync(uow.Db, job.Id, AlterationStatuses.Completed, "已取消。 / Cancelled.", "Information", ct);
                }, cancellationToken);
                if (!cancelled.Succeeded) await FailJobAsync(job.Id, cancelled.Message ?? "failed", cancellationToken);
                break;
            case BulkKinds.Delete:
                await DeleteFinishedAsync(job, cancellationToken);
                break;
            default:
                await AlterOneAsync(job.InstanceId, parsed!, plan.CreatedBy, plan.Reason, job.Id, cancellationToken);
                break;
        }
    }

    /// <summary>Deletes a finished instance with its journal, bookmarks and commands; tasks and audit stay as the record.</summary>
    private async Task DeleteFinishedAsync(AlterationJobRecord job, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var instance = await db.Instances.AsNoTracking().Where(i => i.Id == job.InstanceId).Select(i => new { i.Status }).FirstOrDefaultAsync(cancellationToken);
        if (instance is null || instance.Status != nameof(WorkflowStatus.Finished))
        {
            await FailJobAsync(job.Id, instance is null ? "实例不存在。 / The instance does not exist." : "实例仍在运行，不能删除。 / The instance is still running.", cancellationToken);
            return;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await CompleteJobAsync(db, job.Id, AlterationStatuses.Completed, "已删除。 / Deleted.", "Information", cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await db.Journal.Where(j => j.InstanceId == job.InstanceId).ExecuteDeleteAsync(cancellationToken);
        await db.Bookmarks.Where(x => x.InstanceId == job.InstanceId).ExecuteDeleteAsync(cancellationToken);
        await db.Commands.Where(c => c.InstanceId == job.InstanceId).ExecuteDeleteAsync(cancellationToken);
        await db.Instances.Where(i => i.Id == job.InstanceId && i.Status == nameof(WorkflowStatus.Finished)).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task GenerateJobsAsync(WorkflowsDbContext db, AlterationPlanRecord plan, CancellationToken cancellationToken)
    {
        var filter = JsonNode.Parse(plan.FilterJson) as JsonObject;
        var found = await FindAsync(db, filter, cancellationToken);
        // Jobs an interrupted generation already wrote stay (the unique index also says so); only missing ones are added.
        var existing = (await db.Set<AlterationJobRecord>().AsNoTracking().Where(j => j.PlanId == plan.Id).Select(j => j.InstanceId).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        var now = Now;
        var order = 0;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var id in found.Where(i => !existing.Contains(i)))
            db.Add(new AlterationJobRecord
            {
                Id = ids.NewId(),
                PlanId = plan.Id,
                InstanceId = id,
                Status = AlterationStatuses.Pending,
                // Distinct stamps keep the jobs in the filter's order.
                CreatedAt = now.AddTicks(order++),
            });
        plan.Status = AlterationStatuses.Running;
        plan.StartedAt ??= now;
        plan.Total = existing.Count + found.Count(i => !existing.Contains(i));
        plan.Revision++;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
