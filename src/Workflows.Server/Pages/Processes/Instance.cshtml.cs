using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Workflows.Runtime.Persistence;
using Workflows.Server.Auth;
using Workflows.Server.Processes;

namespace Workflows.Server.Pages.Processes;

/// <summary>
/// /processes/instances/{id} (the link in every mail, Links.Instance): the application's timeline — steps done
/// with who, when, the decision and the comment — and what it waits for now, with due dates. Visible to the
/// applicant, to the secretariat and to whoever acts in it; to anyone else it does not exist.
/// </summary>
[Authorize]
public sealed class InstanceModel(WorkflowsDbContext db, TimeProvider clock) : PageModel
{
    public InstanceTimeline Timeline { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        var read = new ProcessReadModel(db, clock);
        if (!await read.CanSeeAsync(id, User.ToActor(), cancellationToken)) return NotFound();
        var timeline = await read.TimelineAsync(id, cancellationToken);
        if (timeline is null) return NotFound();
        Timeline = timeline;
        return Page();
    }
}
