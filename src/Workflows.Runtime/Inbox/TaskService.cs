using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workflows.Runtime.Execution;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Inbox;

/// <summary>Who is acting: the signed-in user and the roles they hold.</summary>
public sealed record Actor(string UserName, IReadOnlyCollection<string> Roles)
{
    public bool HasRole(string? role) => role is not null && Roles.Contains(role);
}

public sealed record CompleteTaskCommand(string TaskId, string Outcome, string? Comment, JsonObject? FormData);

/// <summary>
/// The runtime-facing face of the inbox, kept for callers that think in <see cref="RunOutcome"/>s (runtime tests,
/// the benchmark). The rules live in <see cref="TaskAccess"/>; the operations in their own classes.
/// </summary>
public sealed class TaskService(WorkflowsDbContext db, CompleteTask complete)
{
    /// <summary>True when the actor may decide the task now.</summary>
    public static bool CanAct(TaskContext context, Actor actor) => TaskAccess.Rights(context, actor).Can(TaskRights.Complete);

    /// <summary>Open tasks the actor should act on (see <see cref="TaskAccess.ToDo"/>).</summary>
    public IQueryable<TaskRecord> ToDo(Actor actor) => TaskAccess.ToDo(db, actor);

    /// <summary>The task if the actor may see it; null otherwise (callers answer 404 so that ids leak nothing).</summary>
    public async Task<TaskRecord?> FindVisibleAsync(string taskId, Actor actor, CancellationToken cancellationToken)
    {
        var context = await TaskContext.LoadAsync(db, taskId, actor, tracking: false, cancellationToken);
        return context is not null && TaskAccess.Rights(context, actor).Can(TaskRights.View) ? context.Task : null;
    }

    public async Task<RunOutcome> CompleteAsync(CompleteTaskCommand command, Actor actor, CancellationToken cancellationToken)
    {
        var result = await complete.ExecuteAsync(new CompleteTaskRequest(command.TaskId, command.Outcome, command.Comment, command.FormData), actor, cancellationToken);
        var instanceId = result.Data?["instanceId"]?.GetValue<string>()
            ?? await db.Tasks.AsNoTracking().Where(t => t.Id == command.TaskId).Select(t => t.InstanceId).FirstOrDefaultAsync(cancellationToken);
        return result.Status switch
        {
            InboxStatus.Ok => new RunOutcome(RunStatus.Completed, instanceId),
            InboxStatus.Invalid => RunOutcome.Fail(RunStatus.Invalid, result.Message!, instanceId),
            InboxStatus.NotFound or InboxStatus.Forbidden => RunOutcome.Fail(RunStatus.NotFound, result.Message!, instanceId),
            _ => RunOutcome.Fail(RunStatus.Conflict, result.Message!, instanceId),
        };
    }
}
