using System.Security.Claims;
using System.Text.Json.Nodes;
using Workflows.Engine.Model;
using Workflows.Runtime.Definitions;
using Workflows.Runtime.Execution;
using Workflows.Server.Api;
using Workflows.Server.Auth;
using Workflows.Server.Security;

namespace Workflows.Server.Elsa.WorkflowDefinitions;

/// <summary>
/// POST /workflow-definitions/{definitionId}/execute and /dispatch. Body:
/// <c>{correlationId, triggerActivityId, versionOptions, input}</c>. An <c>Idempotency-Key</c> header (our
/// extension) makes a retried start return the first instance instead of starting a second.
/// </summary>
public static class ExecuteEndpoints
{
    public const string InstanceIdHeader = "x-elsa-workflow-instance-id";
    public const string CannotStartHeader = "x-elsa-workflow-cannot-start";

    public static void MapExecuteEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/workflow-definitions/{definitionId}/execute", (string definitionId, HttpContext http, WorkflowRuntime runtime, DefinitionStore definitions, ApplicantRules applicants, CancellationToken ct) =>
            RunAsync(definitionId, http, runtime, definitions, applicants, dispatch: false, ct));
        api.MapPost("/workflow-definitions/{definitionId}/dispatch", (string definitionId, HttpContext http, WorkflowRuntime runtime, DefinitionStore definitions, ApplicantRules applicants, CancellationToken ct) =>
            RunAsync(definitionId, http, runtime, definitions, applicants, dispatch: true, ct));
    }

    private static async Task<IResult> RunAsync(string definitionId, HttpContext http, WorkflowRuntime runtime, DefinitionStore definitions, ApplicantRules applicants, bool dispatch, CancellationToken ct)
    {
        var (body, error) = await HttpResults.ReadJsonAsync(http.Request, ct);
        if (error is not null) return error;
        var json = body as JsonObject ?? [];
        if (body is not null and not JsonObject) return HttpResults.BadRequest("请求格式错误", "请求内容必须是 JSON 对象。 / The body must be a JSON object.");
        if (json["input"] is not null and not JsonObject) return HttpResults.BadRequest("输入格式错误", "input 必须是 JSON 对象。 / input must be a JSON object.");

        VersionOptions versionOptions;
        try
        {
            versionOptions = VersionOptions.Parse(json.GetString("versionOptions"), VersionOptions.Published);
        }
        catch (FormatException ex)
        {
            return HttpResults.BadRequest("versionOptions 无效", ex.Message);
        }

        // Who may start it is the definition's own declaration (customProperties.startRoles); an unknown definition
        // falls through to the runtime's 404.
        // customProperties.startApplicant then limits an applicant to their own unit or branch.
        if (await definitions.FindAsync(definitionId, versionOptions, ct) is { } definition)
        {
            if (!StartPermissions.MayStart(definition, http.User)) return StartPermissions.Refusal();
            if (await applicants.RefusalAsync(definition, http.User, json["input"] as JsonObject, ct) is { } refusal)
                return Problems.Result(StatusCodes.Status403Forbidden, refusal);
        }

        var request = new StartWorkflowRequest
        {
            DefinitionId = definitionId,
            VersionOptions = versionOptions,
            Input = json["input"]?.DeepClone() as JsonObject,
            CorrelationId = json.GetString("correlationId"),
            TriggerActivityId = json.GetString("triggerActivityId"),
            IdempotencyKey = http.Request.Headers["Idempotency-Key"].FirstOrDefault() is { Length: > 0 } key ? key : null,
            InitiatedBy = http.User.ToActor().UserName,
        };
        var outcome = dispatch ? await runtime.DispatchAsync(request, ct) : await runtime.StartAsync(request, ct);
        if (!outcome.Succeeded)
        {
            if (outcome.Status == RunStatus.NotFound) http.Response.Headers[CannotStartHeader] = "true";
            return HttpResults.Failure(outcome);
        }

        http.Response.Headers[InstanceIdHeader] = outcome.InstanceId;
        if (dispatch) return Results.Ok(new { workflowInstanceId = outcome.InstanceId });
        // An applicant learns that the process started, not its variables (names, votes, other people's data).
        if (!StartPermissions.SeesState(http.User))
            return Results.Ok(new JsonObject
            {
                ["workflowInstanceId"] = outcome.InstanceId,
                ["status"] = outcome.Instance?.Status ?? outcome.State?.Status.ToString(),
                ["existing"] = outcome.Status == RunStatus.Existing,
            });
        var state = outcome.State ?? (outcome.Instance is { } instance ? StateSerializer.Deserialize(instance.StateJson) : null);
        return Results.Ok(new JsonObject
        {
            ["workflowState"] = state is null ? null : ElsaModels.WorkflowState(state),
            ["existing"] = outcome.Status == RunStatus.Existing,
        });
    }
}
