using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Workflows.Engine.Model;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Inbox;

/// <summary>
/// Changes to a countersign task: a signer signs (会签), a signer is added (加签) or removed (减签). After each change
/// the rule is evaluated; while it is undecided the change commits on its own (serialised by the task's revision,
/// so two signers signing at once are both counted), and the moment it decides, the same change is made again
/// inside the burst that resumes the task's bookmark, once, with the outcome the rule gives. Items still open then
/// are closed as not needed.
/// </summary>
public sealed class CountersignProcessor(InboxKit kit, ILogger<CountersignProcessor> logger)
{
    private const int MaxAttempts = 6;

    /// <summary>A change to the items: applies itself to freshly loaded rows and says what to record. May refuse.</summary>
    private delegate Task<Change> Mutation(TaskContext context, TaskRights rights, WorkflowsDbContext db, CancellationToken cancellationToken);

    private sealed record Change(string Action, string? Outcome, string? Comment, JsonObject? Details, JsonObject? FormData = null);

    private sealed class UndecidedAfterAllException : Exception;

    public Task<InboxResult> SignAsync(CompleteTaskRequest request, Actor actor, CancellationToken cancellationToken) =>
        RunAsync(request.TaskId, actor, async (context, rights, db, ct) =>
        {
            if (!rights.Can(TaskRights.Complete)) throw InboxKit.Forbidden(context, actor, "会签");
            var formData = await DecisionCheck.ValidateAsync(db, context.Task, request.Outcome, request.Comment, request.FormData, ct);
            var item = context.MySigner(actor.UserName)!;
            item.Status = SignerStatuses.Signed;
            item.Decision = request.Outcome;
            item.Comment = string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment.Trim();
            item.FormDataJson = EngineJson.Write(formData);
            item.DecidedAt = kit.Now;
            return new Change(AuditActions.Sign, request.Outcome, request.Comment, new JsonObject { ["formData"] = formData.DeepClone() }, formData);
        }, cancellationToken);

    /// <summary>加签: a signer who may sign now adds another person (at the end of the order).</summary>
    public Task<InboxResult> AddSignerAsync(string taskId, string? userName, string? comment, Actor actor, CancellationToken cancellationToken) =>
        RunAsync(taskId, actor, async (context, rights, db, ct) =>
        {
            if (!rights.Can(TaskRights.ManageSigners)) throw InboxKit.Forbidden(context, actor, "加签");
            var name = await kit.RequireOtherUserAsync(userName, actor, ct);
            var settings = CountersignSettings.FromTask(context.Task)!;
            var existing = context.Signers.FirstOrDefault(s => s.UserName == name);
            if (existing is not null && existing.Status != SignerStatuses.Removed)
                throw InboxKit.Invalid($"{name} 已是会签人。 / {name} is already a signer.");
            var sequence = context.Signers.Count == 0 ? 1 : context.Signers.Max(s => s.Sequence) + 1;
            var status = settings.Order == CountersignOrder.Parallel ? SignerStatuses.Pending : SignerStatuses.Waiting;
            if (existing is not null)
            {
                existing.Status = status;
                existing.Sequence = sequence;
                existing.AddedBy = actor.UserName;
                existing.Decision = null;
                existing.DecidedAt = null;
            }
            else
            {
                var added = new SignerRecord
                {
                    Id = kit.Ids.NewId(),
                    TaskId = context.Task.Id,
                    InstanceId = context.Task.InstanceId,
                    UserName = name,
                    Sequence = sequence,
                    Status = status,
                    AddedBy = actor.UserName,
                    CreatedAt = kit.Now,
                };
                db.Signers().Add(added);
            }
            await UpdateAssigneesAsync(db, context.Task, SignersOf(db, context.Task.Id), ct);
            return new Change(AuditActions.AddSigner, null, comment, new JsonObject { ["userName"] = name });
        }, cancellationToken);

    /// <summary>
    /// 减签: the secretariat removes a signer who has not signed, with a reason; at least one must remain. A signer may
    /// not remove the others (a countersign all must sign would be decided by whoever removes them; issue 14).
    /// </summary>
    public Task<InboxResult> RemoveSignerAsync(string taskId, string? userName, string? comment, Actor actor, CancellationToken cancellationToken) =>
        RunAsync(taskId, actor, async (context, rights, db, ct) =>
        {
            if (!rights.Can(TaskRights.Supervise)) throw InboxKit.Forbidden(context, actor, "减签");
            var reason = RequireReason(comment, "减签");
            var name = userName?.Trim();
            var item = context.Signers.FirstOrDefault(s => s.UserName == name && s.Status != SignerStatuses.Removed)
                ?? throw InboxKit.Invalid($"{name} 不是此待办的会签人。 / {name} is not a signer of this task.");
            if (item.Status == SignerStatuses.Signed) throw InboxKit.Invalid($"{name} 已签署，不能移除。 / {name} has signed already and cannot be removed.");
            item.Status = SignerStatuses.Removed;
            if (context.Signers.All(s => s.Status is SignerStatuses.Removed or SignerStatuses.Skipped))
                throw InboxKit.Invalid("至少保留一名会签人。 / At least one signer must remain.");
            await UpdateAssigneesAsync(db, context.Task, context.Signers, ct);
            return new Change(AuditActions.RemoveSigner, null, reason, new JsonObject { ["userName"] = name });
        }, cancellationToken);

    /// <summary>
    /// The secretariat records the vote a signer cast on paper (at the meeting, in absentia): only with a reason, and
    /// the trail names both the member and the recorder. The vote counts like the member's own.
    /// </summary>
    public Task<InboxResult> RecordPaperVoteAsync(string taskId, string? userName, string? outcome, string? comment, Actor actor, CancellationToken cancellationToken) =>
        RunAsync(taskId, actor, async (context, rights, db, ct) =>
        {
            if (!rights.Can(TaskRights.Supervise)) throw InboxKit.Forbidden(context, actor, "代录表决");
            var reason = RequireReason(comment, "代录纸质表决");
            var name = userName?.Trim() ?? "";
            var item = context.MySigner(name) ?? throw InboxKit.Invalid($"{name} 不是此待办的会签人。 / {name} is not a signer of this task.");
            if (item.Status is not (SignerStatuses.Pending or SignerStatuses.Waiting))
                throw InboxKit.Invalid($"{name} 已表决或不再需要表决。 / {name} has voted already or need not vote.");
            if (outcome is null || !TaskJson.Outcomes(context.Task).Contains(outcome, StringComparer.Ordinal))
                throw InboxKit.Invalid($"表决意见 {outcome} 无效。 / {outcome} is not an outcome of this task.");
            item.Status = SignerStatuses.Signed;
            item.Decision = outcome;
            item.Comment = $"（秘书处代录纸质表决：{reason}）";
            item.DecidedAt = kit.Now;
            await Task.CompletedTask;
            return new Change(AuditActions.PaperVote, outcome, reason, new JsonObject { ["userName"] = name, ["recordedBy"] = actor.UserName });
        }, cancellationToken);

    private static string RequireReason(string? comment, string what) =>
        string.IsNullOrWhiteSpace(comment)
            ? throw InboxKit.Invalid($"{what}须填写理由。 / A reason is required.")
            : comment.Trim();

    private async Task<InboxResult> RunAsync(string taskId, Actor actor, Mutation mutate, CancellationToken cancellationToken)
    {
        var db = kit.Db;
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            try
            {
                var (context, change, verdict) = await ApplyAsync(db, taskId, actor, mutate, cancellationToken);
                if (!verdict.Decided)
                {
                    context.Task.Revision++;
                    await RecordAsync(db, context.Task, actor, change, cancellationToken);
                    await db.SaveChangesAsync(cancellationToken);
                    return InboxResult.Ok(Tally(context.Task, verdict));
                }
            }
            catch (InboxRefusedException ex)
            {
                return ex.Result;
            }
            catch (DbUpdateException ex) when (attempt < MaxAttempts && !cancellationToken.IsCancellationRequested)
            {
                logger.LogInformation(ex, "Countersign change on task {TaskId} conflicted (attempt {Attempt}); retrying", taskId, attempt);
                continue;
            }
            finally
            {
                db.ChangeTracker.Clear();
            }

            // The rule decides with this change: make it again inside the burst that resumes the bookmark.
            var task = await db.Tasks.AsNoTracking().FirstAsync(t => t.Id == taskId, cancellationToken);
            var payload = new JsonObject();
            try
            {
                var result = await kit.ResumeAsync(task, payload, async (uow, ct) =>
                {
                    payload.Clear();
                    var (context, change, verdict) = await ApplyAsync(uow.Db, taskId, actor, mutate, ct);
                    if (!verdict.Decided) throw new UndecidedAfterAllException();
                    await DecideAsync(uow.Db, context, actor, change, verdict, payload, ct);
                }, cancellationToken);
                return result.Succeeded ? result with { Data = Tally(task, null, result.Data) } : result;
            }
            catch (UndecidedAfterAllException) when (attempt < MaxAttempts)
            {
                // Someone added a signer in between; the change now commits without deciding. Go round again.
            }
        }
    }

    private static async Task<(TaskContext Context, Change Change, CountersignVerdict Verdict)> ApplyAsync(WorkflowsDbContext db, string taskId, Actor actor,
        Mutation mutate, CancellationToken cancellationToken)
    {
        var context = await TaskContext.LoadAsync(db, taskId, actor, tracking: true, cancellationToken);
        if (context is null) throw new InboxRefusedException(InboxResult.NotFound());
        var rights = TaskAccess.Rights(context, actor);
        if (!rights.Can(TaskRights.View)) throw new InboxRefusedException(InboxResult.NotFound());
        if (InboxKit.ClosedProblem(context.Task) is { } closed) throw new InboxRefusedException(closed);
        var settings = CountersignSettings.FromTask(context.Task)
            ?? throw InboxKit.Invalid("此待办不是会签待办。 / The task is not a countersign task.");
        var change = await mutate(context, rights, db, cancellationToken);
        // The tracked rows after the change, including a signer just added.
        var signers = SignersOf(db, taskId);
        var verdict = CountersignRule.Evaluate(settings, signers.Select(s => new SignerVote(s.Id, s.Sequence, s.Status, s.Decision)).ToList());
        foreach (var id in verdict.Activate) signers.First(s => s.Id == id).Status = SignerStatuses.Pending;
        return (context with { Signers = signers }, change, verdict);
    }

    private static List<SignerRecord> SignersOf(WorkflowsDbContext db, string taskId) =>
        db.Signers().Local.Where(s => s.TaskId == taskId).OrderBy(s => s.Sequence).ToList();

    private async Task RecordAsync(WorkflowsDbContext db, TaskRecord task, Actor actor, Change change, CancellationToken cancellationToken) =>
        await kit.Audit.AddAsync(db, task.InstanceId, task, change.Action, actor.UserName, change.Outcome, change.Comment, change.Details, cancellationToken);

    private async Task DecideAsync(WorkflowsDbContext db, TaskContext context, Actor actor, Change change, CountersignVerdict verdict, JsonObject payload, CancellationToken cancellationToken)
    {
        var task = context.Task;
        foreach (var id in verdict.Close) context.Signers.First(s => s.Id == id).Status = SignerStatuses.Skipped;
        var signed = context.Signers.Where(s => s.Status == SignerStatuses.Signed).OrderBy(s => s.DecidedAt).ThenBy(s => s.Sequence).ToList();
        var names = await InboxUsers.DisplayNamesAsync(db, signed.Select(s => s.UserName), cancellationToken);
        var comments = string.Join("\n", signed.Where(s => s.Comment is not null).Select(s => $"{names.GetValueOrDefault(s.UserName, s.UserName)}：{s.Comment}"));

        task.Status = TaskStatuses.Completed;
        task.CompletedBy = actor.UserName;
        task.CompletedAt = kit.Now;
        task.Outcome = verdict.Outcome;
        task.Comment = comments.Length == 0 ? null : comments;
        task.FormDataJson = change.FormData is null ? null : EngineJson.Write(change.FormData);
        task.Revision++;

        var tally = new JsonObject
        {
            ["mode"] = CountersignSettings.FromTask(task)!.Mode.ToString().ToLowerInvariant(),
            ["approvals"] = verdict.Approvals,
            ["rejections"] = verdict.Rejections,
            ["total"] = verdict.Total,
            ["members"] = context.Signers.Count,
            ["closed"] = verdict.Close.Count,
            ["signatures"] = new JsonArray(signed.Select(s => (JsonNode)new JsonObject
            {
                ["userName"] = s.UserName,
                ["decision"] = s.Decision,
                ["comment"] = s.Comment,
                ["at"] = s.DecidedAt,
            }).ToArray()),
        };
        await RecordAsync(db, task, actor, change, cancellationToken);
        await kit.Audit.AddAsync(db, task.InstanceId, task, AuditActions.CountersignDecided, AuditActions.SystemActor, verdict.Outcome, null, tally.DeepClone() as JsonObject, cancellationToken);
        await CompleteTask.QueueDecisionMailAsync(kit, db, task, actor.UserName, verdict.Outcome!, task.Comment, cancellationToken);

        payload["outcome"] = verdict.Outcome;
        payload["comment"] = task.Comment;
        payload["formData"] = change.FormData?.DeepClone();
        payload["actor"] = actor.UserName;
        payload["taskId"] = task.Id;
        payload["countersign"] = tally;
    }

    /// <summary>The signers are the task's assignees for display and for the rights of a delegator-less task.</summary>
    private static async Task UpdateAssigneesAsync(WorkflowsDbContext db, TaskRecord task, IEnumerable<SignerRecord> signers, CancellationToken cancellationToken)
    {
        await TaskJson.SetAssigneesAsync(db, task, signers.Where(s => s.Status != SignerStatuses.Removed).OrderBy(s => s.Sequence).Select(s => s.UserName).ToList(), cancellationToken);
        task.Assignee = null;
    }

    private static JsonObject Tally(TaskRecord task, CountersignVerdict? verdict, JsonObject? data = null)
    {
        var result = data ?? new JsonObject { ["taskId"] = task.Id, ["instanceId"] = task.InstanceId };
        result["countersign"] = verdict is null
            ? "decided"
            : "open";
        if (verdict is not null)
        {
            result["approvals"] = verdict.Approvals;
            result["rejections"] = verdict.Rejections;
            result["total"] = verdict.Total;
        }
        return result;
    }
}
