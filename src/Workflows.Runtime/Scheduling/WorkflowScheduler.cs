using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using Workflows.Runtime.Definitions;
using Workflows.Runtime.Hosting;

namespace Workflows.Runtime.Scheduling;

/// <summary>The service's Quartz scheduler, and whether this node has started it.</summary>
public sealed class WorkflowScheduler(ISchedulerFactory factory)
{
    private volatile bool _running;

    /// <summary>True once this node's scheduler fires triggers (after migration, seeding and the first reconcile).</summary>
    public bool IsRunning => _running;

    public async Task<IScheduler> GetAsync(CancellationToken cancellationToken) => await factory.GetScheduler(cancellationToken);

    internal async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        await scheduler.Start(cancellationToken);
        _running = true;
    }

    internal void Stopped() => _running = false;
}

/// <summary>
/// Starts Quartz once the database is migrated and the workflow files are loaded (Quartz's hosted service is told
/// not to: its QRTZ_* tables share the database file with the migrator), reconciles the schedules, and then
/// reconciles again now and then as a safety net for a change whose immediate reconcile failed.
/// </summary>
public sealed partial class SchedulingService(
    WorkflowScheduler scheduler,
    ScheduleReconciler reconciler,
    StartupGate gate,
    IOptionsMonitor<SchedulingOptions> options,
    ILogger<SchedulingService> logger) : BackgroundService
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the scheduler has started and the first reconcile is done (tests and the bench wait on it).</summary>
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
            // Quartz creates its tables as it starts, so the first reconcile follows the start. A trigger that is
            // stale by then fires a job that checks what it starts (a retracted definition, a removed run) anyway.
            await scheduler.StartAsync(stoppingToken);
            var entries = await reconciler.ReconcileAllAsync(stoppingToken);
            LogStarted(entries.Count);
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
                await Task.Delay(options.CurrentValue.ReconcileInterval, stoppingToken);
                await reconciler.ReconcileAllAsync(stoppingToken);
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

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        scheduler.Stopped();
        await base.StopAsync(cancellationToken);
    }

    [LoggerMessage(EventId = 4210, Level = LogLevel.Information, Message = "Scheduler started with {ScheduleCount} schedules")]
    private partial void LogStarted(int scheduleCount);

    [LoggerMessage(EventId = 4211, Level = LogLevel.Information, Message = "Scheduling is switched off on this node (Scheduling:Enabled = false)")]
    private partial void LogDisabled();

    [LoggerMessage(EventId = 4212, Level = LogLevel.Critical, Message = "The scheduler did not start")]
    private partial void LogStartFailed(Exception exception);

    [LoggerMessage(EventId = 4213, Level = LogLevel.Error, Message = "Periodic schedule reconcile failed; will try again")]
    private partial void LogReconcileFailed(Exception exception);
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
