using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Workflows.Association.Domain;
using Workflows.Runtime.Persistence;
using Workflows.Server.Auth;

namespace Workflows.Server.Pages.Registry;

/// <summary>/registry/people: physicians, managers and experts of the register.</summary>
[Authorize(Policy = Policies.Secretariat)]
public sealed class PeopleModel(WorkflowsDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }

    public List<(Person Person, string? Unit)> People { get; private set; } = [];

    public Pager Pager { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var query = db.Set<Person>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Q)) query = query.Where(p => p.Name.Contains(Q) || p.Id == Q || p.UserName == Q);
        (var people, Pager) = await Pager.PageAsync(Request, query.OrderBy(p => p.Name).ThenBy(p => p.Id), cancellationToken);
        var unitIds = people.Select(p => p.MemberUnitId).OfType<string>().Distinct().ToList();
        var units = await db.Set<MemberUnit>().AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, cancellationToken);
        People = people.Select(p => (p, p.MemberUnitId is { } u ? units.GetValueOrDefault(u) : p.Affiliation)).ToList();
    }
}
