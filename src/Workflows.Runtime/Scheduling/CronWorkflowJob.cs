using Microsoft.Extensions.Logging;
using Quartz;
using Workflows.Runtime.Execution;
using Workflows.Runtime.Hosting;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Scheduling;

/// <summary>
/// Starts a workflow at its Cron trigger activity. The idempotency key is built from the tick, so a tick fired
/// twice (recovery after a crash, two nodes) still starts one instance.
/// </summary>
public sealed partial class CronWorkflowJob(WorkflowRuntime runtime, WorkflowsDbContext db, StartupGate gate, ILogger<CronWorkflowJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken);
        var data = context.MergedJobDataMap;
        var definitionId = data.TryGetValue(ScheduleReconciler.DefinitionIdKey, out var d) ? d?.ToString() : null;
        var activityId = data.TryGetValue(ScheduleReconciler.ActivityIdKey, out var a) ? a?.ToString() : null;
        if (string.IsNullOrEmpty(definitionId) || string.IsNullOrEmpty(activityId))
        {
            context.Result = ScheduleRunResult.Failure("计划缺少流程定义或触发活动。 / The schedule names no definition or trigger activity.");
            return;
        }

        var tick = await Firing.TickAsync(context, db, cancellationToken);
        var outcome = await runtime.StartAsync(new StartWorkflowRequest
        {
            DefinitionId = definitionId,
            TriggerActivityId = activityId,
            IdempotencyKey = $"cron:{definitionId}:{activityId}:{Firing.Stamp(tick)}",
            InitiatedBy = Firing.RequestedBy(context) ?? "scheduler",
        }, cancellationToken);

        var period = CronText.Format(tick);
        context.Result = outcome.Status switch
        {
            RunStatus.Completed or RunStatus.Accepted => new ScheduleRunResult(true, period, 1, 1, 0, 0, $"已启动实例 {outcome.InstanceId} / started instance {outcome.InstanceId}"),
            RunStatus.Existing => new ScheduleRunResult(true, period, 1, 0, 1, 0, $"本次触发已启动过实例 {outcome.InstanceId} / this tick already started {outcome.InstanceId}"),
            _ => new ScheduleRunResult(false, period, 1, 0, 0, 1, outcome.Message),
        };
        LogFired(definitionId, activityId, Firing.Stamp(tick), outcome.Status.ToString(), outcome.InstanceId);
    }

    [LoggerMessage(EventId = 4220, Level = LogLevel.Information, Message = "Cron trigger {ActivityId} of {DefinitionId} fired for {Tick}: {Status} {WorkflowInstanceId}")]
    private partial void LogFired(string definitionId, string activityId, string tick, string status, string? workflowInstanceId);
}
