using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Workflows.Association.Domain;
using Workflows.Association.Json;
using Workflows.Association.Rules;
using Workflows.Runtime.Persistence;
using Workflows.Server.Auth;

namespace Workflows.Server.Pages.Registry;

/// <summary>
/// /registry/branches/{id}: a branch with its office holders, party branch, assessment history and the decisions the
/// processes recorded; the secretariat can correct its status, chair unit and website listing (with a reason,
/// which goes into the branch's history).
/// </summary>
[Authorize(Policy = Policies.Secretariat)]
public sealed class BranchModel(WorkflowsDbContext db, TimeProvider clock) : PageModel
{
    public Branch Branch { get; private set; } = null!;
    public List<(BranchOfficeHolder Holder, string Name)> Holders { get; private set; } = [];
    public PartyBranch? Party { get; private set; }
    public Dictionary<string, string> PeopleNames { get; private set; } = [];
    public List<Assessment> Assessments { get; private set; } = [];
    public List<BranchRecord> Records { get; private set; } = [];
    public List<(string Id, string Name)> Hospitals { get; private set; } = [];
    public string? Message { get; private set; }

    [BindProperty] public BranchStatus Status { get; set; }
    [BindProperty] public string? ChairUnitId { get; set; }
    [BindProperty] public bool Published { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        Status = Branch.Status;
        ChairUnitId = Branch.ChairUnitId;
        Published = Branch.PublishedOnWebsite;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken cancellationToken)
    {
        var branch = await db.Set<Branch>().FirstOrDefaultAsync(b => b.Id == id, cancellationToken);
        if (branch is null) return NotFound();
        var changes = new List<string>();
        if (branch.Status != Status) changes.Add($"状态 {branch.Status.Zh()} → {Status.Zh()}");
        if ((branch.ChairUnitId ?? "") != (ChairUnitId ?? "")) changes.Add("主任委员单位变更");
        if (branch.PublishedOnWebsite != Published) changes.Add(Published ? "在网站分会名单中公布" : "从网站分会名单撤下");
        if (changes.Count > 0 && string.IsNullOrWhiteSpace(Reason))
        {
            await LoadAsync(id, cancellationToken);
            ModelState.AddModelError(nameof(Reason), Hosting.Ui.T("修改须填写理由（记入分会档案）。", "A reason is required (it goes into the history)."));
            return Page();
        }

        if (ChairUnitId is { Length: > 0 } unit && await db.Set<MemberUnit>().FindAsync([unit], cancellationToken) is null)
        {
            await LoadAsync(id, cancellationToken);
            ModelState.AddModelError(nameof(ChairUnitId), Hosting.Ui.T("会员单位不存在。", "No such member unit."));
            return Page();
        }

        if (changes.Count > 0)
        {
            branch.Status = Status;
            branch.ChairUnitId = string.IsNullOrWhiteSpace(ChairUnitId) ? null : ChairUnitId;
            branch.PublishedOnWebsite = Published;
            db.Add(new BranchRecord
            {
                Id = $"br-{Guid.NewGuid():N}", BranchId = branch.Id, Kind = BranchRecordKind.Adjustment,
                Summary = $"秘书处更新：{string.Join("；", changes)}（理由：{Reason!.Trim()}）",
                DetailJson = System.Text.Json.JsonSerializer.Serialize(new { status = EnumWire.ToWire(Status), chairUnitId = branch.ChairUnitId, published = Published, reason = Reason }, RuleJson.Options),
                RecordedBy = User.ToActor().UserName, RecordedAtUtc = clock.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesAsync(cancellationToken);
        }

        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(string id, CancellationToken ct)
    {
        var branch = await db.Set<Branch>().AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, ct);
        if (branch is null) return false;
        Branch = branch;
        Holders = (await (from h in db.Set<BranchOfficeHolder>().AsNoTracking()
                          join p in db.Set<Person>().AsNoTracking() on h.PersonId equals p.Id
                          where h.BranchId == id
                          orderby h.Position descending, h.TermStart descending
                          select new { h, p.Name }).ToListAsync(ct)).Select(x => (x.h, x.Name)).ToList();
        Party = await db.Set<PartyBranch>().AsNoTracking().Include(p => p.Members).FirstOrDefaultAsync(p => p.BranchId == id, ct);
        var ids = Party?.Members.Select(m => m.PersonId).ToList() ?? [];
        PeopleNames = await db.Set<Person>().AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        Assessments = await db.Set<Assessment>().AsNoTracking().Where(a => a.BranchId == id).OrderByDescending(a => a.Year).ToListAsync(ct);
        Records = await db.Set<BranchRecord>().AsNoTracking().Where(r => r.BranchId == id).OrderByDescending(r => r.RecordedAtUtc).ToListAsync(ct);
        Hospitals = (await db.Set<MemberUnit>().AsNoTracking().Where(u => u.Kind == MemberUnitKind.Hospital || u.Id == branch.ChairUnitId).OrderBy(u => u.Name)
            .Select(u => new { u.Id, u.Name }).ToListAsync(ct)).Select(u => (u.Id, u.Name)).ToList();
        return true;
    }
}
