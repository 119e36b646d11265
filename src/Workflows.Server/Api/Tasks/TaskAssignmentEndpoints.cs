using System.Security.Claims;
using Workflows.Engine.Model;
using Workflows.Runtime.Inbox;

namespace Workflows.Server.Api.Tasks;

/// <summary>Who holds the task: claim, release, transfer (转办), delegate (委派).</summary>
internal static class TaskAssignmentEndpoints
{
    public static void MapTaskAssignment(this RouteGroupBuilder tasks)
    {
        tasks.MapPost("/{id}/claim", async (string id, ClaimsPrincipal user, ClaimTask claim, CancellationToken ct) =>
            (await claim.ExecuteAsync(id, user.Actor(), ct)).ToHttp());

        tasks.MapPost("/{id}/release", async (string id, ClaimsPrincipal user, ReleaseTask release, CancellationToken ct) =>
            (await release.ExecuteAsync(id, user.Actor(), ct)).ToHttp());

        tasks.MapPost("/{id}/transfer", async (string id, HttpRequest request, ClaimsPrincipal user, TransferTask transfer, CancellationToken ct) =>
        {
            var (body, error) = await InboxHttp.ReadObjectAsync(request, ct);
            if (error is not null) return error;
            return (await transfer.ExecuteAsync(id, body.GetString("to"), body.Comment(), user.Actor(), ct)).ToHttp();
        });

        tasks.MapPost("/{id}/delegate", async (string id, HttpRequest request, ClaimsPrincipal user, DelegateTask delegateTask, CancellationToken ct) =>
        {
            var (body, error) = await InboxHttp.ReadObjectAsync(request, ct);
            if (error is not null) return error;
            return (await delegateTask.ExecuteAsync(id, body.GetString("to"), body.Comment(), user.Actor(), ct)).ToHttp();
        });
    }
}
