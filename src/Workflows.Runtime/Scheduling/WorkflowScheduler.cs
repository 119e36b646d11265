using Hangfire;
using Hangfire.States;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflows.Runtime.Definitions;
using Workflows.Runtime.Hosting;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Scheduling;

/// <summary>The service's Hangfire: its storage and clients, this node, and whether this node's scheduling has started.</summary>
public sealed class WorkflowScheduler(JobStorage storage, IRecurringJobManager recurring, IBackgroundJobClient client, SchedulerNode node, IOptionsMonitor<SchedulingOptions> options, TimeProvider clock)
{
    private volatile bool _running;

    /// <summary>True once this node has reconciled the schedules after start-up (definition changes then follow at once).</summary>
    public bool IsRunning => _running;

    public JobStorage Storage => storage;
    public IRecurringJobManager Recurring => recurring;
    public IBackgroundJobClient Client => client;
    public SchedulerNode Node => node;

    /// <summary>The recurring job of a schedule, as Hangfire stores it; null when there is none.</summary>
    public RecurringJobDto? GetRecurringJob(ScheduleKey key)
    {
        using var connection = storage.GetConnection();
        return connection.GetRecurringJobs([key.RecurringJobId]).FirstOrDefault(j => !j.Removed);
    }

    /// <summary>Every recurring job in the store.</summary>
    public List<RecurringJobDto> GetRecurringJobs()
    {
        using var connection = storage.GetConnection();
        return connection.GetRecurringJobs();
    }

    /// <summary>
    /// Whether a node (our node id, or a Hangfire server id, which begins with it) is still at work. With SQLite this
    /// is the only node, so another one is a process that is gone. With PostgreSQL a node is alive while its Hangfire
    /// server beats.
    /// </summary>
    public bool IsAlive(string? nodeId)
    {
        if (nodeId is not null && nodeId.StartsWith(node.Id, StringComparison.OrdinalIgnoreCase)) return true;
        if (!node.Clustered || nodeId is null) return false;
        var timeout = options.CurrentValue.ServerTimeout;
        var now = clock.GetUtcNow().UtcDateTime;
        return storage.GetMonitoringApi().Servers().Any(s =>
            (s.Name.StartsWith(nodeId, StringComparison.OrdinalIgnoreCase) || nodeId.StartsWith(s.Name, StringComparison.OrdinalIgnoreCase))
            && s.Heartbeat is { } beat && now - beat < timeout);
    }

    /// <summary>The executions of this process, by history row (see <see cref="LocalFirings"/>).</summary>
    public LocalFirings Local { get; } = new();

    /// <summary>
    /// Whether the execution that wrote a Running history row may still be at work: on this node, while it is
    /// tracked in <see cref="Local"/>; on another, while that node beats.
    /// </summary>
    public bool IsAtWork(ScheduleRunRecord row) =>
        string.Equals(row.Node, node.Id, StringComparison.OrdinalIgnoreCase) ? Local.IsActive(row.Id) : IsAlive(row.Node);

    internal void Started() => _running = true;

    internal void Stopped() => _running = false;
}

/// <summary>
/// Once the database is migrated and the workflow files are loaded: reconciles the schedules with Hangfire's
/// recurring jobs, hands firings cut short by a crash back to Hangfire, and then does both again now and then as
/// a safety net (a change whose immediate reconcile failed, a node of the cluster that died mid-run).
/// </summary>
public sealed partial class SchedulingService(
    WorkflowScheduler scheduler,
    ScheduleReconciler reconciler,
    IServiceScopeFactory scopes,
    StartupGate gate,
    IOptionsMonitor<SchedulingOptions> options,
    TimeProvider clock,
    ILogger<SchedulingService> logger) : BackgroundService
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the first reconcile and recovery are done (tests and the bench wait on it).</summary>
    public Task Ready => _ready.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await gate.WaitAsync(stoppingToken);
            if (!options.CurrentValue.Enabled)
            {
                LogDisabled();
                return;
            }
            var entries = await reconciler.ReconcileAllAsync(stoppingToken);
            scheduler.Started();
            var recovered = await RecoverAsync(stoppingToken);
            LogStarted(entries.Count, recovered);
            _ready.TrySetResult();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            _ready.TrySetCanceled(stoppingToken);
            return;
        }
        catch (Exception ex)
        {
            LogStartFailed(ex);
            _ready.TrySetException(ex);
            throw;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.CurrentValue.ReconcileInterval, clock, stoppingToken);
                await reconciler.ReconcileAllAsync(stoppingToken);
                await RecoverAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                LogReconcileFailed(ex);
            }
        }
    }

    /// <summary>
    /// A firing whose node died (SIGKILL, power loss) stays Processing in Hangfire, which would fetch it again only
    /// after its invisibility timeout. It is put back in the queue here, so it runs again now: with the same
    /// arguments and creation time, hence the same tick and the same keys; the runner finds the history row the
    /// dead node left Running and carries on from there.
    /// </summary>
    internal async Task<int> RecoverAsync(CancellationToken cancellationToken)
    {
        var requeued = 0;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var monitoring = scheduler.Storage.GetMonitoringApi();
        for (var from = 0; !cancellationToken.IsCancellationRequested; from += RecoverPage)
        {
            var page = monitoring.ProcessingJobs(from, RecoverPage);
            foreach (var (jobId, job) in page)
            {
                if (job is null || !job.InProcessingState || scheduler.IsAlive(job.ServerId)) continue;
                // Only a firing its node left Running, and none of whose executions is at work: one cut short by a
                // shutdown was handed back by Hangfire itself and may be running again right now (a requeue would
                // abort it; the runner would carry on, but for nothing).
                var prefix = jobId + "/";
                var running = await db.Set<ScheduleRunRecord>().AsNoTracking()
                    .Where(r => r.FireInstanceId.StartsWith(prefix) && r.Status == ScheduleRunStatuses.Running).ToListAsync(cancellationToken);
                if (running.Count == 0 || running.Any(scheduler.IsAtWork) || !StillOn(jobId, job.ServerId)) continue;
                if (scheduler.Client.ChangeState(jobId, new EnqueuedState(SchedulerNode.Queue) { Reason = "Its node stopped while it ran" }, ProcessingState.StateName))
                {
                    requeued++;
                    LogRequeued(jobId, job.ServerId);
                }
            }
            if (page.Count < RecoverPage) break;
        }
        return requeued;
    }

    private const int RecoverPage = 500;

    /// <summary>The job is still Processing on the stopped server (a worker of a live one may have taken it since the page was read).</summary>
    private bool StillOn(string jobId, string? serverId)
    {
        using var connection = scheduler.Storage.GetConnection();
        var state = connection.GetStateData(jobId);
        return state is not null && state.Name == ProcessingState.StateName
            && state.Data.TryGetValue("ServerId", out var current) && string.Equals(current, serverId, StringComparison.OrdinalIgnoreCase);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        scheduler.Stopped();
        await base.StopAsync(cancellationToken);
    }

    [LoggerMessage(EventId = 4210, Level = LogLevel.Information, Message = "Scheduler started with {ScheduleCount} schedules; {Requeued} firings of stopped nodes requeued")]
    private partial void LogStarted(int scheduleCount, int requeued);

    [LoggerMessage(EventId = 4211, Level = LogLevel.Information, Message = "Scheduling is switched off on this node (Scheduling:Enabled = false)")]
    private partial void LogDisabled();

    [LoggerMessage(EventId = 4212, Level = LogLevel.Critical, Message = "The scheduler did not start")]
    private partial void LogStartFailed(Exception exception);

    [LoggerMessage(EventId = 4213, Level = LogLevel.Error, Message = "Periodic schedule reconcile failed; will try again")]
    private partial void LogReconcileFailed(Exception exception);

    [LoggerMessage(EventId = 4215, Level = LogLevel.Warning, Message = "Job {JobId} was cut short on server {ServerId}, which has stopped; requeued")]
    private partial void LogRequeued(string jobId, string? serverId);
}

/// <summary>Follows a definition's published version with its Cron schedules, right after the change commits.</summary>
internal sealed partial class CronScheduleFollower(WorkflowScheduler scheduler, ScheduleReconciler reconciler, ILogger<CronScheduleFollower> logger) : IDefinitionChangeHandler
{
    public async Task OnPublishedVersionChangedAsync(string definitionId, CancellationToken cancellationToken)
    {
        // Before the scheduler runs (workflow files loaded at start-up) the start-up reconcile covers it.
        if (!scheduler.IsRunning) return;
        try
        {
            await reconciler.ReconcileDefinitionAsync(definitionId, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The definition change has committed; the periodic reconcile will bring the schedule in line.
            LogFailed(ex, definitionId);
        }
    }

    [LoggerMessage(EventId = 4214, Level = LogLevel.Error, Message = "Could not update the schedules of {DefinitionId}; the periodic reconcile will retry")]
    private partial void LogFailed(Exception exception, string definitionId);
}
