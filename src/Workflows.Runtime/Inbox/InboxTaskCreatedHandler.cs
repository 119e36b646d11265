using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Workflows.Engine.Activities;
using Workflows.Engine.Model;
using Workflows.Engine.Services;
using Workflows.Runtime.Execution;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Inbox;

/// <summary>
/// Completes a new task in the burst's transaction with what the inbox needs: the step's display name, the branch,
/// the due-warning and first-reminder times, the candidates of a task offered to several people, and the signer
/// items of a countersign task. A countersign that cannot work (bad settings, no signers, unknown users) faults the
/// activity with a message instead of creating a task nobody can finish.
/// </summary>
public sealed class InboxTaskCreatedHandler(GraphCache graphs, IIdGenerator ids, IOptions<InboxOptions> options) : ITaskCreatedHandler
{
    public async ValueTask OnCreatedAsync(TaskRecord task, HumanTaskRequest request, BurstUnitOfWork unitOfWork, CancellationToken cancellationToken)
    {
        var db = unitOfWork.Db;
        if (unitOfWork.Instance is { } instance)
        {
            var graph = await graphs.GetAsync(db, instance.SnapshotHash, cancellationToken);
            if (graph.TryGetNode(request.ActivityNodeId, out var node)) task.StepName = Truncate(node.Label, 512);
        }
        task.BranchId = request.Context?.GetString("branchId") is { Length: > 0 } branch ? Truncate(branch, Persistence.RuntimeModel.KeyLength) : null;
        task.WarnAt = DueStates.WarnAt(task.CreatedAt, task.DueAt, options.Value);
        task.NextReminderAt = TaskDeadlines.NextReminder(task, TaskJson.RemindBefore(task), after: task.CreatedAt);

        if (request.Countersign is { } countersign)
        {
            try
            {
                await CreateSignersAsync(task, request, countersign, db, cancellationToken);
            }
            catch (ActivityFaultException)
            {
                // The activity faults; the task must not stay behind as an open task without a bookmark.
                foreach (var entry in db.ChangeTracker.Entries<SignerRecord>().Where(e => e.Entity.TaskId == task.Id).ToList()) entry.State = Microsoft.EntityFrameworkCore.EntityState.Detached;
                db.Entry(task).State = Microsoft.EntityFrameworkCore.EntityState.Detached;
                unitOfWork.CreatedTasks.Remove(task);
                throw;
            }
            return;
        }
        if (request.Assignees.Count > 1)
            db.Candidates().AddRange(request.Assignees.Distinct(StringComparer.Ordinal).Select(n => new CandidateRecord { TaskId = task.Id, UserName = n }));
    }

    private async Task CreateSignersAsync(TaskRecord task, HumanTaskRequest request, JsonObject json, WorkflowsDbContext db, CancellationToken cancellationToken)
    {
        var (settings, error) = CountersignSettings.Parse(json, request.Outcomes);
        if (settings is null) throw new ActivityFaultException($"会签设置有误：{error}");
        IReadOnlyList<string> signers = settings.Signers.Count > 0 ? settings.Signers
            : request.Assignees.Count > 0 ? request.Assignees.Distinct(StringComparer.Ordinal).ToList()
            : request.CandidateRole is { } role ? await InboxUsers.HoldersAsync(db, role, cancellationToken)
            : [];
        if (signers.Count == 0)
            throw new ActivityFaultException($"会签待办“{task.Title}”没有会签人（角色 {request.CandidateRole} 无成员？）。 / Countersign task \"{task.Title}\" has no signers.");
        var unknown = await InboxUsers.UnknownAsync(db, signers.ToList(), cancellationToken);
        if (unknown.Count > 0)
            throw new ActivityFaultException($"会签人不存在或已停用：{string.Join("、", unknown)}。 / Unknown signers: {string.Join(", ", unknown)}.");

        for (var i = 0; i < signers.Count; i++)
        {
            db.Signers().Add(new SignerRecord
            {
                Id = ids.NewId(),
                TaskId = task.Id,
                InstanceId = task.InstanceId,
                UserName = signers[i],
                Sequence = i + 1,
                Status = settings.Order == CountersignOrder.Parallel || i == 0 ? SignerStatuses.Pending : SignerStatuses.Waiting,
                CreatedAt = task.CreatedAt,
            });
        }
        // The signers are who the task is with; nobody holds it alone and the role pool does not apply.
        task.AssigneesJson = EngineJson.Write(new JsonArray(signers.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()));
        task.Assignee = null;
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
