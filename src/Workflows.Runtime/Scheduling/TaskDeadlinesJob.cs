using Workflows.Runtime.Inbox;

namespace Workflows.Runtime.Scheduling;

/// <summary>
/// The inbox's reminders and escalations as a system schedule: Hangfire fires it every few minutes on one node of the
/// cluster, and <see cref="TaskDeadlines"/> keeps each reminder and escalation to once per task (it moves
/// NextReminderAt and sets EscalatedAt in the same transaction as the mail), so a firing repeated after a crash or a
/// catch-up after downtime sends nothing twice.
/// </summary>
public sealed class TaskDeadlinesJob(TaskDeadlines deadlines, TimeProvider clock) : IScheduledJob
{
    public async Task<ScheduleRunResult> ExecuteAsync(ScheduleFiring firing, CancellationToken cancellationToken)
    {
        var run = await deadlines.ProcessAsync(clock.GetUtcNow(), cancellationToken);
        var handled = run.Reminders + run.Escalations;
        return new ScheduleRunResult(true, null, handled, handled, 0, 0,
            $"提醒 {run.Reminders} 条，升级 {run.Escalations} 条。 / {run.Reminders} reminders, {run.Escalations} escalations.");
    }
}
