using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Workflows.Association.Domain;
using Workflows.Runtime.Persistence;
using Workflows.Server.Auth;

namespace Workflows.Server.Pages.Registry;

/// <summary>/registry/units: member units and applicant institutions, searchable by name, district and kind.</summary>
[Authorize(Policy = Policies.Secretariat)]
public sealed class UnitsModel(WorkflowsDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public MemberUnitKind? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public string? District { get; set; }

    public List<(MemberUnit Unit, string District)> Units { get; private set; } = [];
    public List<District> Districts { get; private set; } = [];

    public Pager Pager { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Districts = await db.Set<District>().AsNoTracking().OrderBy(d => d.SortOrder).ToListAsync(cancellationToken);
        var query = db.Set<MemberUnit>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Q)) query = query.Where(u => u.Name.Contains(Q));
        if (Kind is { } kind) query = query.Where(u => u.Kind == kind);
        if (!string.IsNullOrWhiteSpace(District)) query = query.Where(u => u.DistrictId == District);
        var names = Districts.ToDictionary(d => d.Id, d => d.Name);
        (var units, Pager) = await Pager.PageAsync(Request, query.OrderBy(u => u.Name).ThenBy(u => u.Id), cancellationToken);
        Units = units.Select(u => (u, names.GetValueOrDefault(u.DistrictId, u.DistrictId))).ToList();
    }
}
