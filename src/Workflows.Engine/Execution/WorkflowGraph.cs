using System.Text.Json.Nodes;
using Workflows.Engine.Activities;
using Workflows.Engine.Model;

namespace Workflows.Engine.Execution;

/// <summary>
/// A definition compiled for execution: every activity resolved to its implementation and indexed by node id,
/// every flowchart's connections indexed both ways. Immutable once built, so it can be cached per definition
/// version and shared between instances and threads.
/// </summary>
public sealed class WorkflowGraph
{
    private readonly Dictionary<string, ActivityNode> _byNodeId;

    private WorkflowGraph(WorkflowDefinition definition, ActivityNode root, Dictionary<string, ActivityNode> byNodeId)
    {
        Definition = definition;
        Root = root;
        _byNodeId = byNodeId;
    }

    public WorkflowDefinition Definition { get; }
    public ActivityNode Root { get; }
    public IEnumerable<ActivityNode> Nodes => _byNodeId.Values;

    public ActivityNode GetNode(string nodeId) =>
        _byNodeId.TryGetValue(nodeId, out var node)
            ? node
            : throw new InvalidOperationException($"Activity node '{nodeId}' is not part of definition {Definition.DefinitionId} v{Definition.Version}.");

    public bool TryGetNode(string nodeId, out ActivityNode node) => _byNodeId.TryGetValue(nodeId, out node!);

    /// <summary>
    /// Builds the graph. The definition must have passed validation: unknown types and broken connections
    /// throw here rather than being silently skipped.
    /// </summary>
    public static WorkflowGraph Build(WorkflowDefinition definition, ActivityRegistry registry)
    {
        var clone = definition.DeepClone();
        var byNodeId = new Dictionary<string, ActivityNode>(StringComparer.Ordinal);
        var root = BuildNode(clone.Root!, null, "Workflow1", registry, byNodeId);
        return new WorkflowGraph(clone, root, byNodeId);
    }

    private static ActivityNode BuildNode(JsonObject json, ActivityNode? parent, string parentNodeId, ActivityRegistry registry, Dictionary<string, ActivityNode> byNodeId)
    {
        var type = ActivityJson.Type(json);
        var version = ActivityJson.Version(json);
        var activity = registry.Resolve(json)
            ?? throw new DefinitionFormatException($"未知的活动类型 {type}（版本 {version}）。", $"Unknown activity type {type} (version {version}).");
        var id = ActivityJson.Id(json);
        var nodeId = $"{parentNodeId}:{id}";
        var node = new ActivityNode(id, nodeId, json, activity, parent);
        if (!byNodeId.TryAdd(nodeId, node))
            throw new DefinitionFormatException($"活动编号 {id} 重复。", $"Duplicate activity id {id}.");

        foreach (var (path, embedded) in ActivityJson.Embedded(json))
            node.EmbeddedPorts[path] = BuildNode(embedded, node, nodeId, registry, byNodeId);

        if (json.GetArray("activities") is { } children)
        {
            var flowchart = new FlowchartModel(node);
            foreach (var childJson in children.OfType<JsonObject>())
                flowchart.Add(BuildNode(childJson, node, nodeId, registry, byNodeId));
            flowchart.Connect(json.GetArray("connections"));
            node.Flowchart = flowchart;
        }

        return node;
    }
}

/// <summary>One activity of the definition, with its implementation and its place in the tree.</summary>
public sealed class ActivityNode
{
    internal ActivityNode(string id, string nodeId, JsonObject json, IActivity activity, ActivityNode? parent)
    {
        Id = id;
        NodeId = nodeId;
        Json = json;
        Activity = activity;
        Parent = parent;
    }

    public string Id { get; }
    public string NodeId { get; }
    public JsonObject Json { get; }
    public IActivity Activity { get; }
    public ActivityDescriptor Descriptor => Activity.Descriptor;
    public ActivityNode? Parent { get; }
    public string Type => Descriptor.TypeName;
    public string? Name => ActivityJson.Name(Json);
    public string Label => ActivityJson.Label(Json);

    /// <summary>Child activities held in members, such as a for-each body, keyed by JSON member name.</summary>
    public Dictionary<string, ActivityNode> EmbeddedPorts { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Set when this node holds a flowchart (activities + connections).</summary>
    public FlowchartModel? Flowchart { get; internal set; }

    public JsonObject CustomProperties => Json.GetObject("customProperties") ?? [];
}

public sealed record FlowConnection(string Source, string SourcePort, string Target, string TargetPort)
{
    public const string DefaultOutcome = "Done";
    public const string DefaultInPort = "In";
}

/// <summary>
/// The connections of one flowchart, with the indexes execution needs: outbound by source, inbound by target,
/// which inbound connections are "forward" (not loop back-edges) and which activities can reach which.
/// </summary>
public sealed class FlowchartModel
{
    private readonly Dictionary<string, ActivityNode> _activities = new(StringComparer.Ordinal);
    private readonly List<FlowConnection> _connections = [];
    private readonly Dictionary<string, List<FlowConnection>> _outbound = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<FlowConnection>> _inbound = new(StringComparer.Ordinal);
    private readonly HashSet<FlowConnection> _backEdges = [];
    private readonly Dictionary<string, HashSet<string>> _reachable = new(StringComparer.Ordinal);
    private readonly List<ActivityNode> _ordered = [];

    internal FlowchartModel(ActivityNode owner) => Owner = owner;

    public ActivityNode Owner { get; }
    public IReadOnlyList<ActivityNode> Activities => _ordered;
    public IReadOnlyList<FlowConnection> Connections => _connections;

    internal void Add(ActivityNode node)
    {
        _activities[node.Id] = node;
        _ordered.Add(node);
    }

    public ActivityNode? Find(string activityId) => _activities.GetValueOrDefault(activityId);

    public IReadOnlyList<FlowConnection> Outbound(string activityId) => _outbound.TryGetValue(activityId, out var list) ? list : [];

    public IReadOnlyList<FlowConnection> Inbound(string activityId) => _inbound.TryGetValue(activityId, out var list) ? list : [];

    public IEnumerable<FlowConnection> ForwardInbound(string activityId) => Inbound(activityId).Where(c => !_backEdges.Contains(c));

    /// <summary>True when work at <paramref name="from"/> can still lead to <paramref name="to"/> by following connections.</summary>
    public bool CanReach(string from, string to) => _reachable.TryGetValue(from, out var set) && set.Contains(to);

    /// <summary>
    /// Where a run starts: explicit Elsa.Start activities if there are any, otherwise every activity nobody
    /// points at (several start activities are allowed and run in parallel).
    /// </summary>
    public IReadOnlyList<ActivityNode> StartActivities()
    {
        var explicitStarts = _ordered.Where(a => a.Descriptor.IsStart).ToList();
        if (explicitStarts.Count > 0) return explicitStarts;
        return _ordered.Where(a => Inbound(a.Id).Count == 0).ToList();
    }

    internal void Connect(JsonArray? connections)
    {
        foreach (var c in (connections ?? []).OfType<JsonObject>())
        {
            var source = c.GetObject("source");
            var target = c.GetObject("target");
            var connection = new FlowConnection(
                source?.GetString("activity") ?? "",
                source?.GetString("port") is { Length: > 0 } sp ? sp : FlowConnection.DefaultOutcome,
                target?.GetString("activity") ?? "",
                target?.GetString("port") is { Length: > 0 } tp ? tp : FlowConnection.DefaultInPort);
            if (!_activities.ContainsKey(connection.Source) || !_activities.ContainsKey(connection.Target))
                throw new DefinitionFormatException(
                    $"连线 {connection.Source} → {connection.Target} 指向不存在的活动。",
                    $"Connection {connection.Source} → {connection.Target} refers to a missing activity.");
            _connections.Add(connection);
            Index(_outbound, connection.Source, connection);
            Index(_inbound, connection.Target, connection);
        }

        FindBackEdges();
        foreach (var node in _ordered)
            _reachable[node.Id] = Reach(node.Id);
    }

    private static void Index(Dictionary<string, List<FlowConnection>> index, string key, FlowConnection connection)
    {
        if (!index.TryGetValue(key, out var list)) index[key] = list = [];
        list.Add(connection);
    }

    /// <summary>Depth-first from the starts (then from anything unvisited); an edge into the current path closes a loop.</summary>
    private void FindBackEdges()
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = on stack, 2 = done
        var roots = StartActivities().Select(a => a.Id).Concat(_ordered.Select(a => a.Id));
        foreach (var root in roots)
        {
            if (state.ContainsKey(root)) continue;
            // Iterative DFS: flowcharts written by people can be deep enough to matter for recursion.
            var stack = new Stack<(string Id, int Next)>();
            stack.Push((root, 0));
            state[root] = 1;
            while (stack.Count > 0)
            {
                var (id, next) = stack.Pop();
                var outs = Outbound(id);
                if (next < outs.Count)
                {
                    stack.Push((id, next + 1));
                    var edge = outs[next];
                    if (!state.TryGetValue(edge.Target, out var s))
                    {
                        state[edge.Target] = 1;
                        stack.Push((edge.Target, 0));
                    }
                    else if (s == 1)
                    {
                        _backEdges.Add(edge);
                    }
                }
                else
                {
                    state[id] = 2;
                }
            }
        }
    }

    private HashSet<string> Reach(string from)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        queue.Enqueue(from);
        while (queue.Count > 0)
        {
            foreach (var c in Outbound(queue.Dequeue()))
                if (seen.Add(c.Target)) queue.Enqueue(c.Target);
        }
        return seen;
    }
}
