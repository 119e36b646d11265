using System.Text.Json.Nodes;
using Workflows.Engine.Model;
using Workflows.Engine.Services;
using Workflows.Runtime.Execution;
using Workflows.Runtime.Inbox;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Mail.Outbox;

/// <summary>
/// Queues a "task assigned" mail for every new task, in the burst's transaction: to its assignees, or to every
/// holder of its candidate role when it is offered to a role. The key is the task's, so a burst that is retried
/// queues it once.
/// </summary>
public sealed class TaskAssignedMails : ITaskCreatedHandler
{
    public async ValueTask OnCreatedAsync(TaskRecord task, HumanTaskRequest request, BurstUnitOfWork unitOfWork, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> to = request.Assignees.Count > 0
            ? request.Assignees
            : string.IsNullOrWhiteSpace(request.CandidateRole) ? [] : [RecipientResolver.RolePrefix + request.CandidateRole];
        if (to.Count == 0) return;

        var model = new JsonObject
        {
            ["processName"] = task.ProcessName ?? task.DefinitionId,
            ["taskTitle"] = task.Title,
            ["link"] = Links.Task(task.Id),
        };
        if (InstanceTitle(request.Context) is { } title) model["instanceTitle"] = title;
        if (task.DueAt is { } due) model["dueDate"] = new DateTimeOffset(DateTime.SpecifyKind(due, DateTimeKind.Utc)).ToString("O");

        await unitOfWork.EnqueueAsync(new MailRequest
        {
            InstanceId = task.InstanceId,
            IdempotencyKey = $"task-assigned:{task.Id}",
            To = to,
            Template = "taskAssigned",
            Model = model,
        }, cancellationToken);
    }

    /// <summary>What the application is called, when the task's context says (title, instanceTitle or applicationTitle).</summary>
    private static string? InstanceTitle(JsonObject? context) =>
        context is null ? null
            : new[] { "instanceTitle", "title", "applicationTitle" }.Select(k => context[k]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? context.GetString(k) : null)
                .FirstOrDefault(t => !string.IsNullOrWhiteSpace(t));
}
