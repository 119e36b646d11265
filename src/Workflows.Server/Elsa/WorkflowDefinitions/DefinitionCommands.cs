using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workflows.Engine.Activities;
using Workflows.Engine.Model;
using Workflows.Runtime.Definitions;
using Workflows.Runtime.Persistence;
using Workflows.Server.Auth;

namespace Workflows.Server.Elsa.WorkflowDefinitions;

/// <summary>
/// Changing definitions (secretariat only): save and publish, publish, retract, revert, delete, and their bulk
/// forms. Every change goes through <see cref="DefinitionStore"/>, which validates first and changes nothing when
/// the definition would not run; the bulk forms run in one transaction so that one bad item changes nothing either.
/// </summary>
public static class DefinitionCommands
{
    public static void MapDefinitionCommands(this RouteGroupBuilder api)
    {
        api.MapPost("/workflow-definitions", SaveAsync);

        api.MapPost("/workflow-definitions/{definitionId}/publish", async (string definitionId, HttpContext http, DefinitionStore store, ActivityRegistry registry, CancellationToken ct) =>
        {
            var result = await store.PublishAsync(definitionId, http.User.ToActor().UserName, ct);
            if (result.Succeeded) return SaveResponse(result.Record!, result.AlreadyPublished, registry);
            return result.Messages.Any(m => m.Code == "definition.notFound")
                ? ElsaJson.NotFound($"流程定义 {definitionId} 不存在", $"Definition {definitionId} does not exist")
                : ElsaJson.Invalid(result.Messages);
        });

        api.MapPost("/workflow-definitions/{definitionId}/retract", async (string definitionId, DefinitionStore store, ActivityRegistry registry, CancellationToken ct) =>
            await store.RetractAsync(definitionId, ct) is { } record
                ? ElsaJson.Ok(DefinitionWire.ToWire(record, registry))
                : ElsaJson.Invalid("无法撤销发布 / Cannot unpublish", [$"流程定义 {definitionId} 没有已发布的版本。 / Definition {definitionId} has no published version."]));

        api.MapPost("/workflow-definitions/{definitionId}/revert/{version:int}", async (string definitionId, int version, HttpContext http, DefinitionStore store, CancellationToken ct) =>
            await store.RevertAsync(definitionId, version, http.User.ToActor().UserName, ct) is { } record
                ? ElsaJson.Ok(DefinitionWire.Summary(record))
                : ElsaJson.NotFound($"流程定义 {definitionId} 没有第 {version} 版", $"Definition {definitionId} has no version {version}"));

        // Studio treats a 404 here as "already gone" (§4.1).
        api.MapDelete("/workflow-definitions/{definitionId}", async (string definitionId, DefinitionStore store, CancellationToken ct) =>
            await store.DeleteAsync(definitionId, ct) > 0
                ? Results.NoContent()
                : ElsaJson.NotFound($"流程定义 {definitionId} 不存在", $"Definition {definitionId} does not exist"));

        api.MapDelete("/workflow-definition-versions/{id}", async (string id, DefinitionStore store, CancellationToken ct) =>
            await store.DeleteVersionAsync(id, ct)
                ? Results.NoContent()
                : ElsaJson.NotFound($"流程定义版本 {id} 不存在", $"Definition version {id} does not exist"));

        api.MapPost("/bulk-actions/delete/workflow-definitions/by-definition-id", async (HttpRequest request, DefinitionStore store, CancellationToken ct) =>
        {
            var (body, error) = await ElsaJson.ReadObjectAsync(request, ct);
            if (error is not null) return error;
            await using var transaction = await store.BeginBatchAsync(ct);
            var deleted = 0;
            foreach (var definitionId in ElsaJson.Strings(body!, "definitionIds").Distinct(StringComparer.Ordinal))
                if (await store.DeleteAsync(definitionId, ct) > 0) deleted++;
            await transaction.CommitAsync(ct);
            return ElsaJson.Ok(new JsonObject { ["deleted"] = deleted });
        });

        api.MapPost("/bulk-actions/delete/workflow-definitions/by-id", async (HttpRequest request, DefinitionStore store, CancellationToken ct) =>
        {
            var (body, error) = await ElsaJson.ReadObjectAsync(request, ct);
            if (error is not null) return error;
            await using var transaction = await store.BeginBatchAsync(ct);
            var deleted = 0;
            foreach (var id in ElsaJson.Strings(body!, "ids").Distinct(StringComparer.Ordinal))
                if (await store.DeleteVersionAsync(id, ct)) deleted++;
            await transaction.CommitAsync(ct);
            return ElsaJson.Ok(new JsonObject { ["deleted"] = deleted });
        });

        api.MapPost("/bulk-actions/publish/workflow-definitions/by-definition-ids", BulkPublishAsync);
        api.MapPost("/bulk-actions/retract/workflow-definitions/by-definition-ids", BulkRetractAsync);

        // Children are started by definition id and always run its published version: no reference to update.
        api.MapPost("/workflow-definitions/{definitionId}/update-references", () => ElsaJson.Ok(new JsonObject { ["affectedWorkflows"] = new JsonArray() }));
    }

    /// <summary>POST /workflow-definitions <c>{model, publish}</c>: save the draft (and publish it when asked).</summary>
    private static async Task<IResult> SaveAsync(HttpContext http, DefinitionStore store, ActivityRegistry registry, CancellationToken ct)
    {
        var (body, error) = await ElsaJson.ReadObjectAsync(http.Request, ct);
        if (error is not null) return error;
        if (body!["model"] is not JsonObject model)
            return ElsaJson.Invalid("请求格式错误 / Malformed request", ["请求缺少 model（流程定义）。 / The request has no model (the workflow definition)."]);
        if (body["publish"] is JsonNode publishNode && publishNode.GetValueKind() is not (System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False or System.Text.Json.JsonValueKind.Null))
            return ElsaJson.Invalid("请求格式错误 / Malformed request", ["publish 必须是 true 或 false。 / publish must be true or false."]);
        var publish = body.GetBool("publish") ?? false;

        var result = await store.SaveAsync(DefinitionWire.FromWire(model), publish, source: "designer", user: http.User.ToActor().UserName, cancellationToken: ct);
        if (!result.Succeeded) return ElsaJson.Invalid(result.Messages);
        return SaveResponse(result.Record!, alreadyPublished: false, registry, result.Messages);
    }

    /// <summary>
    /// SaveWorkflowDefinitionResponse (§5.4). Warnings (what would stop a publish) go to validationErrors, which Studio
    /// ignores. consumingWorkflowCount stays 0: parents start children by definition id, so none was updated.
    /// </summary>
    private static IResult SaveResponse(DefinitionRecord record, bool alreadyPublished, ActivityRegistry registry, IEnumerable<Engine.Validation.ValidationMessage>? messages = null) =>
        ElsaJson.Ok(new JsonObject
        {
            ["workflowDefinition"] = DefinitionWire.ToWire(record, registry),
            ["alreadyPublished"] = alreadyPublished,
            ["consumingWorkflowCount"] = 0,
            ["validationErrors"] = ElsaJson.StringArray((messages ?? []).Select(ElsaJson.Text)),
        });

    private static async Task<IResult> BulkPublishAsync(HttpContext http, DefinitionStore store, CancellationToken ct)
    {
        var (body, error) = await ElsaJson.ReadObjectAsync(http.Request, ct);
        if (error is not null) return error;
        List<string> published = [], already = [], notFound = [];
        await using var transaction = await store.BeginBatchAsync(ct);
        foreach (var definitionId in ElsaJson.Strings(body!, "definitionIds").Distinct(StringComparer.Ordinal))
        {
            var result = await store.PublishAsync(definitionId, http.User.ToActor().UserName, ct);
            if (result.Succeeded)
            {
                (result.AlreadyPublished ? already : published).Add(definitionId);
            }
            else if (result.Messages.Any(m => m.Code == "definition.notFound"))
            {
                notFound.Add(definitionId);
            }
            else
            {
                // One definition that would not run: publish none of them.
                await transaction.RollbackAsync(ct);
                return ElsaJson.Invalid($"流程定义 {definitionId} 有错误，全部未发布 / {definitionId} has errors; nothing was published",
                    result.Messages.Where(m => m.Severity == Engine.Validation.ValidationSeverity.Error).Select(m => $"{definitionId}: {ElsaJson.Text(m)}").ToList());
            }
        }
        await transaction.CommitAsync(ct);
        return ElsaJson.Ok(new JsonObject
        {
            ["published"] = ElsaJson.StringArray(published),
            ["alreadyPublished"] = ElsaJson.StringArray(already),
            ["notFound"] = ElsaJson.StringArray(notFound),
            ["updatedConsumers"] = new JsonArray(),
        });
    }

    private static async Task<IResult> BulkRetractAsync(HttpRequest request, DefinitionStore store, WorkflowsDbContext db, CancellationToken ct)
    {
        var (body, error) = await ElsaJson.ReadObjectAsync(request, ct);
        if (error is not null) return error;
        List<string> retracted = [], already = [], notFound = [];
        await using var transaction = await store.BeginBatchAsync(ct);
        foreach (var definitionId in ElsaJson.Strings(body!, "definitionIds").Distinct(StringComparer.Ordinal))
        {
            if (!await db.Definitions.AnyAsync(d => d.DefinitionId == definitionId, ct)) notFound.Add(definitionId);
            else if (await store.RetractAsync(definitionId, ct) is null) already.Add(definitionId);
            else retracted.Add(definitionId);
        }
        await transaction.CommitAsync(ct);
        return ElsaJson.Ok(new JsonObject
        {
            ["retracted"] = ElsaJson.StringArray(retracted),
            ["alreadyRetracted"] = ElsaJson.StringArray(already),
            ["notFound"] = ElsaJson.StringArray(notFound),
        });
    }
}
