using System.Text.Json.Nodes;
using Workflows.Engine.Execution;
using Workflows.Engine.Expressions;
using Workflows.Engine.Model;
using Workflows.Engine.Services;
using Workflows.Engine.Validation;

namespace Workflows.Engine.Activities.Builtin;

/// <summary>
/// A published definition used as an activity (elsa-core Workflows.Management/Activities/WorkflowDefinitionActivity).
/// The node's <c>type</c> is the definition's name in Pascal case, <c>workflowDefinitionId</c> names the definition
/// and <c>workflowDefinitionVersionId</c> pins the version it runs (Elsa's GetWorkflowDefinitionAsync: that version,
/// else the published one). The node's wrapped members are the child's inputs, its outputs bind to variables, and
/// the child's final outcomes (Elsa.Complete) become the node's outcomes. It runs as a child instance through the
/// runtime's sub-workflow support, so it is as durable as Elsa.ExecuteWorkflow.
/// </summary>
public sealed class WorkflowDefinitionActivity : ActivityBase
{
    public const string TypeName = "Elsa.WorkflowDefinitionActivity";

    private static readonly HashSet<string> NodeMembers = new(StringComparer.Ordinal)
    {
        "id", "nodeId", "name", "type", "version", "customProperties", "metadata", "workflowDefinitionId", "workflowDefinitionVersionId",
        "latestAvailablePublishedVersion", "latestAvailablePublishedVersionId",
    };

    public override ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = TypeName,
        Name = "WorkflowDefinitionActivity",
        Category = Categories.Workflows,
        DisplayName = new("流程定义活动", "Workflow definition activity"),
        Description = new("把已发布、可作为活动使用的流程定义当作一个活动运行。", "Runs a published definition that is usable as an activity."),
        IsBrowsable = false,
        Kind = ActivityKind.Task,
    };

    public static bool IsDefinitionNode(JsonObject activity) => activity.GetString("workflowDefinitionId") is { Length: > 0 };

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var json = context.Node.Json;
        var definitionId = json.GetString("workflowDefinitionId")
            ?? throw new ActivityFaultException($"活动 {context.Node.Id} 没有 workflowDefinitionId。 / Activity {context.Node.Id} has no workflowDefinitionId.");
        var input = new JsonObject();
        foreach (var (member, raw) in json.ToList())
        {
            // Inputs are wrapped (typeName + expression); outputs carry only a memoryReference.
            if (NodeMembers.Contains(member) || raw is not JsonObject wrapped || wrapped["expression"] is not JsonObject) continue;
            var value = await context.Workflow.Expressions.EvaluateInputAsync(wrapped, wrapped.GetString("typeName"), context, $"{context.Node.Id}.{member}");
            input[member] = value?.DeepClone();
            context.EvaluatedInputs[member] = value?.DeepClone();
        }

        var bookmarkId = context.NewId();
        var dispatcher = context.GetRequiredService<IWorkflowDispatcher>();
        var childId = await dispatcher.DispatchAsync(new ChildWorkflowRequest
        {
            ParentInstanceId = context.InstanceId,
            DefinitionId = definitionId,
            DefinitionVersionId = json.GetString("workflowDefinitionVersionId"),
            Input = input,
            CorrelationId = context.CorrelationId,
            ParentBookmarkId = bookmarkId,
            IdempotencyKey = $"{context.InstanceId}:{context.Id}",
        }, context.CancellationToken);
        context.Properties["childInstanceId"] = childId;
        context.CreateBookmark(BookmarkKinds.ChildWorkflow, name: childId, id: bookmarkId);
    }

    public override ValueTask ResumeAsync(ActivityExecutionContext context, BookmarkState bookmark, JsonNode? payload)
    {
        var result = payload as JsonObject ?? [];
        if (result.GetString("subStatus") is "Faulted")
            throw new ActivityFaultException($"子流程 {bookmark.Name} 出错结束：{result.GetString("faultMessage")}");
        foreach (var (name, value) in result.GetObject("output") ?? [])
            context.SetOutput(name, value);
        var outcomes = ValueConversion.ToStringList(result["outcomes"]);
        context.Complete(outcomes.Count > 0 ? outcomes : [FlowConnection.DefaultOutcome]);
        return ValueTask.CompletedTask;
    }

    /// <summary>The child's outcomes are known to its definition, not to the engine: connections are checked at run time.</summary>
    public override IReadOnlyList<string> GetOutcomes(JsonObject activity) => [FlowConnection.DefaultOutcome];

    public override IEnumerable<ValidationMessage> Validate(JsonObject activity, ValidationContext context) => [];
}
