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

    public List<(string Id, string Name)> Institutions { get; private set; } = [];

    protected override string DefinitionId => "p5-quality-review";

    public override async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadChoicesAsync(cancellationToken);
        var user = User.ToActor().UserName;
        InstitutionId ??= await db.Set<Person>().Where(p => p.UserName == user).Select(p => p.MemberUnitId).FirstOrDefaultAsync(cancellationToken);
    }

    protected override async Task LoadChoicesAsync(CancellationToken cancellationToken) =>
        Institutions = (await db.Set<MemberUnit>().AsNoTracking().OrderBy(u => u.Name).Select(u => new { u.Id, u.Name }).ToListAsync(cancellationToken)).Select(u => (u.Id, u.Name)).ToList();

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
