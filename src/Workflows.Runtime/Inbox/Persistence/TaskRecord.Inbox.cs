namespace Workflows.Runtime.Persistence;

// The inbox's columns on wf_tasks (migration 20261122_0020_inbox). They live on the task row rather than in a side
// table because the to-do query, the due-state filters and the deadline scan all read them with the task's own
// indexes; a join per row would cost more than it separates.
public sealed partial class TaskRecord
{
    /// <summary>The step as people name it (the designer's display text of the activity), fixed at creation.</summary>
    public string? StepName { get; set; }

    /// <summary>Context.branchId at creation, so the branch filter is a column comparison and not a JSON search.</summary>
    public string? BranchId { get; set; }

    /// <summary>委派: the person who delegated the task and must confirm it once the delegate has acted.</summary>
    public string? Owner { get; set; }

    /// <summary>Null, Pending (the delegate works on it) or Resolved (back with the owner to confirm).</summary>
    public string? DelegationState { get; set; }

    /// <summary>What the delegate proposed: {delegate, outcome, comment, formData, at}.</summary>
    public string? DelegationJson { get; set; }

    /// <summary>From here until <see cref="DueAt"/> the task shows as "due soon"; fixed at creation from the inbox options.</summary>
    public DateTime? WarnAt { get; set; }

    /// <summary>When the next RemindBefore reminder is due; null once none is left. The deadline scan reads only this.</summary>
    public DateTime? NextReminderAt { get; set; }

    /// <summary>Set once when the task was escalated after its due date; escalation never repeats.</summary>
    public DateTime? EscalatedAt { get; set; }

    /// <summary>Last 催办, for the rate limit.</summary>
    public DateTime? LastUrgedAt { get; set; }
}

public static class DelegationStates
{
    public const string Pending = "Pending";
    public const string Resolved = "Resolved";
}
