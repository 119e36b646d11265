using Microsoft.Extensions.Logging;
using Workflows.Runtime.Execution;

namespace Workflows.Runtime.Scheduling;

/// <summary>
/// Starts a workflow at its Cron trigger activity. The idempotency key is built from the tick, so a tick fired
/// twice (a repeated firing after a crash, two nodes) still starts one instance.
/// </summary>
public sealed partial class CronWorkflowJob(WorkflowRuntime runtime, ILogger<CronWorkflowJob> logger) : IScheduledJob
{
    public async Task<ScheduleRunResult> ExecuteAsync(ScheduleFiring firing, CancellationToken cancellationToken)
    {
        var (definitionId, activityId) = (firing.Entry.DefinitionId, firing.Entry.ActivityId);
        if (string.IsNullOrEmpty(definitionId) || string.IsNullOrEmpty(activityId))
            return ScheduleRunResult.Failure("计划缺少流程定义或触发活动。 / The schedule names no definition or trigger activity.");

        var outcome = await runtime.StartAsync(new StartWorkflowRequest
        {
            DefinitionId = definitionId,
            TriggerActivityId = activityId,
            IdempotencyKey = $"cron:{definitionId}:{activityId}:{firing.Stamp}",
            InitiatedBy = firing.RequestedBy ?? "scheduler",
        }, cancellationToken);
        LogFired(activityId, definitionId, firing.Stamp, outcome.Status.ToString(), outcome.InstanceId);

        var period = CronText.Format(firing.Tick);
        return outcome.Status switch
        {
            RunStatus.Completed or RunStatus.Accepted => new ScheduleRunResult(true, period, 1, 1, 0, 0, $"已启动实例 {outcome.InstanceId} / started instance {outcome.InstanceId}"),
            RunStatus.Existing => new ScheduleRunResult(true, period, 1, 0, 1, 0, $"本次触发已启动过实例 {outcome.InstanceId} / this tick already started {outcome.InstanceId}"),
            _ => new ScheduleRunResult(false, period, 1, 0, 0, 1, outcome.Message),
        };
    }

    [LoggerMessage(EventId = 4220, Level = LogLevel.Information, Message = "Cron trigger {ActivityId} of {DefinitionId} fired for {Tick}: {Status} {WorkflowInstanceId}")]
    private partial void LogFired(string activityId, string definitionId, string tick, string status, string? workflowInstanceId);
}
