using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Mail.Outbox;

public sealed record OutboxPage(IReadOnlyList<OutboxRecord> Items, int TotalCount, IReadOnlyDictionary<string, int> Counts);

/// <summary>What the outbox page shows and does: mails by status, one mail's delivery log, and retrying a failed mail.</summary>
public sealed partial class OutboxAdmin(WorkflowsDbContext db, Workflows.Engine.Services.IIdGenerator ids, TimeProvider clock, ILogger<OutboxAdmin> logger)
{
    public static readonly IReadOnlyList<string> Statuses = [OutboxStatuses.Pending, OutboxStatuses.Sent, OutboxStatuses.Failed];

    public async Task<OutboxPage> ListAsync(string? status, int page, int pageSize, CancellationToken cancellationToken)
    {
        var query = db.Outbox.AsNoTracking();
        if (!string.IsNullOrEmpty(status)) query = query.Where(o => o.Status == status);
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(o => o.CreatedAt).ThenBy(o => o.Id)
            .Skip(Math.Max(page, 0) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        var counts = await db.Outbox.AsNoTracking().GroupBy(o => o.Status).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return new OutboxPage(items, total, counts);
    }

    public Task<OutboxRecord?> FindAsync(string id, CancellationToken cancellationToken) =>
        db.Outbox.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, cancellationToken);

    public Task<List<OutboxDeliveryRecord>> DeliveriesAsync(string id, CancellationToken cancellationToken) =>
        db.Set<OutboxDeliveryRecord>().AsNoTracking().Where(d => d.OutboxId == id).OrderBy(d => d.At).ThenBy(d => d.Attempt).ToListAsync(cancellationToken);

    /// <summary>Puts a failed mail back in the queue with a fresh set of attempts. Recipients it already reached are not mailed again.</summary>
    public async Task<(bool Succeeded, string Message)> RetryAsync(string id, string user, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var lastError = await db.Outbox.Where(o => o.Id == id).Select(o => o.LastError).FirstOrDefaultAsync(cancellationToken);
        var changed = await db.Outbox.Where(o => o.Id == id && o.Status == OutboxStatuses.Failed)
            .ExecuteUpdateAsync(u => u
                .SetProperty(o => o.Status, OutboxStatuses.Pending)
                .SetProperty(o => o.Attempts, 0)
                .SetProperty(o => o.NextAttemptAt, now)
                .SetProperty(o => o.LastError, (string?)null), cancellationToken);
        if (changed == 1)
        {
            // The log says who sent it again, and from when on earlier refusals are tried once more.
            db.Set<OutboxDeliveryRecord>().Add(new OutboxDeliveryRecord
            {
                Id = ids.NewId(),
                OutboxId = id,
                Recipient = "*",
                UserName = user,
                Status = OutboxDeliveryStatuses.Requeued,
                At = now,
                // The error that made it fail stays on record here; the mail itself starts afresh.
                Error = lastError,
            });
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        if (changed == 0)
        {
            var exists = await db.Outbox.AnyAsync(o => o.Id == id, cancellationToken);
            return (false, exists
                ? "只有发送失败的邮件可以重发。 / Only failed mails can be retried."
                : $"邮件 {id} 不存在。 / Mail {id} does not exist.");
        }
        LogRetried(id, user);
        return (true, "已重新放入发件队列，稍后发送。 / The mail is queued again.");
    }

    [LoggerMessage(EventId = 4310, Level = LogLevel.Information, Message = "Outbox mail {OutboxId} queued again by {UserName}")]
    private partial void LogRetried(string outboxId, string userName);
}
