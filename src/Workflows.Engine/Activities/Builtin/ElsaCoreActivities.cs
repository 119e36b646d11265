namespace Workflows.Engine.Activities.Builtin;

/// <summary>The composite and control activities of elsa-core's Workflows.Core module (issue 10), kept apart so the list merges easily.</summary>
public static class ElsaCoreActivities
{
    public static IReadOnlyList<Type> Types { get; } =
    [
        typeof(SequenceActivity), typeof(ParallelActivity), typeof(IfActivity), typeof(SwitchActivity), typeof(FlowNodeActivity),
        typeof(ForkActivity), typeof(WhileActivity), typeof(ForActivity), typeof(BreakActivity), typeof(CompleteActivity),
        typeof(SetNameActivity), typeof(StateMachineActivity), typeof(WorkflowDefinitionActivity),
    ];
}
