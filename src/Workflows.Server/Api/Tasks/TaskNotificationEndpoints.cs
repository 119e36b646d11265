using System.Security.Claims;
using Workflows.Runtime.Inbox;

namespace Workflows.Server.Api.Tasks;

/// <summary>Telling people: urge (催办) and CC (抄送).</summary>
internal static class TaskNotificationEndpoints
{
    public static void MapTaskNotifications(this RouteGroupBuilder tasks)
    {
        tasks.MapPost("/{id}/urge", async (string id, HttpRequest request, ClaimsPrincipal user, UrgeTask urge, CancellationToken ct) =>
        {
            var (body, error) = await InboxHttp.ReadObjectAsync(request, ct);
            if (error is not null) return error;
            return (await urge.ExecuteAsync(id, body.Comment(), user.Actor(), ct)).ToHttp();
        });

        tasks.MapPost("/{id}/cc", async (string id, HttpRequest request, ClaimsPrincipal user, CarbonCopyTask copy, CancellationToken ct) =>
        {
            var (body, error) = await InboxHttp.ReadObjectAsync(request, ct);
            if (error is not null) return error;
            return (await copy.ExecuteAsync(id, InboxHttp.Strings(body["users"]), body.Comment(), user.Actor(), ct)).ToHttp();
        });
    }
}
