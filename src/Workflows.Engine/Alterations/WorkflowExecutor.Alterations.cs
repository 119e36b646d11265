using System.Text.Json.Nodes;
using Workflows.Engine.Activities;
using Workflows.Engine.Expressions;

namespace Workflows.Engine.Execution;

/// <summary>
/// Alterations applied inside a burst, as elsa-core's RunAlterationsMiddleware does (src/modules/Elsa.Alterations/
/// Middleware/Workflows/RunAlterationsMiddleware.cs with the handlers of src/modules/Elsa.Alterations/AlterationHandlers/):
/// each alteration changes the live state, and what it scheduled runs in the same burst, so the runtime commits the
/// alteration and its consequences in one transaction. Any alteration that cannot be applied refuses the whole burst.
/// </summary>
public sealed partial class WorkflowExecutor
{
    private async Task ApplyAlterationsAsync(WorkflowExecutionContext wf, AlterStimulus alter)
    {
        var state = wf.State;
        // A faulted instance may be repaired and retried (elsa-core's Retry endpoint); one that finished or was cancelled is over.
        if (state.IsFinished && state.SubStatus != WorkflowSubStatus.Faulted)
            throw new WorkflowNotRunningException(state.InstanceId, state.SubStatus);
        var root = state.Activities.FirstOrDefault(a => a.ParentId is null) is { } r ? wf.GetContext(r.Id) : null;
        if (root is null) throw new AlterationFailedException($"实例 {state.InstanceId} 没有活动中的执行。 / Instance {state.InstanceId} has no live execution.");

        foreach (var alteration in alter.Alterations)
        {
            var (ctx, message) = alteration switch
            {
                ModifyVariableAlteration m => ModifyVariable(wf, root, m),
                ScheduleActivityAlteration s => ScheduleActivity(wf, s),
                CancelActivityAlteration c => await CancelActivityAsync(wf, c, alter.Reason),
                _ => throw new AlterationFailedException($"不支持的修改类型 {alteration.Type}。 / Unsupported alteration {alteration.Type}."),
            };
            wf.AddJournal(ctx, AlterationEvents.Altered, message, new JsonObject
            {
                ["alteration"] = alteration.Type,
                ["actor"] = alter.Actor,
                ["reason"] = alter.Reason,
            });
        }
    }

    private static (ActivityExecutionContext, string) ModifyVariable(WorkflowExecutionContext wf, ActivityExecutionContext root, ModifyVariableAlteration m)
    {
        var variable = wf.Graph.Definition.Variables.FirstOrDefault(v => v.Id == m.VariableId)
            ?? wf.Graph.Definition.Variables.FirstOrDefault(v => v.Name == m.VariableId)
            ?? throw new AlterationFailedException($"变量 {m.VariableId} 不存在。 / Variable {m.VariableId} not found.");
        if (ValueConversion.CheckType(m.Value, variable.TypeName, variable.IsArray) is { } error)
            throw new AlterationFailedException($"变量 {variable.Name} 的值类型不对：{error} / Variable {variable.Name} has the wrong type: {error}");
        try
        {
            StateLimits.Check(wf, "variable", variable.Name, m.Value, wf.Limits.MaxVariableBytes);
        }
        catch (ActivityFaultException ex)
        {
            throw new AlterationFailedException(ex.Message);
        }
        wf.State.Variables[variable.Name] = m.Value?.DeepClone();
        return (root, $"变量 {variable.Name} 已修改。 / Variable {variable.Name} modified.");
    }

    private static (ActivityExecutionContext, string) ScheduleActivity(WorkflowExecutionContext wf, ScheduleActivityAlteration s)
    {
        if (s.ActivityInstanceId is null && s.ActivityId is null)
            throw new AlterationFailedException("须指定 activityId 或 activityInstanceId。 / Either ActivityInstanceId or ActivityId must be specified.");

        // An existing execution: a faulted one runs again (retry). Elsa resets it to Running and schedules it in its parent.
        var existing = s.ActivityInstanceId is { } executionId
            ? wf.GetContext(executionId)
            : wf.State.Activities.Where(a => a.Status == ActivityStatus.Faulted).Select(a => wf.GetContext(a.Id)).FirstOrDefault(c => c?.Node.Id == s.ActivityId);
        if (existing is not null)
        {
            if (existing.Status == ActivityStatus.Faulted) Revive(wf, existing);
            wf.WorkQueue.Enqueue(new WorkItem { ActivityExecutionId = existing.Id, Kind = WorkItemKind.Execute });
            return (existing, $"活动 {existing.Node.Id} 已重新安排执行。 / Activity {existing.Node.Id} rescheduled.");
        }
        if (s.ActivityId is null)
            throw new AlterationFailedException($"活动执行 {s.ActivityInstanceId} 不存在。 / No activity execution {s.ActivityInstanceId}.");

        var node = wf.Graph.Nodes.FirstOrDefault(n => n.Id == s.ActivityId)
            ?? throw new AlterationFailedException($"活动 {s.ActivityId} 不存在。 / Activity with ID {s.ActivityId} not found.");
        // The nearest live execution of one of the node's ancestors holds the new execution (Elsa's ScheduleActivityHandler).
        ActivityExecutionContext? parent = null;
        for (var ancestor = node.Parent; ancestor is not null && parent is null; ancestor = ancestor.Parent)
            parent = wf.State.Activities.AsEnumerable().Reverse().Where(a => a.NodeId == ancestor.NodeId).Select(a => wf.GetContext(a.Id)).FirstOrDefault();
        if (parent is null)
            throw new AlterationFailedException($"活动 {s.ActivityId} 没有活动中的上级。 / Could not find a live parent for activity {s.ActivityId}.");
        if (parent.Status == ActivityStatus.Faulted) Revive(wf, parent);
        if (wf.State.IsFinished) Reopen(wf);
        var scheduled = wf.Schedule(node, parent, null, null);
        return (scheduled, $"活动 {node.Id} 已安排执行。 / Activity {node.Id} scheduled.");
    }

    /// <summary>A faulted execution runs again: its incident is resolved and the instance, faulted by it, runs again.</summary>
    private static void Revive(WorkflowExecutionContext wf, ActivityExecutionContext ctx)
    {
        ctx.State.Status = ActivityStatus.Running;
        // The incident stays in the journal (its Faulted entry); the instance no longer counts it as open.
        wf.State.Incidents.RemoveAll(i => i.ActivityExecutionId == ctx.Id);
        Reopen(wf);
    }

    private static void Reopen(WorkflowExecutionContext wf)
    {
        if (!wf.State.IsFinished) return;
        wf.State.Status = WorkflowStatus.Running;
        wf.State.SubStatus = WorkflowSubStatus.Executing;
        wf.State.FinishedAt = null;
        wf.State.FaultMessage = null;
    }

    private async Task<(ActivityExecutionContext, string)> CancelActivityAsync(WorkflowExecutionContext wf, CancelActivityAlteration c, string? reason)
    {
        var targets = wf.State.Activities
            .Where(a => c.ActivityInstanceId is { } id ? a.Id == id : c.ActivityId is { } activityId && wf.GetContext(a.Id)?.Node.Id == activityId)
            .Select(a => wf.GetContext(a.Id)!)
            .Where(ctx => ctx.Parent is not null)
            .ToList();
        if (targets.Count == 0)
            throw new AlterationFailedException($"没有可取消的活动执行 {c.ActivityInstanceId ?? c.ActivityId}。 / No live activity execution {c.ActivityInstanceId ?? c.ActivityId} to cancel.");
        foreach (var target in targets)
        {
            var parent = target.Parent!;
            wf.Cancel(target.Id, reason ?? "cancelled by alteration");
            // As a path ended by an incident (continue-on-incident): a parent left with nothing to do completes.
            if (!parent.HasLiveChildren && !wf.WorkQueue.Any(w => wf.GetContext(w.ActivityExecutionId)?.State.ParentId == parent.Id))
            {
                parent.Complete();
                await CompleteAsync(wf, parent);
            }
        }
        return (targets[0], $"活动 {targets[0].Node.Id} 已取消。 / Activity {targets[0].Node.Id} cancelled.");
    }
}
