using System.Text.Json.Nodes;
using Workflows.Engine.Activities;
using Workflows.Engine.Execution;
using Workflows.Engine.Expressions;
using Workflows.Engine.Model;

namespace Workflows.Engine.Validation;

public enum ValidationSeverity
{
    Error,
    Warning,
}

/// <summary>One finding, for people: Chinese first, English available, and where it is.</summary>
public sealed record ValidationMessage(string Code, string Message, string MessageEn, string? ActivityId = null, ValidationSeverity Severity = ValidationSeverity.Error)
{
    public static ValidationMessage Error(string code, string zh, string en, string? activityId = null) => new(code, zh, en, activityId);

    public static ValidationMessage Warning(string code, string zh, string en, string? activityId = null) => new(code, zh, en, activityId, ValidationSeverity.Warning);

    public override string ToString() => ActivityId is null ? Message : $"[{ActivityId}] {Message}";
}

public enum ValidationPurpose
{
    /// <summary>Saving a draft: what would corrupt the definition is refused; incompleteness only warns.</summary>
    Draft,

    /// <summary>Publishing or running: it must be executable.</summary>
    Publish,
}

public sealed record ValidationContext(ActivityRegistry Registry, IExpressionEvaluator Expressions, WorkflowDefinition Definition, ValidationPurpose Purpose)
{
    public bool IsPublish => Purpose == ValidationPurpose.Publish;

    /// <summary>An error when publishing, a warning while drafting.</summary>
    public ValidationMessage Incomplete(string code, string zh, string en, string? activityId) =>
        IsPublish ? ValidationMessage.Error(code, zh, en, activityId) : ValidationMessage.Warning(code, zh, en, activityId);
}

public sealed record ValidationResult(IReadOnlyList<ValidationMessage> Messages)
{
    public IEnumerable<ValidationMessage> Errors => Messages.Where(m => m.Severity == ValidationSeverity.Error);
    public IEnumerable<ValidationMessage> Warnings => Messages.Where(m => m.Severity == ValidationSeverity.Warning);
    public bool IsValid => !Errors.Any();
}

/// <summary>
/// Checks a definition before it is stored or run: unknown activity types, duplicate ids, connections to
/// missing activities or ports, script syntax, a flowchart nobody can start, and each activity's own rules.
/// </summary>
public sealed class DefinitionValidator(ActivityRegistry registry, IExpressionEvaluator expressions)
{
    public ValidationResult Validate(WorkflowDefinition definition, ValidationPurpose purpose)
    {
        var context = new ValidationContext(registry, expressions, definition, purpose);
        var messages = new List<ValidationMessage>();
        var root = definition.Root;
        if (root is null || !ActivityJson.IsActivity(root))
        {
            messages.Add(ValidationMessage.Error("root.missing", "流程定义缺少根活动（root）。", "The definition has no root activity."));
            return new ValidationResult(messages);
        }

        ValidateVariables(definition, messages);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        ValidateActivity(root, context, ids, messages);
        return new ValidationResult(messages);
    }

    private static void ValidateVariables(WorkflowDefinition definition, List<ValidationMessage> messages)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var variable in definition.Variables)
        {
            if (string.IsNullOrWhiteSpace(variable.Name))
                messages.Add(ValidationMessage.Error("variable.name", "变量名称不能为空。", "A variable has no name."));
            else if (!names.Add(variable.Name))
                messages.Add(ValidationMessage.Error("variable.duplicate", $"变量 {variable.Name} 重复定义。", $"Variable {variable.Name} is declared twice."));
        }
    }

    private void ValidateActivity(JsonObject activity, ValidationContext context, HashSet<string> ids, List<ValidationMessage> messages)
    {
        var id = ActivityJson.Id(activity);
        var type = ActivityJson.Type(activity);
        if (string.IsNullOrWhiteSpace(id))
            messages.Add(ValidationMessage.Error("activity.id", $"类型为 {type} 的活动缺少编号（id）。", $"An activity of type {type} has no id."));
        else if (!ids.Add(id))
            messages.Add(ValidationMessage.Error("activity.duplicateId", $"活动编号 {id} 重复。", $"Activity id {id} is used more than once.", id));

        if (activity["version"] is not JsonValue versionValue || !versionValue.TryGetValue<int>(out _))
            messages.Add(ValidationMessage.Error("activity.version", $"活动 {id} 的 version 必须是整数。", $"Activity {id} must have an integer version.", id));

        var implementation = registry.Resolve(activity);
        if (implementation is null)
        {
            messages.Add(ValidationMessage.Error("activity.unknownType", $"活动 {id} 的类型 {type} 未知，引擎无法执行。", $"Activity {id} has unknown type {type}; the engine cannot run it.", id));
        }
        else
        {
            ValidateExpressions(activity, id, messages);
            messages.AddRange(implementation.Validate(activity, context));
        }

        foreach (var child in ActivityJson.Children(activity))
            ValidateActivity(child, context, ids, messages);

        if (activity.GetArray("activities") is { } flowActivities)
            ValidateFlowchart(activity, flowActivities, context, messages);
    }

    private void ValidateExpressions(JsonObject activity, string activityId, List<ValidationMessage> messages)
    {
        foreach (var (member, value) in activity)
        {
            if (member is "activities" or "connections" or "metadata" or "customProperties") continue;
            if (value is JsonObject obj && ActivityJson.IsActivity(obj)) continue;
            foreach (var (type, expressionValue) in FindExpressions(value))
            {
                var error = expressions.CheckSyntax(type, expressionValue);
                if (error is not null)
                    messages.Add(ValidationMessage.Error("expression.invalid", $"活动 {activityId} 的输入 {member}：{error}", $"Activity {activityId}, input {member}: {error}", activityId));
            }
        }
    }

    /// <summary>Wrapped inputs hold <c>expression:{type,value}</c>; switch cases hold <c>condition:{type,value}</c>.</summary>
    private static IEnumerable<(string Type, JsonNode? Value)> FindExpressions(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in new[] { "expression", "condition" })
                    if (obj.GetObject(key) is { } expr && expr.GetString("type") is { } type)
                        yield return (type, expr["value"]);
                break;
            case JsonArray array:
                foreach (var item in array)
                    foreach (var found in FindExpressions(item))
                        yield return found;
                break;
        }
    }

    private void ValidateFlowchart(JsonObject flowchart, JsonArray activities, ValidationContext context, List<ValidationMessage> messages)
    {
        var flowchartId = ActivityJson.Id(flowchart);
        var byId = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var a in activities.OfType<JsonObject>())
            byId.TryAdd(ActivityJson.Id(a), a);

        var inbound = new HashSet<string>(StringComparer.Ordinal);
        foreach (var connection in (flowchart.GetArray("connections") ?? []).OfType<JsonObject>())
        {
            var source = connection.GetObject("source")?.GetString("activity") ?? "";
            var sourcePort = connection.GetObject("source")?.GetString("port") is { Length: > 0 } sp ? sp : FlowConnection.DefaultOutcome;
            var target = connection.GetObject("target")?.GetString("activity") ?? "";
            var targetPort = connection.GetObject("target")?.GetString("port");

            if (!byId.TryGetValue(source, out var sourceActivity))
            {
                messages.Add(ValidationMessage.Error("connection.missingSource", $"连线的起点活动 {source} 不存在。", $"A connection starts at missing activity {source}.", flowchartId));
                continue;
            }
            if (!byId.ContainsKey(target))
            {
                messages.Add(ValidationMessage.Error("connection.missingTarget", $"从 {source} 出发的连线指向不存在的活动 {target}。", $"A connection from {source} points at missing activity {target}.", source));
                continue;
            }
            inbound.Add(target);

            var sourceImpl = registry.Resolve(sourceActivity);
            // A definition used as an activity has the outcomes of that definition: known when it runs.
            if (sourceImpl is not null and not Activities.Builtin.WorkflowDefinitionActivity)
            {
                var ports = sourceImpl.GetOutcomes(sourceActivity);
                if (!ports.Contains(sourcePort, StringComparer.Ordinal))
                    messages.Add(ValidationMessage.Error("connection.missingPort",
                        $"活动 {source} 没有名为 {sourcePort} 的出口（可用：{(ports.Count == 0 ? "无" : string.Join("、", ports))}）。",
                        $"Activity {source} has no outcome port {sourcePort} (available: {(ports.Count == 0 ? "none" : string.Join(", ", ports))}).", source));
            }
            if (targetPort is { Length: > 0 } && targetPort != FlowConnection.DefaultInPort)
                messages.Add(ValidationMessage.Error("connection.targetPort", $"连线的终点端口 {targetPort} 无效，只能连到活动的输入端口 In。", $"Connections can only enter an activity through its In port, not {targetPort}.", target));
        }

        if (byId.Count == 0) return;
        var hasStart = byId.Values.Any(a => registry.Resolve(a)?.Descriptor.IsStart == true)
            || byId.Keys.Any(k => !inbound.Contains(k));
        if (!hasStart)
            messages.Add(context.Incomplete("flowchart.noStart",
                $"流程图 {flowchartId} 没有起点：每个活动都有入线，请添加“开始”活动。",
                $"Flowchart {flowchartId} has no start: every activity has an incoming connection; add a Start activity.", flowchartId));
    }
}
