using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Engine.Activities;
using Workflows.Engine.Expressions;
using Workflows.Engine.Model;

namespace Workflows.Engine.Execution;

/// <summary>
/// What an activity sees while it runs: its inputs, the variables in scope, and the operations that change the
/// instance (complete, wait, schedule children). All changes land in <see cref="WorkflowState"/>.
/// </summary>
public sealed class ActivityExecutionContext : IExpressionScope
{
    private readonly JsonObject _evaluatedInputs = [];
    private readonly JsonObject _outputs = [];

    internal ActivityExecutionContext(WorkflowExecutionContext workflow, ActivityExecutionState state, ActivityNode node)
    {
        Workflow = workflow;
        State = state;
        Node = node;
    }

    public WorkflowExecutionContext Workflow { get; }
    public ActivityExecutionState State { get; }
    public ActivityNode Node { get; }
    public string Id => State.Id;
    public ActivityStatus Status => State.Status;
    public JsonObject Properties => State.Properties;
    public CancellationToken CancellationToken => Workflow.CancellationToken;
    public DateTimeOffset Now => Workflow.Clock.GetUtcNow();
    public string InstanceId => Workflow.State.InstanceId;
    public string? CorrelationId => Workflow.State.CorrelationId;

    public ActivityExecutionContext? Parent => State.ParentId is { } parentId ? Workflow.GetContext(parentId) : null;

    /// <summary>Outcomes set by <see cref="Complete(string[])"/>.</summary>
    public IReadOnlyList<string> Outcomes { get; private set; } = [];

    /// <summary>When set, the parent flowchart continues at this activity instead of following connections (return to an earlier step).</summary>
    public string? JumpTo { get; private set; }

    /// <summary>Inputs as evaluated during this run, recorded in the journal.</summary>
    public JsonObject EvaluatedInputs => _evaluatedInputs;
    public JsonObject Outputs => _outputs;

    /// <summary>A note that goes into the journal entry of this run.</summary>
    public string? JournalMessage { get; set; }

    public bool HasLiveChildren => Workflow.State.Activities.Any(a => a.ParentId == Id);

    public IEnumerable<ActivityExecutionState> LiveChildren => Workflow.State.Activities.Where(a => a.ParentId == Id).ToList();

    public T GetRequiredService<T>() where T : notnull => Workflow.Services.GetRequiredService<T>();

    public T? GetService<T>() where T : class => Workflow.Services.GetService<T>();

    public string NewId() => Workflow.Ids.NewId();

    // ---- completion and waiting ------------------------------------------------------------------

    public void Complete(params string[] outcomes) => Complete((IEnumerable<string>)outcomes);

    public void Complete(IEnumerable<string> outcomes)
    {
        var list = outcomes.Where(o => !string.IsNullOrEmpty(o)).Distinct(StringComparer.Ordinal).ToList();
        Outcomes = list.Count == 0 ? [FlowConnection.DefaultOutcome] : list;
        State.Status = ActivityStatus.Completed;
    }

    /// <summary>Completes and asks the enclosing flowchart to continue at <paramref name="activityId"/>.</summary>
    public void CompleteAndJump(string activityId)
    {
        JumpTo = activityId;
        Outcomes = [];
        State.Status = ActivityStatus.Completed;
    }

    public BookmarkState CreateBookmark(string kind, string? name = null, DateTimeOffset? dueAt = null, JsonObject? payload = null, string? correlationId = null, string? id = null)
    {
        var bookmark = new BookmarkState
        {
            Id = id ?? NewId(),
            ActivityExecutionId = Id,
            NodeId = Node.NodeId,
            ActivityId = Node.Id,
            ActivityType = Node.Type,
            Kind = kind,
            Name = name,
            CorrelationId = correlationId,
            DueAt = dueAt,
            Payload = payload,
            CreatedAt = Now,
        };
        Workflow.AddBookmark(bookmark);
        return bookmark;
    }

    public IEnumerable<BookmarkState> Bookmarks => Workflow.State.Bookmarks.Where(b => b.ActivityExecutionId == Id);

    public void ScheduleChild(ActivityNode child, JsonObject? localVariables = null, string? tag = null) =>
        Workflow.Schedule(child, this, localVariables, tag);

    /// <summary>Cancels a live child and everything under it: their bookmarks go, queued work is dropped.</summary>
    public void CancelChild(ActivityExecutionState child) => Workflow.Cancel(child.Id, "cancelled by parent");

    // ---- inputs -----------------------------------------------------------------------------------

    /// <summary>Evaluates an input by descriptor name; a missing member yields the descriptor's default.</summary>
    public async ValueTask<JsonNode?> EvaluateInputAsync(string inputName)
    {
        var descriptor = Node.Descriptor.FindInput(inputName);
        var member = EngineJson.Camelize(descriptor?.Name ?? inputName);
        Node.Json.TryGetPropertyValue(member, out var raw);
        JsonNode? value;
        if (raw is null)
            value = descriptor?.DefaultValue?.DeepClone();
        else if (descriptor is { IsWrapped: false })
            value = raw.DeepClone();
        else
            value = await Workflow.Expressions.EvaluateInputAsync(raw, descriptor?.TypeName, this, $"{Node.Id}.{member}");
        _evaluatedInputs[member] = value?.DeepClone();
        return value;
    }

    public async ValueTask<string?> GetStringAsync(string inputName) => ValueConversion.ToText(await EvaluateInputAsync(inputName));

    public async ValueTask<bool> GetBoolAsync(string inputName, bool fallback = false) =>
        ValueConversion.ToBool(await EvaluateInputAsync(inputName)) ?? fallback;

    public async ValueTask<double?> GetNumberAsync(string inputName) => ValueConversion.ToNumber(await EvaluateInputAsync(inputName));

    public async ValueTask<TimeSpan?> GetTimeSpanAsync(string inputName)
    {
        var node = await EvaluateInputAsync(inputName);
        if (node is null) return null;
        return ValueConversion.ToTimeSpan(node)
            ?? throw new ActivityFaultException($"输入 {inputName} 不是合法的时长：{ValueConversion.ToText(node)}（例如 3.00:00:00 或 P3D）。");
    }

    public async ValueTask<DateTimeOffset?> GetDateTimeAsync(string inputName)
    {
        var node = await EvaluateInputAsync(inputName);
        if (node is null || ValueConversion.ToText(node) is not { Length: > 0 }) return null;
        return ValueConversion.ToDateTimeOffset(node)
            ?? throw new ActivityFaultException($"输入 {inputName} 不是合法的日期时间：{ValueConversion.ToText(node)}。");
    }

    public async ValueTask<IReadOnlyList<string>> GetStringListAsync(string inputName) =>
        ValueConversion.ToStringList(await EvaluateInputAsync(inputName));

    // ---- outputs and variables --------------------------------------------------------------------

    /// <summary>
    /// Sets an output. If the designer bound it to a variable (<c>memoryReference.id</c>), the variable is set too.
    /// </summary>
    /// <summary>Sets a workflow output (Elsa.SetOutput), within the stored-state limit.</summary>
    public void SetWorkflowOutput(string name, JsonNode? value)
    {
        StateLimits.Check(Workflow, "workflowOutput", name, value, Workflow.Limits.MaxOutputBytes);
        Workflow.State.Output[name] = value?.DeepClone();
    }

    public void SetOutput(string outputName, JsonNode? value)
    {
        var member = EngineJson.Camelize(outputName);
        StateLimits.Check(Workflow, "output", $"{Node.Id}.{member}", value, Workflow.Limits.MaxOutputBytes);
        _outputs[member] = value?.DeepClone();
        if (Node.Json.GetObject(member)?.GetObject("memoryReference")?.GetString("id") is { Length: > 0 } target)
            SetVariableByIdOrName(target, value);
    }

    public JsonNode? GetVariable(string name)
    {
        for (var scope = this; scope is not null; scope = scope.Parent)
        {
            if (scope.State.LocalVariables is { } locals && locals.TryGetPropertyValue(name, out var local))
                return local;
        }
        return Workflow.State.Variables.TryGetPropertyValue(name, out var value) ? value : null;
    }

    public bool HasVariable(string name)
    {
        for (var scope = this; scope is not null; scope = scope.Parent)
            if (scope.State.LocalVariables is { } locals && locals.ContainsKey(name)) return true;
        return Workflow.State.Variables.ContainsKey(name);
    }

    /// <summary>Sets the innermost variable of that name; an unknown name becomes a workflow variable.</summary>
    public void SetVariable(string name, JsonNode? value)
    {
        StateLimits.Check(Workflow, "variable", name, value, Workflow.Limits.MaxVariableBytes);
        var copy = value?.DeepClone();
        for (var scope = this; scope is not null; scope = scope.Parent)
        {
            if (scope.State.LocalVariables is { } locals && locals.ContainsKey(name))
            {
                locals[name] = copy;
                return;
            }
        }
        Workflow.State.Variables[name] = copy;
    }

    /// <summary>Elsa refers to variables by id in bindings; ids map to names through the definition.</summary>
    public void SetVariableByIdOrName(string idOrName, JsonNode? value) =>
        SetVariable(Workflow.VariableNameFor(idOrName), value);

    public IEnumerable<string> VariableNamesInScope()
    {
        var names = new HashSet<string>(Workflow.State.Variables.Select(p => p.Key), StringComparer.Ordinal);
        for (var scope = this; scope is not null; scope = scope.Parent)
            if (scope.State.LocalVariables is { } locals)
                foreach (var (key, _) in locals) names.Add(key);
        return names;
    }

    public JsonNode? GetWorkflowInput(string name) =>
        Workflow.State.Input.TryGetPropertyValue(name, out var v) ? v : null;

    /// <summary>Inputs given at start and every declared input, given or not (Elsa installs an accessor for each).</summary>
    public IEnumerable<string> WorkflowInputNames =>
        Workflow.State.Input.Select(p => p.Key).Union(Workflow.Graph.Definition.Inputs.Select(i => i.Name), StringComparer.Ordinal);

    public JsonNode? GetOutputFrom(string activityIdOrName, string? outputName)
    {
        var node = Workflow.Graph.Nodes.FirstOrDefault(n => n.Id == activityIdOrName || n.Name == activityIdOrName);
        var key = node?.Id ?? activityIdOrName;
        if (Workflow.State.ActivityOutputs.GetObject(key) is not { } outputs) return null;
        if (outputName is null) return outputs.FirstOrDefault().Value;
        return outputs.TryGetPropertyValue(EngineJson.Camelize(outputName), out var v) ? v : null;
    }

    string IExpressionScope.InstanceId => InstanceId;
    string? IExpressionScope.CorrelationId => CorrelationId;
    string IExpressionScope.DefinitionId => Workflow.State.DefinitionId;
    string IExpressionScope.DefinitionVersionId => Workflow.State.DefinitionVersionId;
    int IExpressionScope.DefinitionVersion => Workflow.State.DefinitionVersion;
    void IExpressionScope.SetCorrelationId(string? value) => Workflow.State.CorrelationId = value;
    CultureInfo IExpressionScope.Culture => CultureInfo.InvariantCulture;
    CancellationToken IExpressionScope.CancellationToken => Workflow.CancellationToken;

    IEnumerable<(string Name, string Type)> IExpressionScope.DeclaredVariables
    {
        get
        {
            var declared = Workflow.Graph.Definition.Variables.GroupBy(v => v.Name, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First().IsArray ? g.First().TypeName + "[]" : g.First().TypeName, StringComparer.Ordinal);
            return VariableNamesInScope().Select(n => (n, declared.GetValueOrDefault(n) ?? "Object"));
        }
    }

    IEnumerable<(string Name, string Type)> IExpressionScope.DeclaredInputs =>
        Workflow.Graph.Definition.Inputs.Select(i => (i.Name, i.IsArray ? i.Type + "[]" : i.Type))
            .Concat(Workflow.State.Input.Select(p => p.Key).Except(Workflow.Graph.Definition.Inputs.Select(i => i.Name)).Select(n => (n, "Object")));
}
