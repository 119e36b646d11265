using System.Security.Claims;
using System.Text.Json.Nodes;
using Workflows.Runtime.Inbox;
using Workflows.Server.Hosting;

namespace Workflows.Server.Api.Tasks;

/// <summary>GET /api/instances/{id}/audit?format=csv|json: an instance's audit trail, for those who may read it.</summary>
internal static class InstanceAuditEndpoints
{
    public static void MapInstanceAudit(this RouteGroupBuilder instances)
    {
        instances.MapGet("/{id}/audit", async (string id, string? format, ClaimsPrincipal user, InstanceAudit audit, CancellationToken ct) =>
        {
            var kind = (format ?? "json").Trim().ToLowerInvariant();
            if (kind is not ("json" or "csv"))
                return HttpResults.BadRequest("格式无效", $"format 只能是 csv 或 json，而不是 {format}。 / format must be csv or json.");
            if (!await audit.CanReadAsync(id, user.Actor(), ct))
                return Security.Problems.Result(StatusCodes.Status404NotFound, Ui.T("流程实例不存在或您无权查看。", "The instance does not exist or is not visible to you."));
            var entries = await audit.TimelineAsync(id, ct);
            if (kind == "csv")
                return Results.File(InstanceAudit.ToCsv(entries), "text/csv; charset=utf-8", $"audit-{id}.csv");
            return Results.Ok(new JsonObject
            {
                ["instanceId"] = id,
                ["entries"] = InboxHttp.Array(entries.Select(e => (JsonNode?)TaskDetailEndpoints.Timeline(e))),
            });
        });
    }
}
