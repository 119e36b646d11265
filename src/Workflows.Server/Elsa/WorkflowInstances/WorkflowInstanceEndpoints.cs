using Microsoft.EntityFrameworkCore;
using Workflows.Runtime.Execution;
using Workflows.Runtime.Persistence;

namespace Workflows.Server.Elsa.WorkflowInstances;

public static class WorkflowInstanceEndpoints
{
    public static void MapWorkflowInstanceEndpoints(this RouteGroupBuilder api)
    {
        // Studio tolerates 404 here (it shows "not found").
        api.MapGet("/workflow-instances/{id}", async (string id, WorkflowsDbContext db, CancellationToken ct) =>
        {
            var instance = await db.Instances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
            if (instance is null) return Results.NotFound();
            var summary = ElsaModels.InstanceSummary(instance);
            summary["workflowState"] = ElsaModels.WorkflowState(StateSerializer.Deserialize(instance.StateJson));
            return Results.Ok(summary);
        });
    }
}
