using System.Security.Claims;
using System.Text.Json.Nodes;
using Workflows.Runtime.Inbox;
using Workflows.Server.Hosting;

namespace Workflows.Server.Api.Tasks;

/// <summary>GET /api/tasks/{id} (opening it marks a CC read), its timeline and its return targets.</summary>
internal static class TaskDetailEndpoints
{
    public static void MapTaskDetail(this RouteGroupBuilder tasks)
    {
        tasks.MapGet("/{id}", async (string id, ClaimsPrincipal user, TaskDetails details, CancellationToken ct) =>
            await details.GetAsync(id, user.Actor(), Ui.IsEnglish, ct) is { } detail ? Results.Ok(ToJson(detail)) : NotFound());

        tasks.MapGet("/{id}/timeline", async (string id, ClaimsPrincipal user, TaskService service, InstanceAudit audit, CancellationToken ct) =>
            await service.FindVisibleAsync(id, user.Actor(), ct) is { } task
                ? Results.Ok(InboxHttp.Array((await audit.TimelineAsync(task.InstanceId, ct)).Select(e => (JsonNode?)Timeline(e))))
                : NotFound());

        tasks.MapGet("/{id}/return-targets", async (string id, ClaimsPrincipal user, TaskService service, Workflows.Runtime.Persistence.WorkflowsDbContext db, CancellationToken ct) =>
            await service.FindVisibleAsync(id, user.Actor(), ct) is { } task
                ? Results.Ok(InboxHttp.Array((await ReturnTask.TargetsAsync(db, task, ct)).Select(t => (JsonNode?)new JsonObject
                {
                    ["activityId"] = t.ActivityId,
                    ["step"] = t.StepName,
                    ["completedBy"] = t.CompletedBy,
                    ["completedByName"] = t.CompletedByName,
                    ["isApplicant"] = t.IsApplicant,
                })))
                : NotFound());
    }

    private static IResult NotFound() => Security.Problems.Result(StatusCodes.Status404NotFound, Ui.T("待办不存在或您无权查看。", "The task does not exist or is not visible to you."));

    public static JsonObject Timeline(TimelineEntry e) => new()
    {
        ["id"] = e.Id,
        ["at"] = e.At,
        ["action"] = e.Action,
        ["actionLabel"] = new JsonObject { ["zh"] = e.ActionLabelZh, ["en"] = e.ActionLabelEn },
        ["actor"] = e.Actor,
        ["actorName"] = e.ActorName,
        ["outcome"] = e.Outcome,
        ["outcomeLabel"] = e.Outcome is null ? null : new JsonObject { ["zh"] = e.OutcomeLabelZh, ["en"] = e.OutcomeLabelEn },
        ["comment"] = e.Comment,
        ["taskId"] = e.TaskId,
        ["taskTitle"] = e.TaskTitle,
        ["details"] = e.Details?.DeepClone(),
    };

    private static JsonObject ToJson(TaskDetail d)
    {
        var t = d.Task;
        var rights = new JsonObject();
        foreach (var right in Enum.GetValues<TaskRights>().Where(r => r is not (TaskRights.None or TaskRights.View)))
            rights[Workflows.Engine.Model.EngineJson.Camelize(right.ToString())] = d.Rights.Can(right);
        return new JsonObject
        {
            ["id"] = t.Id,
            ["instanceId"] = t.InstanceId,
            ["activityId"] = t.ActivityId,
            ["title"] = t.Title,
            ["description"] = t.Description,
            ["processName"] = t.ProcessName,
            ["definitionId"] = t.DefinitionId,
            ["step"] = t.StepName,
            ["status"] = t.Status,
            ["instanceStatus"] = d.InstanceStatus,
            ["initiator"] = t.InitiatedBy,
            ["initiatorName"] = t.InitiatedBy is null ? null : d.Name(t.InitiatedBy),
            ["assignees"] = InboxHttp.Parse(t.AssigneesJson),
            ["assignee"] = t.Assignee,
            ["candidateRole"] = t.CandidateRole,
            ["candidateRoleName"] = d.CandidateRoleName,
            ["owner"] = t.Owner,
            ["delegationState"] = t.DelegationState,
            ["delegation"] = d.Delegation?.DeepClone(),
            ["outcomes"] = InboxHttp.Array(d.Outcomes.Select(o => (JsonNode?)new JsonObject
            {
                ["value"] = o.Value,
                ["label"] = InboxHttp.Labels(o.Label),
                ["commentRequired"] = o.CommentRequired,
            })),
            ["outcomeLabels"] = InboxHttp.Parse(t.OutcomeLabelsJson),
            ["commentRequiredFor"] = InboxHttp.Parse(t.CommentRequiredForJson),
            ["form"] = InboxHttp.Array(d.Fields.Select(f => (JsonNode?)new JsonObject
            {
                ["name"] = f.Field.Name,
                ["label"] = f.Field.Label,
                ["type"] = f.Field.Type,
                ["required"] = f.Field.Required,
                ["mode"] = f.Field.Mode.ToString().ToLowerInvariant(),
                ["options"] = InboxHttp.Array(f.Field.Options.Select(o => (JsonNode?)new JsonObject { ["value"] = o.Value, ["label"] = o.Label })),
                ["value"] = f.Value?.DeepClone(),
            })),
            ["context"] = d.Context?.DeepClone(),
            ["branchId"] = t.BranchId,
            ["priority"] = t.Priority,
            ["createdAt"] = t.CreatedAt,
            ["dueAt"] = t.DueAt,
            ["dueState"] = InboxHttp.DueState(d.DueState),
            ["completedAt"] = t.CompletedAt,
            ["completedBy"] = t.CompletedBy,
            ["outcome"] = t.Outcome,
            ["comment"] = t.Comment,
            ["formData"] = InboxHttp.Parse(t.FormDataJson),
            ["countersign"] = d.Countersign is not { } cs ? null : new JsonObject
            {
                ["mode"] = cs.Mode.ToString().ToLowerInvariant(),
                ["ratio"] = cs.Ratio,
                ["order"] = cs.Order.ToString().ToLowerInvariant(),
                ["rejectRule"] = cs.RejectRule == CountersignRejectRule.AnyReject ? "anyReject" : "afterAll",
                ["signers"] = InboxHttp.Array(d.Signers.Select(s => (JsonNode?)new JsonObject
                {
                    ["userName"] = s.UserName,
                    ["displayName"] = s.DisplayName,
                    ["sequence"] = s.Sequence,
                    ["status"] = s.Status,
                    ["decision"] = s.Decision,
                    ["comment"] = s.Comment,
                    ["decidedAt"] = s.DecidedAt,
                    ["addedBy"] = s.AddedBy,
                })),
            },
            ["carbonCopies"] = InboxHttp.Array(d.Copies.Select(c => (JsonNode?)new JsonObject
            {
                ["userName"] = c.UserName,
                ["displayName"] = c.DisplayName,
                ["copiedBy"] = c.CopiedBy,
                ["createdAt"] = c.CreatedAt,
                ["readAt"] = c.ReadAt,
            })),
            ["attachments"] = InboxHttp.Array(d.Attachments.Select(a => (JsonNode?)new JsonObject
            {
                ["id"] = a.Id,
                ["taskId"] = a.TaskId,
                ["fileName"] = a.FileName,
                ["contentType"] = a.ContentType,
                ["size"] = a.Size,
                ["uploadedBy"] = a.UploadedBy,
                ["uploadedAt"] = a.UploadedAt,
            })),
            ["timeline"] = InboxHttp.Array(d.Timeline.Select(e => (JsonNode?)Timeline(e))),
            ["returnTargets"] = InboxHttp.Array(d.ReturnTargets.Select(r => (JsonNode?)new JsonObject { ["activityId"] = r.ActivityId, ["step"] = r.StepName, ["isApplicant"] = r.IsApplicant })),
            ["rights"] = rights,
        };
    }
}
