using System.Text.Json.Nodes;
using Workflows.Engine.Execution;
using Workflows.Runtime.Persistence;

namespace Workflows.Server.Elsa;

/// <summary>Maps our records to Elsa's wire shapes (camelCase, string enums, collections never null).</summary>
public static class ElsaModels
{
    public static JsonObject WorkflowState(WorkflowState state) => new()
    {
        ["id"] = state.InstanceId,
        ["definitionId"] = state.DefinitionId,
        ["definitionVersionId"] = state.DefinitionVersionId,
        ["definitionVersion"] = state.DefinitionVersion,
        ["correlationId"] = state.CorrelationId,
        ["name"] = state.Name,
        ["status"] = state.Status.ToString(),
        ["subStatus"] = state.SubStatus.ToString(),
        ["bookmarks"] = new JsonArray(state.Bookmarks.Select(b => (JsonNode)new JsonObject
        {
            ["id"] = b.Id,
            ["name"] = b.Kind,
            ["hash"] = b.Name,
            ["activityId"] = b.ActivityId,
            ["activityNodeId"] = b.NodeId,
            ["activityInstanceId"] = b.ActivityExecutionId,
            ["createdAt"] = b.CreatedAt,
            ["payload"] = b.Payload?.DeepClone(),
            ["metadata"] = new JsonObject { ["dueAt"] = b.DueAt?.ToString("O") },
        }).ToArray()),
        ["incidents"] = new JsonArray(state.Incidents.Select(Incident).ToArray()),
        ["fault"] = state.FaultMessage is null ? null : new JsonObject { ["message"] = state.FaultMessage },
        ["completionCallbacks"] = new JsonArray(),
        ["activityExecutionContexts"] = new JsonArray(state.Activities.Select(a => (JsonNode)new JsonObject
        {
            ["id"] = a.Id,
            ["parentContextId"] = a.ParentId,
            ["scheduledActivityNodeId"] = a.NodeId,
            ["status"] = a.Status.ToString(),
            ["tag"] = a.Tag,
            ["properties"] = a.Properties.DeepClone(),
            ["startedAt"] = a.StartedAt,
        }).ToArray()),
        ["input"] = state.Input.DeepClone(),
        ["output"] = state.Output.DeepClone(),
        ["properties"] = new JsonObject { ["variables"] = state.Variables.DeepClone() },
        ["createdAt"] = state.CreatedAt,
        ["updatedAt"] = state.UpdatedAt,
        ["finishedAt"] = state.FinishedAt,
    };

    public static JsonNode Incident(IncidentState i) => new JsonObject
    {
        ["activityId"] = i.ActivityId,
        ["activityNodeId"] = i.ActivityNodeId,
        ["activityType"] = i.ActivityType,
        ["message"] = i.Message,
        ["exception"] = i.Exception is null ? null : new JsonObject { ["type"] = i.Exception.Type, ["message"] = i.Exception.Message, ["stackTrace"] = i.Exception.StackTrace },
        ["timestamp"] = i.Timestamp,
    };

    public static JsonObject InstanceSummary(InstanceRecord i) => new()
    {
        ["id"] = i.Id,
        ["definitionId"] = i.DefinitionId,
        ["definitionVersionId"] = i.DefinitionVersionId,
        ["version"] = i.DefinitionVersion,
        ["status"] = i.Status,
        ["subStatus"] = i.SubStatus,
        ["correlationId"] = i.CorrelationId,
        ["name"] = i.Name,
        ["incidentCount"] = i.IncidentCount,
        ["createdAt"] = new DateTimeOffset(i.CreatedAt, TimeSpan.Zero),
        ["updatedAt"] = new DateTimeOffset(i.UpdatedAt, TimeSpan.Zero),
        ["finishedAt"] = i.FinishedAt is { } f ? new DateTimeOffset(f, TimeSpan.Zero) : null,
    };
}
