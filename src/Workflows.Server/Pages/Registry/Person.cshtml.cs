using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Workflows.Association.Domain;
using Workflows.Runtime.Persistence;
using Workflows.Server.Auth;

namespace Workflows.Server.Pages.Registry;

/// <summary>/registry/people/{id}: what the rules read about a person (title and its year, practice, party membership…), editable.</summary>
[Authorize(Policy = Policies.Secretariat)]
public sealed class PersonModel(WorkflowsDbContext db, TimeProvider clock) : PageModel
{
    public Person Person { get; private set; } = null!;
    public List<(string Branch, OfficePosition Position)> Posts { get; private set; } = [];

    [BindProperty] public string Name { get; set; } = "";
    [BindProperty] public ProfessionalTitle Title { get; set; }
    [BindProperty] public string? TitleName { get; set; }
    [BindProperty] public int? TitleYear { get; set; }
    [BindProperty] public int? PracticeStartYear { get; set; }
    [BindProperty] public bool LicensedPhysician { get; set; }
    [BindProperty] public bool PartyMember { get; set; }
    [BindProperty] public bool Professor { get; set; }
    [BindProperty] public bool Supervisor { get; set; }
    [BindProperty] public bool RichManagementExperience { get; set; }
    [BindProperty] public bool DivisionLevelHealthAdminExperience { get; set; }
    [BindProperty] public string? Email { get; set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        var p = Person;
        (Name, Title, TitleName, TitleYear, PracticeStartYear, LicensedPhysician, PartyMember, Professor, Supervisor, RichManagementExperience, DivisionLevelHealthAdminExperience, Email) =
            (p.Name, p.Title, p.TitleName, p.TitleYear, p.PracticeStartYear, p.LicensedPhysician, p.PartyMember, p.Professor, p.Supervisor, p.RichManagementExperience, p.DivisionLevelHealthAdminExperience, p.Email);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken cancellationToken)
    {
        var person = await db.Set<Person>().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (person is null) return NotFound();
        var year = clock.GetUtcNow().Year;
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 200) ModelState.AddModelError(nameof(Name), Hosting.Ui.T("姓名必填，且不超过 200 字。", "A name of at most 200 characters is required."));
        if (TitleYear is { } ty && (ty < 1950 || ty > year)) ModelState.AddModelError(nameof(TitleYear), Hosting.Ui.T($"职称取得年份须在 1950–{year} 之间。", $"Must be between 1950 and {year}."));
        if (PracticeStartYear is { } py && (py < 1950 || py > year)) ModelState.AddModelError(nameof(PracticeStartYear), Hosting.Ui.T($"从业起始年份须在 1950–{year} 之间。", $"Must be between 1950 and {year}."));
        if (!Enum.IsDefined(Title)) ModelState.AddModelError(nameof(Title), Hosting.Ui.T("职称无效。", "Unknown title."));
        if (!ModelState.IsValid)
        {
            await LoadAsync(id, cancellationToken);
            return Page();
        }

        (person.Name, person.Title, person.TitleName, person.TitleYear, person.PracticeStartYear, person.LicensedPhysician, person.PartyMember, person.Professor, person.Supervisor,
            person.RichManagementExperience, person.DivisionLevelHealthAdminExperience, person.Email) =
            (Name.Trim(), Title, TitleName, TitleYear, PracticeStartYear, LicensedPhysician, PartyMember, Professor, Supervisor, RichManagementExperience, DivisionLevelHealthAdminExperience, Email);
        await db.SaveChangesAsync(cancellationToken);
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(string id, CancellationToken ct)
    {
        var person = await db.Set<Person>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (person is null) return false;
        Person = person;
        Posts = (await (from h in db.Set<BranchOfficeHolder>().AsNoTracking() join b in db.Set<Branch>().AsNoTracking() on h.BranchId equals b.Id
                        where h.PersonId == id select new { b.Name, h.Position }).ToListAsync(ct)).Select(x => (x.Name, x.Position)).ToList();
        return true;
    }
}
