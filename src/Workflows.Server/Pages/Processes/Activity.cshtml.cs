using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Workflows.Association.Applications;
using Workflows.Association.Domain;
using Workflows.Association.Rules;
using Workflows.Runtime.Execution;
using Workflows.Runtime.Persistence;
using Workflows.Server.Auth;

namespace Workflows.Server.Pages.Processes;

/// <summary>/processes/activity: a branch asks the leadership group's prior approval (P4, 000 §6.3).</summary>
[Authorize]
public sealed class ActivityModel(WorkflowsDbContext db, TimeProvider clock, WorkflowRuntime runtime, Workflows.Runtime.Definitions.DefinitionStore definitions) : ApplicationPageModel(runtime, definitions)
{
    [BindProperty] public string? BranchId { get; set; }
    [BindProperty] public string Type { get; set; } = "meeting";
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? StartsAt { get; set; }
    [BindProperty] public string? EndsAt { get; set; }
    [BindProperty] public string? Venue { get; set; }
    [BindProperty] public decimal? Budget { get; set; }
    [BindProperty] public bool InvolvesFunds { get; set; }
    [BindProperty] public string? Sponsors { get; set; }
    [BindProperty] public string? Partners { get; set; }
    [BindProperty] public string? Agenda { get; set; }

    protected override string DefinitionId => "p4-activity-approval";

    /// <summary>A branch chair applies for their own branch: preselect the (first) branch they chair.</summary>
    public override async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime);
        BranchId ??= (await UserOrganisations.FindAsync(db, User.ToActor().UserName, today, cancellationToken)).ChairedBranches.FirstOrDefault()?.Id;
    }

    // The branch picker fetches its choices from /api/pickers/branches, limited to the branches the user may choose.
    protected override Task LoadChoicesAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected override async Task<JsonObject?> ValidateAsync(CancellationToken cancellationToken)
    {
        var application = new JsonObject
        {
            ["branchId"] = BranchId, ["type"] = Type, ["title"] = Title, ["startsAt"] = StartsAt, ["endsAt"] = EndsAt, ["venue"] = Venue,
            ["budget"] = Budget, ["involvesFunds"] = InvolvesFunds, ["sponsors"] = Sponsors, ["partners"] = Partners, ["agenda"] = Agenda,
        };
        var parsed = await ApplicationForms.ParseActivityAsync(application, db, cancellationToken);
        FieldErrors = parsed.Errors;
        if (!parsed.IsValid) return null;
        var data = parsed.Value!;
        var branch = await db.Set<Branch>().FindAsync([data.BranchId], cancellationToken);
        Check = ActivityRules.CheckPreApproval(new ActivityPreApprovalInput
        {
            Type = data.Type, BranchStatus = branch!.Status, StartsAt = data.StartsAt, EndsAt = data.EndsAt, Budget = data.Budget, InvolvesFunds = data.InvolvesFunds,
        }, clock.GetUtcNow());

        // Dates go on with their offset, so the workflow reads the time the applicant meant (Beijing).
        application["startsAt"] = data.StartsAt.ToString("O", CultureInfo.InvariantCulture);
        application["endsAt"] = data.EndsAt.ToString("O", CultureInfo.InvariantCulture);
        return application;
    }
}
