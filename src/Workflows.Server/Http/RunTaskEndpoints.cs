using System.Text.Json.Nodes;
using Workflows.Runtime.Execution;
using Workflows.Runtime.Identity;
using Workflows.Runtime.Tasks;

namespace Workflows.Server.Http;

/// <summary>
/// Elsa's POST /elsa/api/tasks/{taskId}/complete (elsa-core src/modules/Elsa.Workflows.Api/Endpoints/Tasks/Complete/Endpoint.cs):
/// reports a RunTask's result and resumes the instance. Elsa asks for the "tasks:complete" permission; here that is
/// the administrators' (the systems that run tasks sign in as one). Anyone else gets 403, no token 401.
/// </summary>
public static class RunTaskEndpoints
{
    public const string Route = "/elsa/api/tasks/{taskId}/complete";

    public static void MapRunTaskEndpoints(this IEndpointRouteBuilder app) =>
        app.MapPost(Route, async (string taskId, JsonObject? body, TaskReporter reporter, CancellationToken cancellationToken) =>
        {
            var outcome = await reporter.ReportCompletionAsync(taskId, body?["result"], cancellationToken);
            return outcome.Status switch
            {
                RunStatus.Completed or RunStatus.Accepted or RunStatus.Existing => Results.Ok(new { }),
                RunStatus.NotFound => Results.Json(new { message = outcome.Message }, statusCode: StatusCodes.Status404NotFound),
                _ => Results.Json(new { message = outcome.Message }, statusCode: StatusCodes.Status409Conflict),
            };
        }).RequireAuthorization(p => p.RequireRole(RoleKeys.Admin));
}
