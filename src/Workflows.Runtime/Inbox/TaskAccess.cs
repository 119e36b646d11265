using Microsoft.EntityFrameworkCore;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Inbox;

/// <summary>What a person may do with a task.</summary>
[Flags]
public enum TaskRights
{
    None = 0,
    View = 1 << 0,

    /// <summary>Decide: complete with an outcome (for a countersign task: sign one's own item).</summary>
    Complete = 1 << 1,
    Claim = 1 << 2,
    Release = 1 << 3,
    Transfer = 1 << 4,
    Delegate = 1 << 5,

    /// <summary>The delegate hands the task back to the owner with a proposed outcome.</summary>
    Resolve = 1 << 6,
    Return = 1 << 7,

    /// <summary>The initiator may withdraw the instance (whether anybody acted is checked with the data).</summary>
    Withdraw = 1 << 8,
    Urge = 1 << 9,
    CarbonCopy = 1 << 10,

    /// <summary>加签 on a countersign task (a signer whose turn it is).</summary>
    ManageSigners = 1 << 11,
    Attach = 1 << 12,

    /// <summary>
    /// 减签 and recording a member's paper vote on a countersign task: the secretariat's, never a signer's, since
    /// a countersign that all must sign would otherwise be decided by whoever removes the others (issue 14).
    /// </summary>
    Supervise = 1 << 13,
}

/// <summary>A task with the rows that decide what the actor may do with it.</summary>
public sealed record TaskContext(TaskRecord Task, IReadOnlyList<SignerRecord> Signers, CarbonCopyRecord? MyCopy, bool ActedOn)
{
    public SignerRecord? MySigner(string userName) => Signers.FirstOrDefault(s => s.UserName == userName && s.Status != SignerStatuses.Removed);

    /// <summary>Loads the task and what decides access; tracked when the caller is going to change it.</summary>
    public static async Task<TaskContext?> LoadAsync(WorkflowsDbContext db, string taskId, Actor actor, bool tracking, CancellationToken cancellationToken)
    {
        var tasks = tracking ? db.Tasks : db.Tasks.AsNoTracking();
        var task = await tasks.FirstOrDefaultAsync(t => t.Id == taskId, cancellationToken);
        if (task is null) return null;
        var signers = task.CountersignJson is null
            ? []
            : await (tracking ? db.Signers() : db.Signers().AsNoTracking()).Where(s => s.TaskId == taskId).OrderBy(s => s.Sequence).ToListAsync(cancellationToken);
        var copy = await (tracking ? db.CarbonCopies() : db.CarbonCopies().AsNoTracking())
            .FirstOrDefaultAsync(c => c.TaskId == taskId && c.UserName == actor.UserName, cancellationToken);
        var acted = await db.Audit().AnyAsync(a => a.TaskId == taskId && a.Actor == actor.UserName, cancellationToken);
        return new TaskContext(task, signers, copy, acted);
    }
}

/// <summary>
/// The one place that says who may see and act on a task (the successor of TaskService.CanAct). The to-do query
/// below is the same rule written for the database; tests check that the two agree.
/// <list type="bullet">
/// <item>the assignee decides (unless they delegated it: then the delegate may only hand it back);</item>
/// <item>an unclaimed task offered to a role, or to several people, may be decided or claimed by any of them;</item>
/// <item>on a countersign task each signer decides their own item when it is their turn;</item>
/// <item>the other people it is offered to (after a colleague claimed or finished it), the initiator, the delegator,
/// CC'd people and whoever acted on it before may look, not decide.</item>
/// </list>
/// </summary>
public static class TaskAccess
{
    /// <summary>The role that may remove signers and record paper votes (<see cref="TaskRights.Supervise"/>).</summary>
    public const string SupervisorRole = "secretariat";

    public static TaskRights Rights(TaskContext context, Actor actor)
    {
        var task = context.Task;
        var me = actor.UserName;
        var open = task.Status == TaskStatuses.Open;
        var countersign = task.CountersignJson is not null;
        var delegated = task.DelegationState == DelegationStates.Pending;
        var assignees = TaskJson.Assignees(task);
        var isAssignee = task.Assignee == me;
        var inPool = !countersign && task.Assignee is null && (assignees.Count > 1
            ? assignees.Contains(me, StringComparer.Ordinal)
            : assignees.Count == 0 && actor.HasRole(task.CandidateRole));
        var mySigner = context.MySigner(me);
        var isInitiator = task.InitiatedBy == me;
        var isOwner = task.Owner == me;

        var decider = open && (countersign ? mySigner?.Status == SignerStatuses.Pending : (isAssignee && !delegated) || inPool);
        var rights = TaskRights.None;
        if (decider) rights |= TaskRights.Complete | TaskRights.Return | TaskRights.Transfer | TaskRights.CarbonCopy | TaskRights.Attach;
        if (decider && !countersign) rights |= TaskRights.Delegate;
        if (decider && countersign) rights |= TaskRights.ManageSigners;
        if (open && delegated && isAssignee) rights |= TaskRights.Resolve | TaskRights.Attach;
        if (open && !countersign && !delegated && inPool) rights |= TaskRights.Claim;
        if (open && !countersign && !delegated && isAssignee && TaskJson.IsPoolTask(task, assignees)) rights |= TaskRights.Release;
        if (open && !decider && (isInitiator || (isOwner && delegated))) rights |= TaskRights.Urge;
        if (open && (isInitiator || isOwner)) rights |= TaskRights.CarbonCopy | TaskRights.Attach;
        if (isInitiator) rights |= TaskRights.Withdraw;
        if (open && countersign && actor.HasRole(SupervisorRole)) rights |= TaskRights.Supervise;

        // Entitled: the people the task is (or was) offered to. They may look even when a colleague claimed or
        // finished it, and so learn "already done by X" (409) instead of "no such task" (404).
        var entitled = countersign
            ? mySigner is not null
            : isAssignee || (assignees.Count > 1 ? assignees.Contains(me, StringComparer.Ordinal) : assignees.Count == 0 && actor.HasRole(task.CandidateRole));
        var sees = rights != TaskRights.None || entitled || isOwner || isInitiator
            || task.CompletedBy == me || context.MyCopy is not null || context.ActedOn;
        return sees ? rights | TaskRights.View : TaskRights.None;
    }

    public static bool Can(this TaskRights rights, TaskRights right) => (rights & right) == right;

    /// <summary>Why a visible task refuses an action, for the 403 message.</summary>
    public static string Refusal(TaskContext context, Actor actor, string what)
    {
        var task = context.Task;
        if (task.DelegationState == DelegationStates.Pending && task.Owner == actor.UserName)
            return $"该待办已委派给 {task.Assignee}，请等待其处理后再确认。 / The task is delegated to {task.Assignee}; wait for them to hand it back.";
        if (task.DelegationState == DelegationStates.Pending && task.Assignee == actor.UserName)
            return "您是受托人：请提交处理意见交还委托人确认。 / You are the delegate: hand the task back with your proposal.";
        if (context.MySigner(actor.UserName) is { Status: SignerStatuses.Waiting })
            return "顺序会签：尚未轮到您签署。 / Sequential countersign: it is not your turn yet.";
        if (context.MySigner(actor.UserName) is { Status: SignerStatuses.Signed })
            return "您已签署，不能重复签署。 / You have already signed.";
        if (context.MyCopy is not null && task.Assignee != actor.UserName)
            return "抄送仅供阅知，不能办理。 / You were copied for information only.";
        if (task.Assignee is { } someone && someone != actor.UserName)
            return $"该待办由 {someone} 办理，您不能{what}。 / The task is with {someone}; you cannot do this.";
        return $"您不能对此待办执行“{what}”。 / You may not do this to the task.";
    }

    /// <summary>
    /// Open tasks the actor should act on: assigned to them; offered to several people including them or to a role
    /// they hold, and not claimed by someone else; or a countersign item that is theirs to sign now. Built as a
    /// union of id sets so that each part runs on its own index (no JSON text search).
    /// </summary>
    public static IQueryable<TaskRecord> ToDo(WorkflowsDbContext db, Actor actor)
    {
        var me = actor.UserName;
        var roles = actor.Roles.ToList();
        var assigned = db.Tasks.Where(t => t.Status == TaskStatuses.Open && t.Assignee == me && t.CountersignJson == null).Select(t => t.Id);
        var pooled = db.Candidates().Where(c => c.UserName == me).Select(c => c.TaskId);
        var offered = db.Tasks.Where(t => t.Status == TaskStatuses.Open && t.CandidateRole != null && roles.Contains(t.CandidateRole)
            && t.Assignee == null && t.AssigneesJson == "[]" && t.CountersignJson == null).Select(t => t.Id);
        var signing = db.Signers().Where(s => s.UserName == me && s.Status == SignerStatuses.Pending).Select(s => s.TaskId);
        var ids = assigned.Union(pooled).Union(offered).Union(signing);
        // "Not closed" rather than "Status = Open" on purpose: an equality would tempt SQLite's planner (no statistics)
        // to walk every open task through the Status index instead of looking the few ids up by primary key.
        return db.Tasks.AsNoTracking().Where(t => ids.Contains(t.Id)
            && t.Status != TaskStatuses.Completed && t.Status != TaskStatuses.Cancelled && t.Status != TaskStatuses.Withdrawn
            && (t.Assignee == null || t.Assignee == me));
    }
}
