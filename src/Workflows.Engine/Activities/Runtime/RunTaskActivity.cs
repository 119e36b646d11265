using System.Text.Json.Nodes;
using Workflows.Engine.Execution;
using static Workflows.Engine.Activities.Describe;

namespace Workflows.Engine.Activities.Runtime;

/// <summary>A "run task" request (Elsa's RunTaskRequest notification): the task id is the id of the bookmark that waits for its result.</summary>
public sealed record RunTaskRequest(string InstanceId, string TaskId, string TaskName, JsonObject? Payload);

/// <summary>Accepts task requests. The runtime queues them with the burst, so a request is sent once the wait is committed.</summary>
public interface ITaskDispatcher
{
    ValueTask DispatchAsync(RunTaskRequest request, CancellationToken cancellationToken);
}

public static class TaskBookmarks
{
    public const string Kind = "RunTask";
}

/// <summary>
/// Elsa.RunTask (elsa-core src/modules/Elsa.Workflows.Runtime/Activities/RunTask.cs): asks for a named task to be
/// run, waits, and completes with the reported result as its output. A handler in the service does the work
/// (ITaskHandler), or an outside system reports completion at POST /elsa/api/tasks/{taskId}/complete.
/// </summary>
public sealed class RunTaskActivity : ActivityBase
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "Elsa.RunTask",
        Name = "RunTask",
        Category = Categories.Primitives,
        DisplayName = new("运行任务", "Run Task"),
        Description = new("请求运行一个指定名称的任务，等待任务报告结果后继续。", "Requests a given task to be run. "),
        Kind = ActivityKind.Action,
        Inputs =
        [
            Input("TaskName", "String", "任务名", "Task name", "要运行的任务名称。", "The name of the task being requested.", required: true, order: 0),
            Input("Payload", "Object", "参数", "Payload", "发给任务的附加参数（JSON 对象）。", "Any additional parameters to send to the task.", uiHint: "json-editor", order: 1),
        ],
        Outputs =
        [
            Output("TaskId", "String", "任务编号", "Task ID", "所请求任务的编号。", "The ID of the task that was requested to run."),
            Output("Result", "Object", "任务结果", "Result", "任务报告的结果。", "The result the task reported."),
        ],
    };

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var taskName = await context.GetStringAsync("TaskName");
        if (string.IsNullOrWhiteSpace(taskName)) throw new ActivityFaultException("没有填写任务名。 / No task name given.");
        var payload = await context.EvaluateInputAsync("Payload");
        if (payload is JsonValue v && v.TryGetValue<string>(out var text) && text.Length > 0) payload = Expressions.ValueConversion.TryParse(text);
        if (payload is not null and not JsonObject) throw new ActivityFaultException("任务参数必须是 JSON 对象。 / The task payload must be a JSON object.");

        var bookmark = context.CreateBookmark(TaskBookmarks.Kind, name: taskName);
        context.SetOutput("TaskId", bookmark.Id);
        await context.GetRequiredService<ITaskDispatcher>().DispatchAsync(
            new RunTaskRequest(context.InstanceId, bookmark.Id, taskName, (JsonObject?)payload?.DeepClone()), context.CancellationToken);
    }

    public override ValueTask ResumeAsync(ActivityExecutionContext context, BookmarkState bookmark, JsonNode? payload)
    {
        context.SetOutput("Result", payload);
        context.Complete();
        return ValueTask.CompletedTask;
    }
}
