using Quartz;

namespace Workflows.Runtime.Scheduling;

/// <summary>
/// A schedule's identity: its Quartz job and trigger share it (one trigger per job). Written "group/name" in the
/// service's own tables and on the schedules page.
/// </summary>
public readonly record struct ScheduleKey(string Group, string Name)
{
    /// <summary>Workflows started by a Cron trigger activity of their published definition; name "definitionId:activityId".</summary>
    public const string WorkflowCronGroup = "workflow-cron";

    /// <summary>Configured runs (Scheduling:Runs); name = run name.</summary>
    public const string RunsGroup = "runs";

    /// <summary>The service's own recurring work (see <see cref="SystemScheduleRegistration"/>).</summary>
    public const string SystemGroup = "system";

    public static readonly IReadOnlyList<string> Groups = [WorkflowCronGroup, RunsGroup, SystemGroup];

    public static ScheduleKey ForWorkflowCron(string definitionId, string activityId) => new(WorkflowCronGroup, $"{definitionId}:{activityId}");

    public static ScheduleKey ForRun(string runName) => new(RunsGroup, runName);

    public static ScheduleKey ForSystem(string name) => new(SystemGroup, name);

    public JobKey JobKey => new(Name, Group);

    public TriggerKey TriggerKey => new(Name, Group);

    public override string ToString() => $"{Group}/{Name}";

    public static bool TryParse(string? text, out ScheduleKey key)
    {
        key = default;
        var slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (text is null || slash <= 0 || slash == text.Length - 1) return false;
        var group = text[..slash];
        if (!Groups.Contains(group, StringComparer.Ordinal)) return false;
        key = new ScheduleKey(group, text[(slash + 1)..]);
        return true;
    }

    public static ScheduleKey Of(JobKey job) => new(job.Group, job.Name);
}
