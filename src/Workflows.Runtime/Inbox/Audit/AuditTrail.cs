using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Workflows.Engine.Model;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Inbox;

/// <summary>
/// Writes audit records into the caller's context, so each commits with the action it describes or not at all.
/// There is deliberately no method that changes or removes one.
/// </summary>
public sealed class AuditTrail(TimeProvider clock)
{
    public async Task<AuditRecord> AddAsync(WorkflowsDbContext db, string instanceId, TaskRecord? task, string action, string actor,
        string? outcome = null, string? comment = null, JsonObject? details = null, CancellationToken cancellationToken = default)
    {
        var actorName = actor == AuditActions.SystemActor
            ? null
            : await db.Users.AsNoTracking().Where(u => u.UserName == actor).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken);
        var record = new AuditRecord
        {
            InstanceId = instanceId,
            TaskId = task?.Id,
            TaskTitle = task?.Title,
            Action = action,
            Actor = actor,
            ActorName = actorName,
            At = clock.GetUtcNow().UtcDateTime,
            Outcome = outcome,
            Comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(),
            DetailsJson = details is null ? null : EngineJson.Write(details),
        };
        db.Audit().Add(record);
        return record;
    }
}

/// <summary>
/// Refuses to save a change to or the removal of an audit record. Together with the init-only properties and the
/// database triggers this keeps the trail append-only whatever a future change to the code tries.
/// </summary>
public sealed class AuditAppendOnlyGuard : SaveChangesInterceptor
{
    public static readonly AuditAppendOnlyGuard Instance = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Check(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Check(DbContext? context)
    {
        if (context is null) return;
        foreach (var entry in context.ChangeTracker.Entries<AuditRecord>())
        {
            if (entry.State is EntityState.Modified or EntityState.Deleted)
                throw new InvalidOperationException($"审计记录只能追加，不能修改或删除（记录 {entry.Entity.Id}）。 / Audit records are append-only (record {entry.Entity.Id}).");
        }
    }
}
