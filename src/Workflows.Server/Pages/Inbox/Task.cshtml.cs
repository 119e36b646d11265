using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Workflows.Runtime.Inbox;
using Workflows.Runtime.Persistence;
using Workflows.Server.Auth;
using Workflows.Server.Hosting;

namespace Workflows.Server.Pages.Inbox;

/// <summary>
/// /inbox/tasks/{id}: one task with its context, form, attachments, timeline and the actions the viewer may take.
/// Actions go to the same API the tools use (/api/tasks/...), from a small script; a task the viewer may not see
/// answers 404 like the API.
/// </summary>
[Authorize]
public sealed class InboxTaskModel(TaskDetails details, WorkflowsDbContext db) : PageModel
{
    public TaskDetail? Detail { get; private set; }

    /// <summary>People to transfer, delegate, copy or add as signer: active users, by display name.</summary>
    public IReadOnlyList<(string UserName, string DisplayName)> People { get; private set; } = [];

    public string Me => User.FindFirst(Claims.UserName)?.Value ?? "";

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        Detail = await details.GetAsync(id, User.ToActor(), Ui.IsEnglish, cancellationToken);
        if (Detail is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        var rights = Detail.Rights;
        if (rights.Can(TaskRights.Transfer) || rights.Can(TaskRights.Delegate) || rights.Can(TaskRights.CarbonCopy) || rights.Can(TaskRights.ManageSigners))
        {
            People = (await db.Users.AsNoTracking().Where(u => u.IsActive).OrderBy(u => u.UserName).Select(u => new { u.UserName, u.DisplayName }).ToListAsync(cancellationToken))
                .Where(u => u.UserName != Me).Select(u => (u.UserName, u.DisplayName)).ToList();
        }
        return Page();
    }
}
