using Workflows.Server.Elsa.WorkflowDefinitions;
using Workflows.Server.Elsa.WorkflowInstances;

namespace Workflows.Server.Elsa;

/// <summary>
/// The HTTP API Elsa Studio calls, under /elsa/api (contract: shared/elsa-studio-api.md). One folder per
/// resource, one file per endpoint group.
/// </summary>
public static class ElsaApi
{
    public const string Prefix = "/elsa/api";

    public static void MapElsaApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Prefix).RequireAuthorization();
        api.MapExecuteEndpoints();
        api.MapWorkflowInstanceEndpoints();
    }
}
