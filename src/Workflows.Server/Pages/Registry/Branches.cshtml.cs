using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Workflows.Association.Domain;
using Workflows.Runtime.Persistence;
using Workflows.Server.Auth;

namespace Workflows.Server.Pages.Registry;

/// <summary>/registry/branches: every branch with its status, chair, fee reduction and latest assessment.</summary>
[Authorize(Policy = Policies.Secretariat)]
public sealed class BranchesModel(WorkflowsDbContext db) : PageModel
{
    public sealed record Row(Branch Branch, string? ChairName, string? ChairUnit, Assessment? Latest);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public int CountingAgainstCap { get; private set; }

    public Pager Pager { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var all = await db.Set<Branch>().AsNoTracking().OrderBy(b => b.Kind).ThenBy(b => b.Code).ToListAsync(cancellationToken);
        CountingAgainstCap = all.Count(b => Branch.CountsAgainstCap(b.Status));
        (var branches, Pager) = Pager.PageOf(Request, all);
        var units = await db.Set<MemberUnit>().AsNoTracking().Select(u => new { u.Id, u.Name }).ToDictionaryAsync(u => u.Id, u => u.Name, cancellationToken);
        var chairs = await (from h in db.Set<BranchOfficeHolder>().AsNoTracking()
                            join p in db.Set<Person>().AsNoTracking() on h.PersonId equals p.Id
                            where h.Position == OfficePosition.Chair
                            select new { h.BranchId, h.TermStart, h.TermEnd, p.Name }).ToListAsync(cancellationToken);
        var assessments = await db.Set<Assessment>().AsNoTracking().ToListAsync(cancellationToken);
        Rows = branches.Select(b => new Row(
            b,
            chairs.Where(c => c.BranchId == b.Id).OrderBy(c => c.TermEnd is null ? 0 : 1).ThenByDescending(c => c.TermStart).Select(c => c.Name).FirstOrDefault(),
            b.ChairUnitId is { } u && units.TryGetValue(u, out var name) ? name : null,
            assessments.Where(a => a.BranchId == b.Id).OrderByDescending(a => a.Year).FirstOrDefault())).ToList();
    }
}
