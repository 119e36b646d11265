namespace Workflows.Engine.Activities;

/// <summary>
/// The catalogue of activity types the engine can run, keyed by (type name, version). The designer's toolbox
/// and the validator read the same catalogue, so nothing appears in one that the other would refuse.
/// </summary>
public sealed class ActivityRegistry
{
    private readonly Dictionary<(string Type, int Version), IActivity> _activities = [];

    public ActivityRegistry(IEnumerable<IActivity> activities)
    {
        foreach (var activity in activities) Register(activity);
    }

    public IReadOnlyCollection<IActivity> All => _activities.Values;

    public void Register(IActivity activity)
    {
        var key = (activity.Descriptor.TypeName, activity.Descriptor.Version);
        if (!_activities.TryAdd(key, activity))
            throw new InvalidOperationException($"Activity type {key.TypeName} v{key.Version} is registered twice.");
    }

    /// <summary>Exact version first; definitions written for an older version of a type still run on the newest we have.</summary>
    public IActivity? Find(string typeName, int version) =>
        _activities.TryGetValue((typeName, version), out var exact)
            ? exact
            : _activities.Where(p => p.Key.Type == typeName).OrderByDescending(p => p.Key.Version).Select(p => p.Value).FirstOrDefault();

    /// <summary>
    /// The implementation for an activity's JSON: its type, or for a node made from a definition usable as an
    /// activity (its type is that definition's name, Elsa's WorkflowDefinitionActivity) the definition activity.
    /// </summary>
    public IActivity? Resolve(System.Text.Json.Nodes.JsonObject activity) =>
        Find(Model.ActivityJson.Type(activity), Model.ActivityJson.Version(activity))
        ?? (Builtin.WorkflowDefinitionActivity.IsDefinitionNode(activity) ? Find(Builtin.WorkflowDefinitionActivity.TypeName, 1) : null);

    public bool IsKnown(string typeName) => _activities.Keys.Any(k => k.Type == typeName);
}
