using System.Security.Claims;
using Workflows.Engine.Model;
using Workflows.Runtime.Inbox;

namespace Workflows.Server.Api.Tasks;

/// <summary>Decisions: complete (or sign), return, a delegate's proposal, and the initiator's withdrawal.</summary>
internal static class TaskDecisionEndpoints
{
    public static void MapTaskDecisions(this RouteGroupBuilder tasks)
    {
        tasks.MapPost("/{id}/complete", async (string id, HttpRequest request, ClaimsPrincipal user, CompleteTask complete, CancellationToken ct) =>
        {
            var (body, error) = await InboxHttp.ReadObjectAsync(request, ct);
            if (error is not null) return error;
            if (body.GetString("outcome") is not { Length: > 0 } outcome)
                return HttpResults.BadRequest("缺少办理结果", "请求中必须包含 outcome。 / The request must contain an outcome.");
            var (formData, formError) = InboxHttp.FormData(body);
            if (formError is not null) return formError;
            return (await complete.ExecuteAsync(new CompleteTaskRequest(id, outcome, body.Comment(), formData), user.Actor(), ct)).ToHttp();
        });

        tasks.MapPost("/{id}/resolve", async (string id, HttpRequest request, ClaimsPrincipal user, ResolveDelegation resolve, CancellationToken ct) =>
        {
            var (body, error) = await InboxHttp.ReadObjectAsync(request, ct);
            if (error is not null) return error;
            if (body.GetString("outcome") is not { Length: > 0 } outcome)
                return HttpResults.BadRequest("缺少处理意见", "请求中必须包含 outcome。 / The request must contain an outcome.");
            var (formData, formError) = InboxHttp.FormData(body);
            if (formError is not null) return formError;
            return (await resolve.ExecuteAsync(new ResolveDelegationRequest(id, outcome, body.Comment(), formData), user.Actor(), ct)).ToHttp();
        });

        tasks.MapPost("/{id}/return", async (string id, HttpRequest request, ClaimsPrincipal user, ReturnTask returnTask, CancellationToken ct) =>
        {
            var (body, error) = await InboxHttp.ReadObjectAsync(request, ct);
            if (error is not null) return error;
            return (await returnTask.ExecuteAsync(id, body.GetString("target"), body.Comment(), user.Actor(), ct)).ToHttp();
        });

        tasks.MapPost("/{id}/withdraw", async (string id, HttpRequest request, ClaimsPrincipal user, WithdrawInstance withdraw, CancellationToken ct) =>
        {
            var (body, error) = await InboxHttp.ReadObjectAsync(request, ct);
            if (error is not null) return error;
            return (await withdraw.ExecuteAsync(id, body.Comment(), user.Actor(), ct)).ToHttp();
        });
    }
}
