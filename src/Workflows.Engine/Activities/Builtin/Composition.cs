using System.Text.Json.Nodes;
using Workflows.Engine.Execution;
using Workflows.Engine.Model;
using Workflows.Engine.Services;
using Workflows.Engine.Validation;
using static Workflows.Engine.Activities.Describe;

namespace Workflows.Engine.Activities.Builtin;

/// <summary>
/// Elsa.ExecuteWorkflow / Elsa.DispatchWorkflow: start an instance of another definition. When waiting, the
/// child's completion resumes this activity with the child's output. The child is started through the runtime
/// after this burst commits, so a crash can neither lose nor duplicate it (the idempotency key guards re-runs).
/// </summary>
public abstract class RunWorkflowBase(bool waitByDefault) : ActivityBase
{
    protected static ActivityDescriptor Build(string typeName, string name, LocalizedText displayName, LocalizedText description, bool waitByDefault) => new()
    {
        TypeName = typeName,
        Name = name,
        Category = Categories.Composition,
        DisplayName = displayName,
        Description = description,
        Kind = ActivityKind.Task,
        Inputs =
        [
            Input("WorkflowDefinitionId", "String", "子流程", "Workflow definition", "要启动的流程定义（已发布版本）。", "The workflow definition to start (its published version).", uiHint: "workflow-definition-picker", required: true, order: 0),
            Input("Input", "Object", "输入", "Input", "传给子流程的输入（JSON 对象）。", "Input for the child workflow (a JSON object).", uiHint: "json-editor", order: 1),
            Input("CorrelationId", "String", "关联号", "Correlation ID", "子流程实例的关联号。", "The correlation id of the child instance.", order: 2),
            Input("WaitForCompletion", "Boolean", "等待完成", "Wait for completion", "等子流程结束后再继续。", "Continue only after the child workflow has finished.", uiHint: "checkbox", defaultValue: waitByDefault, order: 3),
            Input("IdempotencyKey", "String", "防重复键", "Idempotency key", "同一个键只会启动一个子流程实例（例如 \"P3:\" + 分会编号 + \":\" + 年度）。", "One child instance per key (e.g. \"P3:\" + branchId + \":\" + year).", order: 4),
        ],
        Outputs =
        [
            Output("ChildInstanceId", "String", "子流程实例", "Child instance", "启动的子流程实例编号。", "The id of the started child instance."),
            Output("Result", "Object", "子流程结果", "Result", "子流程结束时的输出。", "The child's output when it finished."),
        ],
    };

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var definitionId = await context.GetStringAsync("WorkflowDefinitionId");
        if (string.IsNullOrWhiteSpace(definitionId)) throw new ActivityFaultException("没有选择子流程。 / No workflow definition chosen.");
        var input = await context.EvaluateInputAsync("Input");
        if (input is not null and not JsonObject)
            throw new ActivityFaultException("子流程的输入必须是 JSON 对象。 / The child's input must be a JSON object.");
        var wait = await context.GetBoolAsync("WaitForCompletion", waitByDefault);
        var key = await context.GetStringAsync("IdempotencyKey");
        var bookmarkId = wait ? context.NewId() : null;

        var dispatcher = context.GetRequiredService<IWorkflowDispatcher>();
        var childId = await dispatcher.DispatchAsync(new ChildWorkflowRequest
        {
            ParentInstanceId = context.InstanceId,
            DefinitionId = definitionId,
            Input = input as JsonObject,
            CorrelationId = await context.GetStringAsync("CorrelationId"),
            ParentBookmarkId = bookmarkId,
            IdempotencyKey = string.IsNullOrWhiteSpace(key) ? $"{context.InstanceId}:{context.Id}" : key,
        }, context.CancellationToken);

        context.Properties["childInstanceId"] = childId;
        context.SetOutput("ChildInstanceId", childId);
        if (bookmarkId is null)
        {
            context.Complete();
            return;
        }
        context.CreateBookmark(BookmarkKinds.ChildWorkflow, name: childId, id: bookmarkId);
    }

    public override ValueTask ResumeAsync(ActivityExecutionContext context, BookmarkState bookmark, JsonNode? payload)
    {
        var status = (payload as JsonObject)?.GetString("subStatus");
        context.SetOutput("Result", (payload as JsonObject)?["output"]?.DeepClone());
        if (status is "Faulted")
            throw new ActivityFaultException($"子流程 {bookmark.Name} 出错结束：{(payload as JsonObject)?.GetString("faultMessage")}");
        context.Complete();
        return ValueTask.CompletedTask;
    }

    public override IEnumerable<ValidationMessage> Validate(JsonObject activity, ValidationContext context)
    {
        var id = ActivityJson.Id(activity);
        if (!activity.ContainsKey("workflowDefinitionId"))
            yield return context.Incomplete("runWorkflow.noDefinition", $"活动 {id} 没有选择子流程。", $"Activity {id} does not name a workflow definition.", id);
    }
}

public sealed class ExecuteWorkflowActivity() : RunWorkflowBase(waitByDefault: true)
{
    public override ActivityDescriptor Descriptor { get; } = Build("Elsa.ExecuteWorkflow", "ExecuteWorkflow",
        new("运行子流程", "Execute workflow"), new("启动另一个流程并（默认）等待它结束。", "Starts another workflow and (by default) waits for it to finish."), waitByDefault: true);
}

public sealed class DispatchWorkflowActivity() : RunWorkflowBase(waitByDefault: false)
{
    public override ActivityDescriptor Descriptor { get; } = Build("Elsa.DispatchWorkflow", "DispatchWorkflow",
        new("派发子流程", "Dispatch workflow"), new("启动另一个流程，不等待它结束（可选等待）。", "Starts another workflow without waiting (waiting is optional)."), waitByDefault: false);
}
