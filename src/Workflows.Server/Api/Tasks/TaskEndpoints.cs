using System.Security.Claims;
using System.Text.Json.Nodes;
using Workflows.Runtime.Inbox;
using Workflows.Server.Auth;

namespace Workflows.Server.Api.Tasks;

/// <summary>
/// The inbox API. Every operation is a use case in Workflows.Runtime/Inbox (validation, authorization, audit
/// record); these endpoints only read the request and turn the result into HTTP: 404 when the task is not the
/// caller's to see, 403 when they see it but may not do this, 409 when it is too late, 400 for bad input, 429 for
/// urging too often.
/// </summary>
public static class TaskEndpoints
{
    public static void MapTaskEndpoints(this IEndpointRouteBuilder app)
    {
        var tasks = app.MapGroup("/api/tasks").RequireAuthorization();
        tasks.MapTaskLists();
        tasks.MapTaskDetail();
        tasks.MapTaskDecisions();
        tasks.MapTaskAssignment();
        tasks.MapTaskNotifications();
        tasks.MapTaskSigners();
        tasks.MapTaskAttachments();
        app.MapGroup("/api/instances").RequireAuthorization().MapInstanceAudit();
    }

    internal static Actor Actor(this ClaimsPrincipal user) => user.ToActor();

    internal static string? Comment(this JsonObject body) => Workflows.Engine.Model.EngineJson.GetString(body, "comment");
}
