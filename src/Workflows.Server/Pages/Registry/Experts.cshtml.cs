using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Workflows.Association.Domain;
using Workflows.Association.Rules;
using Workflows.Runtime.Persistence;
using Workflows.Server.Auth;

namespace Workflows.Server.Pages.Registry;

/// <summary>/registry/experts: the expert pool with each expert's qualification (002 §3.2); admit or retire.</summary>
[Authorize(Policy = Policies.Secretariat)]
public sealed class ExpertsModel(WorkflowsDbContext db, RuleThresholds thresholds, TimeProvider clock) : PageModel
{
    public sealed record Row(Expert Expert, string Name, string? Unit, bool Qualified, string Reason);

    public List<Row> Rows { get; private set; } = [];

    public Pager Pager { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var year = clock.GetUtcNow().Year;
        var rows = (from e in db.Set<Expert>().AsNoTracking()
                          join p in db.Set<Person>().AsNoTracking() on e.PersonId equals p.Id
                          join u in db.Set<MemberUnit>().AsNoTracking() on p.MemberUnitId equals u.Id into units
                          from u in units.DefaultIfEmpty()
                          orderby e.Status, p.Name, e.Id
                          select new { e, p.Name, Unit = u != null ? u.Name : p.Affiliation });
        (var page, Pager) = await Pager.PageAsync(Request, rows, cancellationToken);
        Rows = page.Select(r =>
        {
            var check = ExpertRules.CheckQualification(new ExpertQualificationInput { Title = r.e.Title, TitleYear = r.e.TitleYear, Consultant = r.e.IsConsultant }, year, thresholds);
            return new Row(r.e, r.Name, r.Unit, check.Eligible, string.Join("；", check.Rules.Select(x => Hosting.Ui.T(x.Message, x.MessageEn))));
        }).ToList();
    }

    public async Task<IActionResult> OnPostStatusAsync(string id, ExpertStatus status, CancellationToken cancellationToken)
    {
        var expert = await db.Set<Expert>().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (expert is null) return NotFound();
        if (!Enum.IsDefined(status)) return BadRequest();
        expert.Status = status;
        if (status == ExpertStatus.Active) expert.AdmittedOn ??= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        return RedirectToPage();
    }
}
