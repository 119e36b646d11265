using System.Data.Common;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflows.Runtime.Hosting;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Execution;

/// <summary>
/// Group commit: bursts of different instances that finish at about the same time are written by one writer in
/// one database transaction, so they share one fsync (SQLite with synchronous=FULL) or one round trip of commit
/// (PostgreSQL). The rules hold per burst: each burst is written inside its own savepoint, so a burst that fails
/// (its instance's revision moved, a duplicate key) is rolled back alone and its caller retries it while the
/// others commit; a caller is answered only after the transaction holding its burst has committed.
/// Bursts are written in the order they were handed in; bursts of one instance never meet in a batch because
/// the caller holds the instance's lock until its commit is answered, so per-instance order is kept.
/// </summary>
public sealed class BurstCommitter : IAsyncDisposable, IDisposable
{
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<BurstCommitter> _logger;
    private readonly int _maxBursts;
    private readonly Channel<PendingBurst> _queue = Channel.CreateUnbounded<PendingBurst>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private long _batches;
    private long _bursts;
    private int _largestBatch;

    public BurstCommitter(IServiceScopeFactory scopes, IOptions<RuntimeOptions> options, ILogger<BurstCommitter> logger)
    {
        _scopes = scopes;
        _logger = logger;
        _maxBursts = Math.Max(1, options.Value.GroupCommitMaxBursts);
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Transactions written so far (for the bench and tests).</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Bursts committed so far.</summary>
    public long Bursts => Interlocked.Read(ref _bursts);

    /// <summary>The most bursts one transaction has held.</summary>
    public int LargestBatch => Volatile.Read(ref _largestBatch);

    /// <summary>
    /// Writes <paramref name="write"/>'s changes on <paramref name="db"/> (SaveChanges and any bulk statements)
    /// in the next group transaction and returns once that transaction is durable. Throws what the write threw
    /// (then nothing of it was kept) or what the commit threw. <paramref name="db"/> must not be used after this,
    /// except to read entities already loaded: its connection was lent to the writer.
    /// A context already inside its own transaction is written in place: the caller owns that commit.
    /// </summary>
    public async Task CommitAsync(WorkflowsDbContext db, Func<CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            await write(cancellationToken);
            return;
        }
        cancellationToken.ThrowIfCancellationRequested();
        if (_maxBursts == 1)
        {
            // Group commit off: the burst commits in its own transaction on its own connection, with no hand-off to
            // the writer (the bench's baseline, and several PostgreSQL nodes that prefer parallel commits).
            // Not cancellable once begun, as below.
            await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
            await write(CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
            Interlocked.Increment(ref _batches);
            Interlocked.Increment(ref _bursts);
            if (Volatile.Read(ref _largestBatch) == 0) Volatile.Write(ref _largestBatch, 1);
            return;
        }
        var pending = new PendingBurst(db, write, cancellationToken);
        if (!_queue.Writer.TryWrite(pending)) throw new ObjectDisposedException(nameof(BurstCommitter));
        // Not cancellable once handed in: the answer must say whether the burst committed.
        await pending.Completion.Task;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingBurst>(_maxBursts);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < _maxBursts && _queue.Reader.TryRead(out var next)) batch.Add(next);
            if (batch.Count == 0) continue;
            try
            {
                await WriteBatchAsync(batch);
            }
            catch (Exception ex)
            {
                // The batch's transaction did not commit (or its outcome is unknown): nobody in it is told otherwise.
                _logger.LogError(ex, "Group commit of {Bursts} bursts failed", batch.Count);
                foreach (var burst in batch) burst.Completion.TrySetException(ex);
            }
        }
    }

    private async Task WriteBatchAsync(List<PendingBurst> batch)
    {
        var written = new List<PendingBurst>(batch.Count);
        await using (var scope = _scopes.CreateAsyncScope())
        {
            var leader = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            await leader.Database.OpenConnectionAsync();
            var connection = leader.Database.GetDbConnection();
            await using var transaction = await connection.BeginTransactionAsync();
            for (var i = 0; i < batch.Count; i++)
            {
                var burst = batch[i];
                if (burst.CancellationToken.IsCancellationRequested)
                {
                    burst.Completion.TrySetCanceled(burst.CancellationToken);
                    continue;
                }
                if (await WriteOneAsync(burst, connection, transaction, "burst" + i) is { } failure)
                    burst.Completion.TrySetException(failure);
                else
                    written.Add(burst);
            }
            await transaction.CommitAsync();
        }

        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _bursts, written.Count);
        if (written.Count > Volatile.Read(ref _largestBatch)) Volatile.Write(ref _largestBatch, written.Count);
        if (batch.Count > 1) _logger.LogInformation("Group commit: {Written} of {Bursts} bursts in one transaction", written.Count, batch.Count);
        foreach (var burst in written) burst.Completion.TrySetResult();
    }

    /// <summary>One burst inside its own savepoint; returns why it was rolled back, or null when it is in.</summary>
    private static async Task<Exception?> WriteOneAsync(PendingBurst burst, DbConnection connection, DbTransaction transaction, string savepoint)
    {
        var database = burst.Db.Database;
        await transaction.SaveAsync(savepoint);
        // The burst's own savepoint already makes it all or nothing; EF's per-SaveChanges savepoint would only add
        // a SAVEPOINT/RELEASE pair per call.
        database.AutoSavepointsEnabled = false;
        try
        {
            database.SetDbConnection(connection, contextOwnsConnection: false);
            await database.UseTransactionAsync(transaction);
            await burst.Write(CancellationToken.None);
            await transaction.ReleaseAsync(savepoint);
            return null;
        }
        catch (Exception ex)
        {
            // A failed rollback to the savepoint leaves the transaction unusable: the whole batch fails (outer catch).
            await transaction.RollbackAsync(savepoint);
            return ex;
        }
        finally
        {
            await database.UseTransactionAsync(null);
            database.AutoSavepointsEnabled = true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _writer.GetAwaiter().GetResult();
    }

    private sealed record PendingBurst(WorkflowsDbContext Db, Func<CancellationToken, Task> Write, CancellationToken CancellationToken)
    {
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
