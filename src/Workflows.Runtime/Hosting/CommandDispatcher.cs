using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflows.Runtime.Execution;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Hosting;

public sealed class RuntimeOptions
{
    /// <summary>How often the dispatcher looks for queued work when nobody woke it.</summary>
    public TimeSpan CommandPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often due timers are looked for.</summary>
    public TimeSpan TimerPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Instances run side by side by the dispatcher.</summary>
    public int DispatcherParallelism { get; set; } = 4;

    /// <summary>The most bursts one group-commit transaction holds (1 turns group commit off).</summary>
    public int GroupCommitMaxBursts { get; set; } = 256;

    /// <summary>The folder of definition files loaded and published at start.</summary>
    public string? WorkflowsFolder { get; set; }
}

/// <summary>
/// Runs queued commands: children to start, parents to resume, events and timers to deliver. At start it picks
/// up whatever a crash left behind; only queued work is read, so start-up does not grow with waiting instances.
/// </summary>
public sealed class CommandDispatcher(
    IServiceScopeFactory scopes,
    WorkflowRuntime runtime,
    CommandSignal signal,
    StartupGate gate,
    TimeProvider clock,
    IOptions<RuntimeOptions> options,
    ILogger<CommandDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await gate.WaitAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            int processed;
            try
            {
                processed = await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Command dispatcher round failed");
                processed = 0;
            }
            if (processed == 0)
            {
                try
                {
                    await signal.WaitAsync(options.Value.CommandPollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Processes the commands that are due now. Returns how many it ran.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        List<(string Id, string InstanceId)> batch;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            var now = clock.GetUtcNow().UtcDateTime;
            batch = (await db.Commands.AsNoTracking()
                    .Where(c => c.AvailableAt <= now)
                    .OrderBy(c => c.AvailableAt).ThenBy(c => c.CreatedAt)
                    .Select(c => new { c.Id, c.InstanceId })
                    .Take(200)
                    .ToListAsync(cancellationToken))
                .Select(c => (c.Id, c.InstanceId)).ToList();
        }
        if (batch.Count == 0) return 0;

        // One instance's commands in order; different instances side by side.
        var groups = batch.GroupBy(c => c.InstanceId).ToList();
        await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = options.Value.DispatcherParallelism, CancellationToken = cancellationToken },
            async (group, ct) =>
            {
                foreach (var (id, instanceId) in group)
                    await RunCommandAsync(id, instanceId, ct);
            });
        return batch.Count;
    }

    private async Task RunCommandAsync(string commandId, string instanceId, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await runtime.ProcessCommandAsync(commandId, instanceId, cancellationToken);
            if (outcome is { Succeeded: false })
                logger.LogInformation("Command {CommandId} for {WorkflowInstanceId} ended without effect: {Message}", commandId, instanceId, outcome.Message);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Keep the command and try later, backing off so that a poisoned one does not spin.
            logger.LogError(ex, "Command {CommandId} for {WorkflowInstanceId} failed; will retry", commandId, instanceId);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            var command = await db.Commands.FirstOrDefaultAsync(c => c.Id == commandId, cancellationToken);
            if (command is null) return;
            command.Attempts++;
            command.LastError = ex.Message.Length > 2000 ? ex.Message[..2000] : ex.Message;
            command.AvailableAt = clock.GetUtcNow().UtcDateTime + TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, command.Attempts)));
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}

/// <summary>
/// Turns due timer bookmarks into resume commands. The command's idempotency key is the bookmark id, so a timer
/// fires once even if two nodes or two rounds see it due.
/// </summary>
public sealed class TimerService(
    IServiceScopeFactory scopes,
    CommandSignal signal,
    StartupGate gate,
    TimeProvider clock,
    IOptions<RuntimeOptions> options,
    ILogger<TimerService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await gate.WaitAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await FireDueAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Timer round failed");
            }
            try
            {
                await Task.Delay(options.Value.TimerPollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>The tag on the due-timer query (tests find it by this).</summary>
    public const string DueTimersTag = "due timers without a queued command";

    private const int TimerBatch = 500;

    /// <summary>Queues a resume for every timer due now. Returns how many were queued this round.</summary>
    public async Task<int> FireDueAsync(CancellationToken cancellationToken)
    {
        var queued = 0;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            var now = clock.GetUtcNow().UtcDateTime;
            int fresh;
            try
            {
                // One read, inside the transaction that queues: due timers and their queued commands are seen
                // together (a resume committing in between cannot make a spent timer look unqueued), and timers
                // queued already are left out by the query itself, so a round goes on past the first batch of
                // queued ones. On SQLite the transaction holds the write lock from its first statement.
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var due = await db.Bookmarks.AsNoTracking().TagWith(DueTimersTag)
                    .Where(b => b.Kind == Engine.Activities.Builtin.BookmarkKinds.Timer && b.DueAt <= now)
                    .Where(b => !db.Commands.Any(c => c.IdempotencyKey == "timer:" + b.Id))
                    .OrderBy(b => b.DueAt).Select(b => new { b.Id, b.InstanceId }).Take(TimerBatch).ToListAsync(cancellationToken);
                if (due.Count == 0) return queued;
                var uow = scope.ServiceProvider.GetRequiredService<BurstUnitOfWork>();
                foreach (var d in due) uow.AddCommand(d.InstanceId, Persistence.CommandKinds.Resume, d.Id, null, "timer:" + d.Id);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                fresh = due.Count;
                queued += fresh;
                logger.LogInformation("Queued {Count} due timers", fresh);
            }
            catch (DbUpdateException ex)
            {
                // Another node queued some of them in the meantime; the next round leaves those out.
                logger.LogInformation(ex, "Timer batch raced with another node; the next round carries on");
                signal.Notify();
                return queued;
            }
            signal.Notify();
            if (fresh < TimerBatch) return queued;
        }
    }
}

/// <summary>Opens once the database is migrated and seeded; background services and /health wait on it.</summary>
public sealed class StartupGate
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    public void Open() => _ready.TrySetResult();

    public Task WaitAsync(CancellationToken cancellationToken) => _ready.Task.WaitAsync(cancellationToken);
}
