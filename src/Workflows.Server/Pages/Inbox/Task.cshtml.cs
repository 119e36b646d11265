using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Workflows.Runtime.Inbox;
using Workflows.Runtime.Persistence;
using Workflows.Server.Auth;
using Workflows.Server.Hosting;
using Workflows.Server.Processes;
using Workflows.Association.Rules;
using System.Text.Json.Nodes;

namespace Workflows.Server.Pages.Inbox;

/// <summary>
/// /inbox/tasks/{id}: one task with its context, form, attachments, timeline and the actions the viewer may take.
/// Actions go to the same API the tools use (/api/tasks/...), from a small script; a task the viewer may not see
/// answers 404 like the API.
/// </summary>
[Authorize]
public sealed class InboxTaskModel(TaskDetails details, WorkflowsDbContext db, RuleThresholds thresholds, TimeProvider clock) : PageModel
{
    public TaskDetail? Detail { get; private set; }

    /// <summary>The application the task is about, shown read-only above the step's form (issue 14).</summary>
    public ApplicationView? Application { get; private set; }

    /// <summary>An editable field's value: what the step holds, else what the application sent (a resubmit starts from it).</summary>
    public JsonNode? Prefilled(FieldView field) =>
        field.Value ?? (Application?.Submitted.TryGetValue(field.Field.Name, out var sent) == true ? JsonValue.Create(sent) : null);

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
        Application = await new ApplicationViews(db, thresholds, clock)
            .ForInstanceAsync(Detail.Task.InstanceId, Detail.Task.Id, ApplicationViews.HiddenFields(Detail.Context), cancellationToken);
        if (rights.Can(TaskRights.Transfer) || rights.Can(TaskRights.Delegate) || rights.Can(TaskRights.CarbonCopy) || rights.Can(TaskRights.ManageSigners))
        {
            People = (await db.Users.AsNoTracking().Where(u => u.IsActive).OrderBy(u => u.UserName).Select(u => new { u.UserName, u.DisplayName }).ToListAsync(cancellationToken))
                .Where(u => u.UserName != Me).Select(u => (u.UserName, u.DisplayName)).ToList();
        }
        return Page();
    }
}
