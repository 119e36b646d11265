using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Workflows.Engine.Activities.Runtime;
using Workflows.Engine.Model;
using Workflows.Runtime.Execution;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Tasks;

/// <summary>
/// Runs the tasks that RunTask asks for, in process, by task name. Returning a result completes the task at once;
/// returning <see cref="TaskHandlerResult.Pending"/> leaves it open for a later report
/// (<see cref="TaskReporter"/>, POST /elsa/api/tasks/{taskId}/complete). A handler may run more than once for the
/// same task if the service stops between running it and recording that it ran, so it should be idempotent by TaskId.
/// </summary>
public interface ITaskHandler
{
    string TaskName { get; }

    Task<TaskHandlerResult> HandleAsync(RunTaskRequest request, CancellationToken cancellationToken);
}

public sealed record TaskHandlerResult(bool Completed, JsonNode? Result)
{
    public static TaskHandlerResult Pending { get; } = new(false, null);

    public static TaskHandlerResult Done(JsonNode? result) => new(true, result);
}

public static class TaskCommandKinds
{
    /// <summary>A queued "run task" request; its BookmarkId is the task id.</summary>
    public const string RunTask = "RunTask";
}

/// <summary>RunTask's requests become commands in the burst's transaction: sent only if the wait for them committed.</summary>
public sealed class TaskDispatchQueue(BurstUnitOfWork uow) : ITaskDispatcher
{
    public ValueTask DispatchAsync(RunTaskRequest request, CancellationToken cancellationToken)
    {
        var payload = new JsonObject { ["taskName"] = request.TaskName, ["payload"] = request.Payload?.DeepClone() };
        uow.AddCommand(request.InstanceId, TaskCommandKinds.RunTask, request.TaskId, payload, "task:" + request.TaskId);
        return ValueTask.CompletedTask;
    }
}

/// <summary>Runs one queued task request: calls its handler and, if it finished, queues the resume with its result.</summary>
public sealed partial class TaskRunner(IEnumerable<ITaskHandler> handlers, BurstUnitOfWork uow, ILogger<TaskRunner> logger)
{
    public async Task<RunOutcome> RunAsync(CommandRecord command, CancellationToken cancellationToken)
    {
        var payload = command.PayloadJson is null ? null : JsonNode.Parse(command.PayloadJson) as JsonObject;
        var taskName = payload?.GetString("taskName") ?? "";
        var taskId = command.BookmarkId ?? "";
        var handler = handlers.FirstOrDefault(h => string.Equals(h.TaskName, taskName, StringComparison.Ordinal));
        var db = uow.Db;
        if (handler is null)
        {
            // No handler here: the task waits for an outside system to report it.
            LogNoHandler(taskName, taskId, command.InstanceId);
        }
        else
        {
            var result = await handler.HandleAsync(new RunTaskRequest(command.InstanceId, taskId, taskName, payload?.GetObject("payload")), cancellationToken);
            LogHandled(taskName, taskId, result.Completed);
            if (result.Completed)
                uow.AddCommand(command.InstanceId, CommandKinds.Resume, taskId, result.Result, "task-result:" + taskId);
        }
        db.Commands.Remove(command);
        await db.SaveChangesAsync(cancellationToken);
        return new RunOutcome(RunStatus.Completed, command.InstanceId);
    }

    [LoggerMessage(EventId = 4610, Level = LogLevel.Information, Message = "No handler for task {TaskName} ({TaskId}) of {WorkflowInstanceId}; it waits for a report")]
    private partial void LogNoHandler(string taskName, string taskId, string workflowInstanceId);

    [LoggerMessage(EventId = 4611, Level = LogLevel.Information, Message = "Task {TaskName} ({TaskId}) handled, completed: {Completed}")]
    private partial void LogHandled(string taskName, string taskId, bool completed);
}

/// <summary>Elsa's ITaskReporter: resumes the RunTask waiting for <c>taskId</c> with the result.</summary>
public sealed class TaskReporter(WorkflowsDbContext db, WorkflowRuntime runtime)
{
    public async Task<RunOutcome> ReportCompletionAsync(string taskId, JsonNode? result, CancellationToken cancellationToken)
    {
        var bookmark = await db.Bookmarks.AsNoTracking().FirstOrDefaultAsync(b => b.Id == taskId && b.Kind == TaskBookmarks.Kind, cancellationToken);
        if (bookmark is null)
            return RunOutcome.Fail(RunStatus.NotFound, $"没有等待中的任务 {taskId}（可能已完成）。 / No pending task {taskId} (it may have completed already).");
        return await runtime.ResumeAsync(new ResumeRequest { InstanceId = bookmark.InstanceId, BookmarkId = bookmark.Id, Payload = result?.DeepClone() }, cancellationToken);
    }
}
