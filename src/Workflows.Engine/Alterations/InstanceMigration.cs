using System.Text.Json.Nodes;
using Workflows.Engine.Expressions;
using Workflows.Engine.Activities.Builtin;
using Workflows.Engine.Model;

namespace Workflows.Engine.Execution;

/// <summary>One place an instance waits or runs, and what becomes of it in the target version.</summary>
public sealed record MigrationPoint(
    string Kind,
    string ActivityId,
    string ActivityType,
    string? TargetActivityId,
    bool Exists,
    string? Reason);

/// <summary>What migrating one instance would do (the dry run) or did.</summary>
public sealed record MigrationReport(bool CanMigrate, IReadOnlyList<MigrationPoint> Points, IReadOnlyList<string> Problems)
{
    /// <summary>Old node id to new node id of every live execution, for the runtime's bookmark and task rows.</summary>
    public IReadOnlyDictionary<string, string> NodeIds { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// Moves an instance's live state onto another version of its definition. elsa-core's MigrateHandler
/// (src/modules/Elsa.Alterations/AlterationHandlers/MigrateHandler.cs) swaps the workflow graph under the same
/// execution contexts; here the same holds: every live execution (a waiting task, a timer, the flowchart around them)
/// keeps its id, properties and bookmarks, and only its place in the graph is re-pointed, so nothing finished runs
/// again (elsa-core #6620 reports the opposite). Activity ids that changed between versions are given by a mapping;
/// an execution whose activity is missing, of another type or in another container cannot be migrated, and the
/// report says why.
/// </summary>
public static class InstanceMigration
{
    private const string TokensKey = "tokens";

    public static MigrationReport Plan(WorkflowState state, WorkflowGraph source, WorkflowGraph target, IReadOnlyDictionary<string, string>? activityIdMap)
    {
        var map = activityIdMap ?? new Dictionary<string, string>();
        var points = new List<MigrationPoint>();
        var problems = new List<string>();
        var nodeIds = new Dictionary<string, string>(StringComparer.Ordinal);
        var executionNodes = new Dictionary<string, ActivityNode>(StringComparer.Ordinal);

        if (state.IsFinished && state.SubStatus != WorkflowSubStatus.Faulted)
            problems.Add($"实例已结束（{state.SubStatus}）。 / The instance has ended ({state.SubStatus}).");
        if (source.Definition.DefinitionId != target.Definition.DefinitionId)
            problems.Add("目标版本属于另一个流程定义。 / The target belongs to another definition.");

        // Parents first, so that a child can be checked against where its parent went.
        foreach (var execution in Ordered(state.Activities))
        {
            if (!source.TryGetNode(execution.NodeId, out var node))
            {
                problems.Add($"活动节点 {execution.NodeId} 不在实例当前的版本中。 / Node {execution.NodeId} is not in the instance's version.");
                continue;
            }
            var (targetNode, reason) = Resolve(node, map, target);
            if (targetNode is not null && execution.ParentId is { } parentId && executionNodes.TryGetValue(parentId, out var parentTarget)
                && targetNode.Parent?.NodeId != parentTarget.NodeId)
                (targetNode, reason) = (null, $"活动 {node.Id} 在目标版本中换了所在的容器。 / Activity {node.Id} sits in another container in the target version.");
            if (targetNode is not null)
            {
                executionNodes[execution.Id] = targetNode;
                nodeIds[node.NodeId] = targetNode.NodeId;
            }
            else problems.Add(reason!);

            foreach (var bookmark in state.Bookmarks.Where(b => b.ActivityExecutionId == execution.Id))
                points.Add(new MigrationPoint(PointKind(bookmark.Kind), node.Id, node.Type, targetNode?.Id, targetNode is not null, reason));
            if (node.Flowchart is not null && targetNode?.Flowchart is { } targetFlow && execution.Properties[TokensKey] is JsonArray tokens)
            {
                // A pending arrival at an activity the target lacks would be lost: a join would wait for ever.
                foreach (var to in tokens.OfType<JsonObject>().Select(t => t.GetString("t")).Where(t => t is not null).Distinct())
                    if (!targetFlow.Activities.Any(a => a.Id == map.GetValueOrDefault(to!, to!)))
                        problems.Add($"流程图 {node.Id} 有到达 {to} 的待合并分支，目标版本没有该活动。 / Flowchart {node.Id} holds an arrival at {to}, which the target version lacks.");
            }
        }
        if (state.IsFinished && state.Activities.Count == 0)
            points.Clear();
        return new MigrationReport(problems.Count == 0, points, problems) { NodeIds = nodeIds };
    }

    /// <summary>Re-points the state at <paramref name="target"/>; throws when <see cref="Plan"/> finds a problem.</summary>
    public static MigrationReport Apply(WorkflowState state, WorkflowGraph source, WorkflowGraph target, IReadOnlyDictionary<string, string>? activityIdMap)
    {
        var report = Plan(state, source, target, activityIdMap);
        if (!report.CanMigrate) throw new AlterationFailedException(string.Join(" ", report.Problems));
        var map = activityIdMap ?? new Dictionary<string, string>();

        foreach (var execution in state.Activities)
        {
            execution.NodeId = report.NodeIds[execution.NodeId];
            if (execution.Properties[TokensKey] is JsonArray tokens)
                foreach (var token in tokens.OfType<JsonObject>())
                    foreach (var end in new[] { "s", "t" })
                        if (token.GetString(end) is { } id && map.TryGetValue(id, out var mapped)) token[end] = mapped;
        }
        foreach (var bookmark in state.Bookmarks)
        {
            bookmark.NodeId = report.NodeIds.GetValueOrDefault(bookmark.NodeId, bookmark.NodeId);
            bookmark.ActivityId = map.GetValueOrDefault(bookmark.ActivityId, bookmark.ActivityId);
        }
        foreach (var (from, to) in map)
            if (state.ActivityOutputs[from] is { } outputs && from != to)
            {
                state.ActivityOutputs.Remove(from);
                state.ActivityOutputs[to] = outputs;
            }
        // Variables the target declares and the instance lacks start at their initial values; existing values stay.
        foreach (var variable in target.Definition.Variables.Where(v => v.Name.Length > 0 && !state.Variables.ContainsKey(v.Name)))
            state.Variables[variable.Name] = ValueConversion.InitialVariableValue(variable);
        state.DefinitionVersionId = target.Definition.Id;
        state.DefinitionVersion = target.Definition.Version;
        return report;
    }

    private static (ActivityNode?, string?) Resolve(ActivityNode node, IReadOnlyDictionary<string, string> map, WorkflowGraph target)
    {
        // The root (the workflow itself) has a fixed node id in every version.
        if (node.Parent is null) return (target.Root, null);
        var id = map.GetValueOrDefault(node.Id, node.Id);
        var found = target.Nodes.FirstOrDefault(n => n.Id == id);
        if (found is null)
            return (null, map.ContainsKey(node.Id)
                ? $"映射的活动 {id} 不在目标版本中。 / Mapped activity {id} is not in the target version."
                : $"活动 {node.Id} 不在目标版本中（可用映射指定新的活动）。 / Activity {node.Id} is not in the target version (map it to its new id).");
        if (found.Type != node.Type)
            return (null, $"活动 {node.Id} 在目标版本中类型不同（{node.Type} → {found.Type}）。 / Activity {node.Id} has another type in the target version ({node.Type} → {found.Type}).");
        return (found, null);
    }

    private static string PointKind(string bookmarkKind) => bookmarkKind switch
    {
        BookmarkKinds.HumanTask => "task",
        BookmarkKinds.Timer => "timer",
        _ => "bookmark",
    };

    private static IEnumerable<ActivityExecutionState> Ordered(List<ActivityExecutionState> activities)
    {
        var byParent = activities.ToLookup(a => a.ParentId ?? "");
        var ids = activities.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        var queue = new Queue<ActivityExecutionState>(activities.Where(a => a.ParentId is null || !ids.Contains(a.ParentId)));
        while (queue.Count > 0)
        {
            var next = queue.Dequeue();
            yield return next;
            foreach (var child in byParent[next.Id]) queue.Enqueue(child);
        }
    }
}
