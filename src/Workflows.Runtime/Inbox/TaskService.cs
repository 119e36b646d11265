using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workflows.Engine.Execution;
using Workflows.Engine.Expressions;
using Workflows.Engine.Model;
using Workflows.Runtime.Execution;
using Workflows.Runtime.Identity;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Inbox;

/// <summary>Who is acting: the signed-in user and the roles they hold.</summary>
public sealed record Actor(string UserName, IReadOnlyCollection<string> Roles)
{
    public bool HasRole(string? role) => role is not null && Roles.Contains(role);
}

public sealed record CompleteTaskCommand(string TaskId, string Outcome, string? Comment, JsonObject? FormData);

/// <summary>
/// The inbox rules that decide whether a person may act on a task, and the completion itself: the task is
/// marked done and the instance resumed in one transaction, so a decision is never recorded without the
/// workflow moving, nor the reverse.
/// </summary>
public sealed class TaskService(WorkflowsDbContext db, WorkflowRuntime runtime)
{
    /// <summary>True when <paramref name="actor"/> may see and act on the task.</summary>
    public static bool CanAct(TaskRecord task, Actor actor)
    {
        var assignees = ValueConversion.ToStringList(JsonNode.Parse(task.AssigneesJson));
        if (task.Assignee is { } single) return single == actor.UserName;
        if (assignees.Count > 0) return assignees.Contains(actor.UserName);
        return actor.HasRole(task.CandidateRole);
    }

    /// <summary>Open tasks assigned to the actor or offered to one of their roles and not yet claimed.</summary>
    public IQueryable<TaskRecord> ToDo(Actor actor)
    {
        var roles = actor.Roles.ToList();
        var userJson = "\"" + actor.UserName.Replace("\"", "", StringComparison.Ordinal) + "\"";
        return db.Tasks.AsNoTracking().Where(t => t.Status == TaskStatuses.Open && (
            t.Assignee == actor.UserName
            || (t.Assignee == null && t.AssigneesJson != "[]" && t.AssigneesJson.Contains(userJson))
            || (t.Assignee == null && t.AssigneesJson == "[]" && t.CandidateRole != null && roles.Contains(t.CandidateRole))));
    }

    /// <summary>The task if the actor may see it; null otherwise (callers answer 404 so that ids leak nothing).</summary>
    public async Task<TaskRecord?> FindVisibleAsync(string taskId, Actor actor, CancellationToken cancellationToken)
    {
        var task = await db.Tasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == taskId, cancellationToken);
        if (task is null) return null;
        if (CanAct(task, actor) || task.CompletedBy == actor.UserName || task.InitiatedBy == actor.UserName) return task;
        return null;
    }

    public async Task<RunOutcome> CompleteAsync(CompleteTaskCommand command, Actor actor, CancellationToken cancellationToken)
    {
        var task = await db.Tasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == command.TaskId, cancellationToken);
        if (task is null || !CanAct(task, actor) && task.CompletedBy != actor.UserName)
            return RunOutcome.Fail(RunStatus.NotFound, "待办不存在或您无权办理。 / The task does not exist or is not yours.");
        var problem = CheckCompletion(task, command, actor);
        if (problem is not null) return problem;

        var payload = new JsonObject
        {
            ["outcome"] = command.Outcome,
            ["comment"] = command.Comment,
            ["formData"] = command.FormData?.DeepClone(),
            ["actor"] = actor.UserName,
            ["taskId"] = task.Id,
        };
        return await runtime.ResumeAsync(new ResumeRequest
        {
            InstanceId = task.InstanceId,
            BookmarkId = task.BookmarkId,
            Payload = payload,
            Accept = async (uow, ct) =>
            {
                // Re-read inside the burst's unit of work: another request may have completed it meanwhile.
                var current = await uow.Db.Tasks.FirstAsync(t => t.Id == task.Id, ct);
                if (CheckCompletion(current, command, actor) is { } late) throw new ResumeRejectedException(late.Status, late.Message!);
                current.Status = TaskStatuses.Completed;
                current.CompletedBy = actor.UserName;
                current.CompletedAt = uow.Now;
                current.Outcome = command.Outcome;
                current.Comment = command.Comment;
                current.FormDataJson = command.FormData is null ? null : EngineJson.Write(command.FormData);
                current.Revision++;
            },
        }, cancellationToken);
    }

    private static RunOutcome? CheckCompletion(TaskRecord task, CompleteTaskCommand command, Actor actor)
    {
        switch (task.Status)
        {
            case TaskStatuses.Completed:
                return RunOutcome.Fail(RunStatus.Conflict, $"待办已由 {task.CompletedBy} 办理（{task.Outcome}），不能重复办理。 / The task was already completed by {task.CompletedBy}.", task.InstanceId);
            case TaskStatuses.Cancelled or TaskStatuses.Withdrawn:
                return RunOutcome.Fail(RunStatus.Conflict, "待办已撤回或取消，不能办理。 / The task was withdrawn or cancelled.", task.InstanceId);
        }
        if (!CanAct(task, actor))
            return RunOutcome.Fail(RunStatus.NotFound, "待办不存在或您无权办理。 / The task does not exist or is not yours.");
        var outcomes = ValueConversion.ToStringList(JsonNode.Parse(task.OutcomesJson));
        if (!outcomes.Contains(command.Outcome, StringComparer.Ordinal))
            return RunOutcome.Fail(RunStatus.Invalid, $"办理结果 {command.Outcome} 不可用，可选：{string.Join("、", outcomes)}。 / Outcome {command.Outcome} is not one of {string.Join(", ", outcomes)}.", task.InstanceId);
        var commentRequired = task.CommentRequiredForJson is null ? [] : ValueConversion.ToStringList(JsonNode.Parse(task.CommentRequiredForJson));
        if (commentRequired.Contains(command.Outcome, StringComparer.Ordinal) && string.IsNullOrWhiteSpace(command.Comment))
            return RunOutcome.Fail(RunStatus.Invalid, "选择此结果时必须填写意见。 / A comment is required for this outcome.", task.InstanceId);
        return null;
    }
}
