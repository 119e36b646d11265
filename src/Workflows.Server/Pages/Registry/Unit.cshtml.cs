using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Workflows.Association.Domain;
using Workflows.Association.Rules;
using Workflows.Runtime.Persistence;
using Workflows.Server.Auth;

namespace Workflows.Server.Pages.Registry;

/// <summary>/registry/units/{id}: one unit with what the rules read (inspections, revenues, specialties, pledge, points); key fields editable.</summary>
[Authorize(Policy = Policies.Secretariat)]
public sealed class UnitModel(WorkflowsDbContext db, RuleThresholds thresholds, TimeProvider clock) : PageModel
{
    public MemberUnit Unit { get; private set; } = null!;
    public List<IntegrityPledge> Pledges { get; private set; } = [];
    public List<BadPracticeRecord> Points { get; private set; } = [];
    public int PointsLastYear { get; private set; }
    public decimal AverageRevenue { get; private set; }

    [BindProperty] public string Name { get; set; } = "";
    [BindProperty] public string? Address { get; set; }
    [BindProperty] public bool IsMember { get; set; }
    [BindProperty] public HospitalGrade? HospitalGrade { get; set; }
    [BindProperty] public string? GradeLabel { get; set; }
    [BindProperty] public decimal? FloorAreaSqm { get; set; }
    [BindProperty] public decimal? LeaseYears { get; set; }
    [BindProperty] public bool BadCreditRecord { get; set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        (Name, Address, IsMember, HospitalGrade, GradeLabel, FloorAreaSqm, LeaseYears, BadCreditRecord) =
            (Unit.Name, Unit.Address, Unit.IsMember, Unit.HospitalGrade, Unit.GradeLabel, Unit.FloorAreaSqm, Unit.LeaseYears, Unit.BadCreditRecord);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken cancellationToken)
    {
        var unit = await db.Set<MemberUnit>().FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (unit is null) return NotFound();
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 200) ModelState.AddModelError(nameof(Name), Hosting.Ui.T("名称必填，且不超过 200 字。", "A name of at most 200 characters is required."));
        if (FloorAreaSqm is < 0) ModelState.AddModelError(nameof(FloorAreaSqm), Hosting.Ui.T("面积不能为负数。", "Must not be negative."));
        if (LeaseYears is < 0) ModelState.AddModelError(nameof(LeaseYears), Hosting.Ui.T("租期不能为负数。", "Must not be negative."));
        if (!ModelState.IsValid)
        {
            await LoadAsync(id, cancellationToken);
            return Page();
        }

        unit.Name = Name.Trim();
        unit.Address = Address;
        unit.IsMember = IsMember;
        unit.HospitalGrade = unit.Kind == MemberUnitKind.Hospital ? HospitalGrade : null;
        unit.GradeLabel = GradeLabel;
        unit.FloorAreaSqm = FloorAreaSqm;
        unit.LeaseYears = LeaseYears;
        unit.BadCreditRecord = BadCreditRecord;
        await db.SaveChangesAsync(cancellationToken);
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(string id, CancellationToken ct)
    {
        var unit = await db.Set<MemberUnit>().AsNoTracking().Include(u => u.Inspections).Include(u => u.Revenues).Include(u => u.KeySpecialties).Include(u => u.Departments)
            .FirstOrDefaultAsync(u => u.Id == id, ct);
        if (unit is null) return false;
        Unit = unit;
        Pledges = await db.Set<IntegrityPledge>().AsNoTracking().Where(p => p.MemberUnitId == id).ToListAsync(ct);
        Points = await db.Set<BadPracticeRecord>().AsNoTracking().Where(p => p.MemberUnitId == id).OrderByDescending(p => p.OccurredOn).ToListAsync(ct);
        var since = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddYears(-1);
        PointsLastYear = Points.Where(p => p.OccurredOn > since).Sum(p => p.Points);
        AverageRevenue = unit.AverageRevenue(thresholds.RevenueFirstYear, thresholds.RevenueLastYear);
        return true;
    }
}
