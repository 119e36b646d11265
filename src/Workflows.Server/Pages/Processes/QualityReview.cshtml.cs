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

/// <summary>/processes/quality-review: an institution applies for a quality review or a rating (P5, 002, 003).</summary>
[Authorize]
public sealed class QualityReviewModel(WorkflowsDbContext db, WorkflowRuntime runtime, Workflows.Runtime.Definitions.DefinitionStore definitions) : ApplicationPageModel(runtime, definitions)
{
    [BindProperty] public string? InstitutionId { get; set; }
    [BindProperty] public string Kind { get; set; } = "quality";
    [BindProperty] public string? Description { get; set; }

    protected override string DefinitionId => "p5-quality-review";

    public override async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var user = User.ToActor().UserName;
        InstitutionId ??= await db.Set<Person>().Where(p => p.UserName == user).Select(p => p.MemberUnitId).FirstOrDefaultAsync(cancellationToken);
    }

    // The institution picker fetches its choices from /api/pickers/units, limited to what the user may choose.
    protected override Task LoadChoicesAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected override async Task<JsonObject?> ValidateAsync(CancellationToken cancellationToken)
    {
        var application = new JsonObject { ["institutionId"] = InstitutionId, ["kind"] = Kind, ["description"] = Description };
        var parsed = await ApplicationForms.ParseQualityReviewAsync(application, db, cancellationToken);
        FieldErrors = parsed.Errors;
        if (!parsed.IsValid) return null;
        Check = new RuleCheckResult([]);
        return application;
    }
}
