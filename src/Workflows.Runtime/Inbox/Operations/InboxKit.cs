using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflows.Engine.Services;
using Workflows.Runtime.Execution;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Inbox;

/// <summary>
/// What every inbox operation needs, and the two ways an operation commits: <see cref="OnTaskAsync"/> for changes
/// to the task and its rows (one transaction, retried when another change to the task got there first), and
/// <see cref="ResumeAsync"/> for decisions that move the workflow (the burst's transaction).
/// </summary>
public sealed class InboxKit(
    WorkflowsDbContext db,
    WorkflowRuntime runtime,
    TimeProvider clock,
    AuditTrail audit,
    InboxMail mail,
    IIdGenerator ids,
    IOptions<InboxOptions> options,
    ILogger<InboxKit> logger)
{
    private const int MaxAttempts = 5;

    public WorkflowsDbContext Db => db;
    public WorkflowRuntime Runtime => runtime;
    public AuditTrail Audit => audit;
    public InboxMail Mail => mail;
    public IIdGenerator Ids => ids;
    public InboxOptions Options => options.Value;
    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Loads the task (tracked) for <paramref name="actor"/>, answers 404 when they may not see it and 409 when it is
    /// closed (unless <paramref name="allowClosed"/>), runs <paramref name="action"/>, bumps the task's revision and
    /// saves. The revision makes two concurrent actions on one task serialise: the later one is retried on fresh
    /// data and sees what the first did.
    /// </summary>
    public async Task<InboxResult> OnTaskAsync(string taskId, Actor actor, Func<TaskContext, TaskRights, Task<InboxResult>> action, CancellationToken cancellationToken, bool allowClosed = false)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            try
            {
                var context = await TaskContext.LoadAsync(db, taskId, actor, tracking: true, cancellationToken);
                if (context is null) return InboxResult.NotFound();
                var rights = TaskAccess.Rights(context, actor);
                if (!rights.Can(TaskRights.View)) return InboxResult.NotFound();
                if (!allowClosed && ClosedProblem(context.Task) is { } closed) return closed;
                var result = await action(context, rights);
                if (!result.Succeeded) return result;
                context.Task.Revision++;
                await db.SaveChangesAsync(cancellationToken);
                return result;
            }
            catch (InboxRefusedException ex)
            {
                return ex.Result;
            }
            catch (DbUpdateException ex) when (attempt < MaxAttempts && !cancellationToken.IsCancellationRequested)
            {
                logger.LogInformation(ex, "Inbox action on task {TaskId} conflicted with another change (attempt {Attempt}); retrying", taskId, attempt);
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>
    /// Resumes the task's bookmark with <paramref name="payload"/>; <paramref name="accept"/> runs inside the burst's
    /// unit of work on freshly loaded rows (re-checking everything) and records the decision, so the decision and the
    /// workflow moving on commit together. Throwing <see cref="InboxRefusedException"/> there refuses with nothing changed.
    /// </summary>
    public async Task<InboxResult> ResumeAsync(TaskRecord task, JsonObject payload, Func<BurstUnitOfWork, CancellationToken, Task> accept, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        RunOutcome outcome;
        try
        {
            outcome = await runtime.ResumeAsync(new ResumeRequest
            {
                InstanceId = task.InstanceId,
                BookmarkId = task.BookmarkId,
                Payload = payload,
                Accept = accept,
            }, cancellationToken);
        }
        catch (InboxRefusedException ex)
        {
            return ex.Result;
        }
        if (outcome.Succeeded)
        {
            return InboxResult.Ok(new JsonObject
            {
                ["taskId"] = task.Id,
                ["instanceId"] = outcome.InstanceId,
                ["status"] = outcome.State?.Status.ToString(),
                ["subStatus"] = outcome.State?.SubStatus.ToString(),
            });
        }
        return outcome.Status switch
        {
            RunStatus.Invalid => InboxResult.Fail(InboxStatus.Invalid, outcome.Message ?? "请求无效。 / Invalid request."),
            _ => InboxResult.Fail(InboxStatus.Conflict, outcome.Message ?? Texts.NotOpen),
        };
    }

    /// <summary>409 for a task that is no longer open, with the reason.</summary>
    public static InboxResult? ClosedProblem(TaskRecord task) => task.Status switch
    {
        TaskStatuses.Open => null,
        TaskStatuses.Completed => InboxResult.Fail(InboxStatus.Conflict, Texts.AlreadyCompleted(task.CompletedBy, task.Outcome)),
        _ => InboxResult.Fail(InboxStatus.Conflict, Texts.Withdrawn),
    };

    public static InboxRefusedException Forbidden(TaskContext context, Actor actor, string what) =>
        InboxRefusedException.Of(InboxStatus.Forbidden, TaskAccess.Refusal(context, actor, what));

    public static InboxRefusedException Invalid(string message, IReadOnlyList<string>? errors = null) =>
        InboxRefusedException.Of(InboxStatus.Invalid, message, errors);

    /// <summary>Who should act on the task now: user names, or role:key for an unclaimed role task.</summary>
    public static IReadOnlyList<string> CurrentRecipients(TaskContext context)
    {
        var task = context.Task;
        if (task.CountersignJson is not null)
            return context.Signers.Where(s => s.Status == SignerStatuses.Pending).Select(s => s.UserName).ToList();
        if (task.Assignee is { } one) return [one];
        var assignees = TaskJson.Assignees(task);
        if (assignees.Count > 0) return assignees;
        return task.CandidateRole is { } role ? ["role:" + role] : [];
    }

    /// <summary>A user name the request names: trimmed, an active user, not the actor.</summary>
    public async Task<string> RequireOtherUserAsync(string? userName, Actor actor, CancellationToken cancellationToken)
    {
        var name = userName?.Trim();
        if (string.IsNullOrEmpty(name)) throw Invalid("请选择人员。 / Choose a person.");
        if (name == actor.UserName) throw Invalid("不能选择自己。 / You cannot choose yourself.");
        if ((await InboxUsers.UnknownAsync(db, [name], cancellationToken)).Count > 0)
            throw Invalid($"用户 {name} 不存在或已停用。 / User {name} does not exist or is inactive.");
        return name;
    }
}
