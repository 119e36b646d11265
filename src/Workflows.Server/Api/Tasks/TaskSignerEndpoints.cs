using System.Security.Claims;
using Workflows.Engine.Model;
using Workflows.Runtime.Inbox;

namespace Workflows.Server.Api.Tasks;

/// <summary>
/// 加签 (POST /api/tasks/{id}/signers, a signer whose turn it is), 减签 (DELETE /api/tasks/{id}/signers/{userName}?comment=,
/// the secretariat with a reason) and a paper vote (POST /api/tasks/{id}/signers/{userName}/paper-vote {outcome, comment},
/// the secretariat with a reason) on a countersign task. Anyone else: 403, or 404 when they may not see the task.
/// </summary>
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

        tasks.MapPost("/{id}/signers/{userName}/paper-vote", async (string id, string userName, HttpRequest request, ClaimsPrincipal user, CountersignProcessor countersign, CancellationToken ct) =>
        {
            var (body, error) = await InboxHttp.ReadObjectAsync(request, ct);
            if (error is not null) return error;
            return (await countersign.RecordPaperVoteAsync(id, userName, body.GetString("outcome"), body.Comment(), user.Actor(), ct)).ToHttp();
        });
    }
}
