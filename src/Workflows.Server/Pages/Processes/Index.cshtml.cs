using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Workflows.Runtime.Persistence;
using Workflows.Server.Auth;
using Workflows.Server.Processes;

namespace Workflows.Server.Pages.Processes;

/// <summary>/processes: start an application, and follow the ones I started.</summary>
[Authorize]
public sealed class IndexModel(WorkflowsDbContext db, TimeProvider clock) : PageModel
{
    public IReadOnlyList<InstanceSummary> Mine { get; private set; } = [];

    public bool IsSecretariat { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var actor = User.ToActor();
        IsSecretariat = actor.HasRole("secretariat") || actor.HasRole("admin");
        Mine = await new ProcessReadModel(db, clock).ListAsync(null, null, actor.UserName, 100, cancellationToken);
    }
}
