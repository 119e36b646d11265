using System.Security.Claims;
using Workflows.Engine.Model;
using Workflows.Runtime.Inbox;

namespace Workflows.Server.Api.Tasks;

/// <summary>加签 (POST /api/tasks/{id}/signers) and 减签 (DELETE /api/tasks/{id}/signers/{userName}) on a countersign task.</summary>
internal static class TaskSignerEndpoints
{
    public static void MapTaskSigners(this RouteGroupBuilder tasks)
    {
        tasks.MapPost("/{id}/signers", async (string id, HttpRequest request, ClaimsPrincipal user, CountersignProcessor countersign, CancellationToken ct) =>
        {
            var (body, error) = await InboxHttp.ReadObjectAsync(request, ct);
            if (error is not null) return error;
            return (await countersign.AddSignerAsync(id, body.GetString("userName"), body.Comment(), user.Actor(), ct)).ToHttp();
        });

        tasks.MapDelete("/{id}/signers/{userName}", async (string id, string userName, string? comment, ClaimsPrincipal user, CountersignProcessor countersign, CancellationToken ct) =>
            (await countersign.RemoveSignerAsync(id, userName, comment, user.Actor(), ct)).ToHttp());
    }
}
