using System.Globalization;
using System.Text.Json.Nodes;
using Workflows.Engine.Activities.Builtin;
using Workflows.Engine.Execution;
using Workflows.Engine.Expressions;
using Workflows.Engine.Model;
using Workflows.Engine.Services;
using Workflows.Engine.Validation;
using static Workflows.Engine.Activities.Describe;

namespace Workflows.Engine.Activities.Runtime;

/// <summary>
/// Elsa.BulkDispatchWorkflows (elsa-core src/modules/Elsa.Workflows.Runtime/Activities/BulkDispatchWorkflows.cs): one
/// child instance per item. An item that is an object is merged into the child's input, any other item goes in under
/// DefaultItemInputKey ("Item"); ParentInstanceId is added as Elsa does. Waiting (the default), each finished child
/// runs ChildCompleted or ChildFaulted (with ChildInstanceId in scope) and the activity completes with "Completed" and
/// "Done" when all have finished; not waiting, it completes with "Done" at once. Children start after this burst commits
/// and carry idempotency keys, so a re-run burst never starts one twice.
/// </summary>
public sealed class BulkDispatchWorkflowsActivity : ActivityBase
{
    private const string DispatchedKey = "dispatchedInstancesCount";
    private const string CompletedKey = "completedInstancesCount";

    public override ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "Elsa.BulkDispatchWorkflows",
        Name = "BulkDispatchWorkflows",
        Category = Categories.Composition,
        DisplayName = new("批量派发子流程", "Bulk Dispatch Workflows"),
        Description = new("为数据源中的每一项启动一个子流程实例（可等待全部结束）。", "Create new workflow instances for each item in the data source and dispatch them for execution."),
        Kind = ActivityKind.Task,
        Inputs =
        [
            Input("WorkflowDefinitionId", "String", "子流程", "Workflow Definition", "要派发的流程定义（已发布版本）。", "The definition ID of the workflows to dispatch.", uiHint: "workflow-definition-picker", required: true, order: 0),
            Input("Items", "Object", "数据源", "Items", "每一项启动一个子流程（JSON 数组或表达式）。", "The data source to use for dispatching the workflows.", defaultSyntax: ExpressionEvaluator.JavaScript, order: 1),
            Input("DefaultItemInputKey", "String", "输入名", "Default item input key", "项不是对象时，作为子流程输入的名称。", "The default key to use for the input name when sending the current item to the dispatched workflow. Will not be used if the Items field contain a list of dictionaries", defaultValue: "Item", order: 2),
            Input("Input", "Object", "附加输入", "Input", "发给每个子流程的附加输入（JSON 对象）。", "Additional input to send to the workflows being dispatched.", uiHint: "json-editor", order: 3),
            Input("WaitForCompletion", "Boolean", "等待完成", "Wait for completion", "等全部子流程结束后再继续。", "Wait for the dispatched workflows to complete before completing this activity.", uiHint: "checkbox", defaultValue: true, order: 4),
            Input("StartNewTrace", "Boolean", "新建追踪", "Start new trace", "使用 OpenTelemetry 时开始新的追踪（本服务不使用）。", "Start a new trace context when using Open Telemetry.", uiHint: "checkbox", defaultValue: false, order: 5),
            Input("ChannelName", "String", "通道", "Channel", "派发通道（本服务只有一个）。", "The channel to dispatch the workflow to.", order: 6),
        ],
        Ports =
        [
            Flow("Completed", "全部完成", "Completed"), Flow("Canceled", "已取消", "Canceled"), Flow(FlowConnection.DefaultOutcome, "完成", "Done"),
            Embedded("ChildCompleted", "子流程完成时", "Child completed"), Embedded("ChildFaulted", "子流程出错时", "Child faulted"),
        ],
    };

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var definitionId = await context.GetStringAsync("WorkflowDefinitionId");
        if (string.IsNullOrWhiteSpace(definitionId)) throw new ActivityFaultException("没有选择子流程。 / No workflow definition chosen.");
        var itemsValue = await context.EvaluateInputAsync("Items");
        var items = ValueConversion.ToArray(itemsValue) ?? (itemsValue is null ? [] : new JsonArray(itemsValue.DeepClone()));
        var baseInput = await context.EvaluateInputAsync("Input");
        if (baseInput is JsonValue bv && bv.TryGetValue<string>(out var text) && text.Length > 0) baseInput = ValueConversion.TryParse(text);
        if (baseInput is not null and not JsonObject) throw new ActivityFaultException("附加输入必须是 JSON 对象。 / The input must be a JSON object.");
        var key = await context.GetStringAsync("DefaultItemInputKey") is { Length: > 0 } k ? k : "Item";
        var wait = await context.GetBoolAsync("WaitForCompletion", true);

        var dispatcher = context.GetRequiredService<IWorkflowDispatcher>();
        var children = new JsonArray();
        for (var index = 0; index < items.Count; index++)
        {
            var input = (JsonObject?)baseInput?.DeepClone() ?? [];
            input["ParentInstanceId"] = context.InstanceId;
            if (items[index] is JsonObject itemObject)
                foreach (var (name, value) in itemObject) input[name] = value?.DeepClone();
            else
                input[key] = items[index]?.DeepClone();

            var bookmarkId = wait ? context.NewId() : null;
            var childId = await dispatcher.DispatchAsync(new ChildWorkflowRequest
            {
                ParentInstanceId = context.InstanceId,
                DefinitionId = definitionId,
                Input = input,
                ParentBookmarkId = bookmarkId,
                IdempotencyKey = $"{context.InstanceId}:{context.Id}:{index.ToString(CultureInfo.InvariantCulture)}",
            }, context.CancellationToken);
            children.Add(childId);
            if (bookmarkId is not null) context.CreateBookmark(BookmarkKinds.ChildWorkflow, name: childId, id: bookmarkId);
        }
        context.Properties[DispatchedKey] = items.Count;
        context.Properties[CompletedKey] = 0;
        context.Properties["childInstanceIds"] = children;
        context.JournalMessage = $"派发了 {items.Count} 个子流程 / dispatched {items.Count} workflows";
        if (!wait || items.Count == 0) context.Complete(FlowConnection.DefaultOutcome);
    }

    public override ValueTask ResumeAsync(ActivityExecutionContext context, BookmarkState bookmark, JsonNode? payload)
    {
        context.Properties[CompletedKey] = (context.Properties.GetInt(CompletedKey) ?? 0) + 1;
        var status = (payload as JsonObject)?.GetString("subStatus");
        var port = status switch
        {
            "Faulted" => "childFaulted",
            "Finished" => "childCompleted",
            _ => null,
        };
        if (port is not null && context.Node.EmbeddedPorts.TryGetValue(port, out var handler))
        {
            var locals = new JsonObject { ["ChildInstanceId"] = bookmark.Name, ["ChildOutput"] = (payload as JsonObject)?["output"]?.DeepClone() };
            context.ScheduleChild(handler, locals, bookmark.Name);
            return ValueTask.CompletedTask;
        }
        AttemptToComplete(context);
        return ValueTask.CompletedTask;
    }

    public override ValueTask OnChildCompletedAsync(ActivityExecutionContext context, ChildCompletion child)
    {
        AttemptToComplete(context);
        return ValueTask.CompletedTask;
    }

    private static void AttemptToComplete(ActivityExecutionContext context)
    {
        if ((context.Properties.GetInt(CompletedKey) ?? 0) >= (context.Properties.GetInt(DispatchedKey) ?? 0) && !context.HasLiveChildren)
            context.Complete("Completed", FlowConnection.DefaultOutcome);
    }

    public override IReadOnlyList<string> GetOutcomes(JsonObject activity) => ["Completed", "Canceled", FlowConnection.DefaultOutcome];

    public override IEnumerable<ValidationMessage> Validate(JsonObject activity, ValidationContext context)
    {
        var id = ActivityJson.Id(activity);
        if (!activity.ContainsKey("workflowDefinitionId"))
            yield return context.Incomplete("bulkDispatch.noDefinition", $"活动 {id} 没有选择子流程。", $"Activity {id} does not name a workflow definition.", id);
    }
}
