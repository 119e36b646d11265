using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workflows.Engine.Model;
using Workflows.Runtime.Inbox;
using Workflows.Runtime.Persistence;
using Workflows.Server.Auth;

namespace Workflows.Server.Api;

/// <summary>The inbox API: an approver's to-do list, one task, and completing it.</summary>
public static class TaskEndpoints
{
    public static void MapTaskEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/tasks").RequireAuthorization();

        group.MapGet("/", async (ClaimsPrincipal user, TaskService tasks, WorkflowsDbContext db, string? view, int? page, int? pageSize, CancellationToken ct) =>
        {
            var actor = user.ToActor();
            var query = (view ?? "todo") switch
            {
                "done" => db.Tasks.AsNoTracking().Where(t => t.CompletedBy == actor.UserName),
                "started" => db.Tasks.AsNoTracking().Where(t => t.InitiatedBy == actor.UserName),
                _ => tasks.ToDo(actor),
            };
            var size = Math.Clamp(pageSize ?? 20, 1, 200);
            var index = Math.Max(page ?? 0, 0);
            var total = await query.CountAsync(ct);
            var items = await query.OrderByDescending(t => t.Priority).ThenBy(t => t.DueAt == null).ThenBy(t => t.DueAt).ThenByDescending(t => t.CreatedAt)
                .Skip(index * size).Take(size).ToListAsync(ct);
            return Results.Ok(new { items = items.Select(Summary), totalCount = total, page = index, pageSize = size });
        });

        group.MapGet("/{id}", async (string id, ClaimsPrincipal user, TaskService tasks, CancellationToken ct) =>
            await tasks.FindVisibleAsync(id, user.ToActor(), ct) is { } task ? Results.Ok(Detail(task)) : Results.NotFound());

        group.MapPost("/{id}/complete", async (string id, HttpRequest request, ClaimsPrincipal user, TaskService tasks, CancellationToken ct) =>
        {
            var (body, error) = await HttpResults.ReadJsonAsync(request, ct);
            if (error is not null) return error;
            if (body is not JsonObject json || json.GetString("outcome") is not { Length: > 0 } outcome)
                return HttpResults.BadRequest("缺少办理结果", "请求中必须包含 outcome。 / The request must contain an outcome.");
            if (json["formData"] is not null and not JsonObject)
                return HttpResults.BadRequest("表单数据格式错误", "formData 必须是对象。 / formData must be an object.");

            var outcomeResult = await tasks.CompleteAsync(new CompleteTaskCommand(id, outcome, json.GetString("comment"), json["formData"] as JsonObject), user.ToActor(), ct);
            if (!outcomeResult.Succeeded) return HttpResults.Failure(outcomeResult);
            return Results.Ok(new
            {
                taskId = id,
                instanceId = outcomeResult.InstanceId,
                status = outcomeResult.State?.Status.ToString(),
                subStatus = outcomeResult.State?.SubStatus.ToString(),
            });
        });
    }

    private static object Summary(TaskRecord t) => new
    {
        id = t.Id,
        instanceId = t.InstanceId,
        title = t.Title,
        processName = t.ProcessName,
        definitionId = t.DefinitionId,
        status = t.Status,
        assignee = t.Assignee,
        candidateRole = t.CandidateRole,
        dueAt = t.DueAt,
        createdAt = t.CreatedAt,
        completedAt = t.CompletedAt,
        completedBy = t.CompletedBy,
        outcome = t.Outcome,
        priority = t.Priority,
    };

    private static object Detail(TaskRecord t) => new
    {
        id = t.Id,
        instanceId = t.InstanceId,
        activityId = t.ActivityId,
        title = t.Title,
        description = t.Description,
        processName = t.ProcessName,
        definitionId = t.DefinitionId,
        status = t.Status,
        assignees = JsonNode.Parse(t.AssigneesJson),
        assignee = t.Assignee,
        candidateRole = t.CandidateRole,
        outcomes = JsonNode.Parse(t.OutcomesJson),
        outcomeLabels = t.OutcomeLabelsJson is null ? null : JsonNode.Parse(t.OutcomeLabelsJson),
        commentRequiredFor = t.CommentRequiredForJson is null ? null : JsonNode.Parse(t.CommentRequiredForJson),
        form = t.FormJson is null ? null : JsonNode.Parse(t.FormJson),
        context = t.ContextJson is null ? null : JsonNode.Parse(t.ContextJson),
        dueAt = t.DueAt,
        createdAt = t.CreatedAt,
        completedAt = t.CompletedAt,
        completedBy = t.CompletedBy,
        outcome = t.Outcome,
        comment = t.Comment,
        formData = t.FormDataJson is null ? null : JsonNode.Parse(t.FormDataJson),
    };
}
