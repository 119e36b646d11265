namespace Workflows.Runtime.Scheduling;

/// <summary>
/// A schedule's identity. Written "group/name" in the service's own tables, on the schedules page, and as the id of
/// its Hangfire recurring job.
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

    /// <summary>The id of the schedule's recurring job in Hangfire.</summary>
    public string RecurringJobId => ToString();

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
}
