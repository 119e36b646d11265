using System.Text.Json.Nodes;

namespace Workflows.Engine.Execution;

/// <summary>
/// One change to a running instance, as Elsa's alteration types (elsa-core
/// src/modules/Elsa.Alterations/AlterationTypes/*.cs). Migrate is not here: it changes the graph, which the runtime
/// chooses before the burst (see <see cref="InstanceMigration"/>).
/// </summary>
public abstract record StateAlteration
{
    /// <summary>Elsa's discriminator ("type") of this alteration.</summary>
    public abstract string Type { get; }
}

/// <summary>Sets a workflow variable (by id, or by name) to a value converted to the variable's type.</summary>
public sealed record ModifyVariableAlteration(string VariableId, JsonNode? Value) : StateAlteration
{
    public override string Type => "ModifyVariable";
}

/// <summary>
/// Schedules an activity: an existing execution (a faulted one is reset and run again, as a retry), or a new
/// execution of the activity with that id inside its live parent.
/// </summary>
public sealed record ScheduleActivityAlteration(string? ActivityId, string? ActivityInstanceId) : StateAlteration
{
    public override string Type => "ScheduleActivity";
}

/// <summary>Cancels a live activity execution (by its id, or every live execution of an activity id).</summary>
public sealed record CancelActivityAlteration(string? ActivityId, string? ActivityInstanceId) : StateAlteration
{
    public override string Type => "CancelActivity";
}

/// <summary>
/// A burst that applies alterations and then runs whatever they scheduled. <paramref name="Actor"/> and
/// <paramref name="Reason"/> go into the journal entry of each alteration.
/// </summary>
public sealed record AlterStimulus(IReadOnlyList<StateAlteration> Alterations, string Actor, string? Reason) : Stimulus;

/// <summary>An alteration that cannot be applied to this instance; the whole burst is refused and nothing is kept.</summary>
public sealed class AlterationFailedException(string message) : InvalidOperationException(message);

public static class AlterationEvents
{
    /// <summary>Journal event of an applied alteration.</summary>
    public const string Altered = "Altered";
}
