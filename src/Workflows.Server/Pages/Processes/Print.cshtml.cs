using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Workflows.Runtime.Persistence;
using Workflows.Server.Auth;
using Workflows.Server.Processes;

namespace Workflows.Server.Pages.Processes;

/// <summary>/processes/instances/{id}/print: the approval sheet (打印审批单) of an application, laid out for paper.
/// Visible to whoever may see the application page.</summary>
[Authorize]
public sealed class PrintModel(WorkflowsDbContext db, TimeProvider clock) : PageModel
{
    public InstanceTimeline Timeline { get; private set; } = null!;

    public DateTimeOffset PrintedAt { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        var read = new ProcessReadModel(db, clock);
        if (!await read.CanSeeAsync(id, User.ToActor(), cancellationToken)) return NotFound();
        if (await read.TimelineAsync(id, cancellationToken) is not { } timeline) return NotFound();
        Timeline = timeline;
        PrintedAt = Display.Now(clock);
        return Page();
    }
}
