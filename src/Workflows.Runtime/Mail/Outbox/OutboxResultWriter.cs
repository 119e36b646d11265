using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Mail.Outbox;

/// <summary>
/// Group commit of outbox results: the results of many mails go into one transaction, written when
/// <c>maxResults</c> are waiting or <c>maxDelay</c> after the first of them arrived, whichever comes first. With
/// synchronous=FULL every commit is a disk flush, so one commit per mail (or three, as before) bounds the outbox far
/// below what SMTP can take. A crash before a commit loses no mail: the rows are still claimed and become due again
/// when the lease runs out, and are then sent again with the same Message-ID (the outbox's at-least-once rule).
/// </summary>
internal sealed partial class OutboxResultWriter
{
    private const int CommitTries = 3;

    private readonly Channel<OutboxResult> channel = Channel.CreateUnbounded<OutboxResult>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IServiceScopeFactory scopes;
    private readonly TimeProvider clock;
    private readonly ILogger logger;
    private readonly int maxResults;
    private readonly TimeSpan maxDelay;
    private readonly Task loop;

    public OutboxResultWriter(IServiceScopeFactory scopes, TimeProvider clock, ILogger logger, int maxResults, TimeSpan maxDelay)
    {
        this.scopes = scopes;
        this.clock = clock;
        this.logger = logger;
        this.maxResults = maxResults;
        this.maxDelay = maxDelay;
        loop = Task.Run(RunAsync);
    }

    public void Add(OutboxResult result)
    {
        if (!channel.Writer.TryWrite(result)) throw new InvalidOperationException("The outbox result writer is already complete.");
    }

    /// <summary>Commits what is still waiting and ends. Never cancelled: results of mails already sent must be kept.</summary>
    public async Task CompleteAsync()
    {
        channel.Writer.TryComplete();
        await loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var reader = channel.Reader;
        var batch = new List<OutboxResult>(maxResults);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            using (var window = new CancellationTokenSource(maxDelay, clock))
            {
                while (batch.Count < maxResults)
                {
                    if (reader.TryRead(out var result))
                    {
                        batch.Add(result);
                        continue;
                    }
                    try
                    {
                        if (!await reader.WaitToReadAsync(window.Token).ConfigureAwait(false)) break; // complete
                    }
                    catch (OperationCanceledException)
                    {
                        break; // the window is over
                    }
                }
            }
            await CommitAsync(batch).ConfigureAwait(false);
            batch.Clear();
        }
    }

    private async Task CommitAsync(List<OutboxResult> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
                await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None).ConfigureAwait(false);
                foreach (var result in batch)
                {
                    await FinishAsync(db, result).ConfigureAwait(false);
                }
                // The log is kept even where the claim was lost (a lease that ran out): the server did take those mails.
                db.Set<OutboxDeliveryRecord>().AddRange(batch.SelectMany(r => r.Deliveries));
                await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
                await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                break;
            }
            catch (Exception ex) when (attempt < CommitTries)
            {
                LogCommitRetry(ex, batch.Count, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), clock).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // Nothing is lost: the rows stay claimed and are sent again (same Message-ID) once the lease runs out.
                LogCommitFailed(ex, batch.Count);
                return;
            }
        }
        foreach (var result in batch) result.AfterCommit?.Invoke();
    }

    private static Task<int> FinishAsync(WorkflowsDbContext db, OutboxResult r)
    {
        var lastError = r.Error is null ? null : Truncate(r.Error, 4000);
        // Only while the claim is still this node's: after a lease ran out another node may hold it.
        return db.Outbox.Where(o => o.Id == r.Id && o.Attempts == r.Attempt && o.Status == OutboxStatuses.Pending)
            .ExecuteUpdateAsync(u => u
                .SetProperty(o => o.Status, r.Status)
                .SetProperty(o => o.Attempts, r.Attempts)
                .SetProperty(o => o.NextAttemptAt, r.NextAttemptAt)
                .SetProperty(o => o.SentAt, r.SentAt)
                .SetProperty(o => o.LastError, lastError), CancellationToken.None);
    }

    internal static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];

    [LoggerMessage(EventId = 4305, Level = LogLevel.Warning, Message = "Committing {ResultCount} outbox result(s) failed (try {TryNumber}); trying again")]
    private partial void LogCommitRetry(Exception exception, int resultCount, int tryNumber);

    [LoggerMessage(EventId = 4306, Level = LogLevel.Error, Message = "Committing {ResultCount} outbox result(s) failed; those mails are sent again when their lease runs out")]
    private partial void LogCommitFailed(Exception exception, int resultCount);
}
