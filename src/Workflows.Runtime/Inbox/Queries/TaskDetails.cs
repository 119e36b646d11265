using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workflows.Engine.Activities;
using Workflows.Engine.Expressions;
using Workflows.Engine.Model;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Inbox;

public sealed record OutcomeChoice(string Value, LocalizedText Label, bool CommentRequired);

public sealed record FieldView(FormField Field, JsonNode? Value);

public sealed record SignerView(string UserName, string? DisplayName, int Sequence, string Status, string? Decision, LocalizedText? DecisionLabel, string? Comment, DateTime? DecidedAt, string? AddedBy);

public sealed record CopyView(string UserName, string? DisplayName, string CopiedBy, DateTime CreatedAt, DateTime? ReadAt);

/// <summary>Everything the task page and GET /api/tasks/{id} show, for one viewer.</summary>
public sealed record TaskDetail(
    TaskRecord Task,
    TaskRights Rights,
    DueState DueState,
    string? InstanceStatus,
    IReadOnlyDictionary<string, string> Names,
    string? CandidateRoleName,
    IReadOnlyList<OutcomeChoice> Outcomes,
    IReadOnlyList<FieldView> Fields,
    JsonObject? Context,
    JsonObject? Delegation,
    CountersignSettings? Countersign,
    IReadOnlyList<SignerView> Signers,
    IReadOnlyList<CopyView> Copies,
    IReadOnlyList<AttachmentInfo> Attachments,
    IReadOnlyList<TimelineEntry> Timeline,
    IReadOnlyList<ReturnTarget> ReturnTargets,
    DateTime? NextUrgeAt)
{
    public string Name(string? userName) => userName is null ? "" : Names.GetValueOrDefault(userName, userName);
}

/// <summary>Builds <see cref="TaskDetail"/>; opening a task one was copied on marks it read (已阅).</summary>
public sealed class TaskDetails(WorkflowsDbContext db, TimeProvider clock, InstanceAudit audit, Attachments attachments, CarbonCopyTask copies, InboxKit kit)
{
    public async Task<TaskDetail?> GetAsync(string taskId, Actor actor, bool english, CancellationToken cancellationToken)
    {
        var context = await TaskContext.LoadAsync(db, taskId, actor, tracking: false, cancellationToken);
        if (context is null) return null;
        var rights = TaskAccess.Rights(context, actor);
        if (!rights.Can(TaskRights.View)) return null;
        await copies.MarkReadAsync(context, actor, cancellationToken);

        var task = context.Task;
        var instance = await db.Instances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == task.InstanceId, cancellationToken);
        var variables = TaskForm.Variables(instance);
        var commentRequired = TaskJson.CommentRequiredFor(task);
        var outcomes = TaskJson.Outcomes(task).Select(o => new OutcomeChoice(o, TaskJson.OutcomeLabel(task, o), commentRequired.Contains(o, StringComparer.Ordinal))).ToList();
        var submitted = task.FormDataJson is null ? null : ValueConversion.TryParse(task.FormDataJson) as JsonObject;
        var delegation = TaskJson.Delegation(task);
        var proposed = delegation?.GetObject("formData");
        var fields = TaskForm.Fields(task).Where(f => f.Mode != FieldMode.Hidden).Select(f => new FieldView(f,
            f.Mode == FieldMode.Editable
                ? submitted?[f.Name]?.DeepClone() ?? proposed?[f.Name]?.DeepClone() ?? f.Value?.DeepClone()
                : TaskForm.CurrentValue(f, variables)?.DeepClone())).ToList();

        var cc = await db.CarbonCopies().AsNoTracking().Where(c => c.TaskId == task.Id).OrderBy(c => c.CreatedAt).ToListAsync(cancellationToken);
        var timeline = await audit.TimelineAsync(task.InstanceId, cancellationToken);
        var returnTargets = rights.Can(TaskRights.Return) ? await ReturnTask.TargetsAsync(db, task, cancellationToken) : [];
        var people = new List<string?> { task.InitiatedBy, task.Assignee, task.Owner, task.CompletedBy };
        people.AddRange(TaskJson.Assignees(task));
        people.AddRange(context.Signers.Select(s => s.UserName));
        people.AddRange(cc.SelectMany(c => new[] { c.UserName, c.CopiedBy }));
        people.Add(delegation?.GetString("delegate"));
        var names = await InboxUsers.DisplayNamesAsync(db, people, cancellationToken);

        return new TaskDetail(
            task,
            rights,
            DueStates.Of(task, clock.GetUtcNow().UtcDateTime),
            instance?.SubStatus,
            names,
            task.CandidateRole is null ? null : await InboxUsers.RoleNameAsync(db, task.CandidateRole, english, cancellationToken),
            outcomes,
            fields,
            TaskJson.Context(task),
            delegation,
            CountersignSettings.FromTask(task),
            context.Signers.Select(s => new SignerView(s.UserName, names.GetValueOrDefault(s.UserName), s.Sequence, s.Status, s.Decision,
                s.Decision is null ? null : TaskJson.OutcomeLabel(task, s.Decision), s.Comment, s.DecidedAt, s.AddedBy)).ToList(),
            cc.Select(c => new CopyView(c.UserName, names.GetValueOrDefault(c.UserName), c.CopiedBy, c.CreatedAt, c.ReadAt)).ToList(),
            await attachments.ListForInstanceAsync(task.InstanceId, cancellationToken),
            timeline,
            returnTargets,
            task.LastUrgedAt is { } last && last + kit.Options.UrgeInterval > clock.GetUtcNow().UtcDateTime ? last + kit.Options.UrgeInterval : null);
    }
}
