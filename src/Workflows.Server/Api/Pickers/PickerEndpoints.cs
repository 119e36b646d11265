using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Workflows.Association.Domain;
using Workflows.Runtime.Identity;
using Workflows.Runtime.Persistence;
using Workflows.Server.Auth;
using Workflows.Server.Hosting;
using Workflows.Server.Pages;

namespace Workflows.Server.Api.Pickers;

/// <summary>One choice of a picker: what is stored (<c>id</c>), what is shown (<c>label</c>) and a line that tells it apart.</summary>
public sealed record PickerItem(string Id, string Label, string? Detail, string? UnitId = null);

public sealed record PickerPage(IReadOnlyList<PickerItem> Items, int Page, int PageSize, int Total);

/// <summary>
/// The searchable pickers the forms use instead of ids (issue 14 item 2):
/// <c>GET /api/pickers/{people|units|branches|experts}?q=&amp;page=&amp;pageSize=&amp;ids=</c>. <c>q</c> matches, term
/// by term, the name, unit, district, title and specialty (a branch: name, code, discipline); <c>ids</c> (comma
/// separated) returns those choices, for showing what a form already holds. Each answer is limited to what the caller
/// may choose: the secretariat and administrators the whole register; anyone else their own member unit and the
/// branches they chair (<see cref="UserOrganisations"/>), i.e. a member unit picks people of its own unit and a branch
/// chair their own branch and its committee. Any signed-in user may call them; a caller the register does not know
/// gets empty lists.
/// </summary>
public static class PickerEndpoints
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 50;

    public static void MapPickerEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/pickers").RequireAuthorization();
        group.MapGet("/people", (HttpContext http, WorkflowsDbContext db, TimeProvider clock, CancellationToken ct) => RunAsync(http, db, clock, PeopleAsync, ct));
        group.MapGet("/units", (HttpContext http, WorkflowsDbContext db, TimeProvider clock, CancellationToken ct) => RunAsync(http, db, clock, UnitsAsync, ct));
        group.MapGet("/branches", (HttpContext http, WorkflowsDbContext db, TimeProvider clock, CancellationToken ct) => RunAsync(http, db, clock, BranchesAsync, ct));
        group.MapGet("/experts", (HttpContext http, WorkflowsDbContext db, TimeProvider clock, CancellationToken ct) => RunAsync(http, db, clock, ExpertsAsync, ct));

        app.MapGet("/api/me/organisation", async (ClaimsPrincipal user, WorkflowsDbContext db, TimeProvider clock, CancellationToken ct) =>
        {
            var o = await UserOrganisations.FindAsync(db, user.ToActor().UserName, Today(clock), ct);
            return Results.Ok(new
            {
                userName = o.UserName,
                person = o.PersonId is null ? null : new { id = o.PersonId, name = o.PersonName },
                memberUnit = o.MemberUnitId is null ? null : new { id = o.MemberUnitId, name = o.MemberUnitName },
                branches = o.ChairedBranches.Select(b => new { id = b.Id, name = b.Name }),
            });
        }).RequireAuthorization();
    }

    /// <summary>What a caller may choose from.</summary>
    public sealed record Scope(bool All, string? UnitId, IReadOnlyList<string> BranchIds);

    public static async Task<Scope> ScopeAsync(ClaimsPrincipal user, WorkflowsDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var actor = user.ToActor();
        if (actor.Roles.Contains(RoleKeys.Admin) || actor.Roles.Contains(RoleKeys.Secretariat)) return new Scope(true, null, []);
        var o = await UserOrganisations.FindAsync(db, actor.UserName, Today(clock), ct);
        return new Scope(false, o.MemberUnitId, o.ChairedBranches.Select(b => b.Id).ToList());
    }

    private delegate Task<PickerPage> Search(WorkflowsDbContext db, Scope scope, Query query, CancellationToken ct);

    private sealed record Query(string[] Terms, IReadOnlyList<string>? Ids, int Page, int PageSize, string? UnitId);

    private static async Task<IResult> RunAsync(HttpContext http, WorkflowsDbContext db, TimeProvider clock, Search search, CancellationToken ct)
    {
        var q = http.Request.Query;
        var terms = (q["q"].ToString() ?? "").Split([' ', '\u3000', ',', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(t => t.Length <= 50).Take(5).ToArray();
        var ids = q["ids"].ToString() is { Length: > 0 } list ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(MaxPageSize).ToList() : null;
        var page = int.TryParse(q["page"], out var p) && p > 0 ? Math.Min(p, 10_000) : 1;
        var size = int.TryParse(q["pageSize"], out var s) && s > 0 ? Math.Min(s, MaxPageSize) : DefaultPageSize;
        var unitId = q["unitId"].ToString() is { Length: > 0 and <= 64 } u ? u : null;
        var scope = await ScopeAsync(http.User, db, clock, ct);
        return Results.Ok(await search(db, scope, new Query(terms, ids, page, size, unitId), ct));
    }

    private static async Task<PickerPage> PageAsync<T>(IQueryable<T> query, Query request, Func<T, PickerItem> item, CancellationToken ct)
    {
        var total = await query.CountAsync(ct);
        var rows = await query.Skip((request.Page - 1) * request.PageSize).Take(request.PageSize).ToListAsync(ct);
        return new PickerPage(rows.Select(item).ToList(), request.Page, request.PageSize, total);
    }

    // A class with init properties, not a positional record: EF Core translates filters on a member-init projection only.
    private sealed class PersonRow
    {
        public required string Id { get; init; }
        public required string Name { get; init; }
        public string? TitleName { get; init; }
        public string? Specialty { get; init; }
        public string? UnitId { get; init; }
        public string? Unit { get; init; }
        public string? District { get; init; }
        public string? Affiliation { get; init; }
    }

    private static IQueryable<PersonRow> PeopleRows(WorkflowsDbContext db) =>
        from p in db.Set<Person>().AsNoTracking()
        join u in db.Set<MemberUnit>() on p.MemberUnitId equals u.Id into pu
        from u in pu.DefaultIfEmpty()
        join d in db.Set<District>() on u.DistrictId equals d.Id into ud
        from d in ud.DefaultIfEmpty()
        select new PersonRow
        {
            Id = p.Id, Name = p.Name, TitleName = p.TitleName, Specialty = p.Specialty, UnitId = p.MemberUnitId, Unit = u.Name, District = d.Name, Affiliation = p.Affiliation,
        };

    /// <summary>People a limited caller may choose: their unit's, and the committee of the branches they chair.</summary>
    private static IQueryable<string> PeopleInScope(WorkflowsDbContext db, Scope scope) =>
        db.Set<Person>().Where(p => p.MemberUnitId != null && p.MemberUnitId == scope.UnitId).Select(p => p.Id)
            .Union(db.Set<BranchOfficeHolder>().Where(h => scope.BranchIds.Contains(h.BranchId)).Select(h => h.PersonId));

    private static Task<PickerPage> PeopleAsync(WorkflowsDbContext db, Scope scope, Query request, CancellationToken ct)
    {
        var rows = PeopleRows(db);
        if (!scope.All)
        {
            var allowed = PeopleInScope(db, scope);
            rows = rows.Where(r => allowed.Contains(r.Id));
        }
        if (request.Ids is { } ids) rows = rows.Where(r => ids.Contains(r.Id));
        if (request.UnitId is { } unit) rows = rows.Where(r => r.UnitId == unit);
        foreach (var t in request.Terms)
            rows = rows.Where(r => r.Name.Contains(t) || (r.Unit != null && r.Unit.Contains(t)) || (r.District != null && r.District.Contains(t))
                || (r.TitleName != null && r.TitleName.Contains(t)) || (r.Specialty != null && r.Specialty.Contains(t)));
        return PageAsync(rows.OrderBy(r => r.Name).ThenBy(r => r.Id), request,
            r => new PickerItem(r.Id, r.Name, Join(r.TitleName, r.Specialty, r.Unit ?? r.Affiliation, r.District), r.UnitId), ct);
    }

    private static Task<PickerPage> UnitsAsync(WorkflowsDbContext db, Scope scope, Query request, CancellationToken ct)
    {
        var rows = from u in db.Set<MemberUnit>().AsNoTracking()
                   join d in db.Set<District>() on u.DistrictId equals d.Id into ud
                   from d in ud.DefaultIfEmpty()
                   select new { u.Id, u.Name, u.Kind, u.GradeLabel, District = d.Name };
        if (!scope.All)
        {
            var chairUnits = db.Set<Branch>().Where(b => scope.BranchIds.Contains(b.Id) && b.ChairUnitId != null).Select(b => b.ChairUnitId!);
            rows = rows.Where(r => r.Id == scope.UnitId || chairUnits.Contains(r.Id));
        }
        if (request.Ids is { } ids) rows = rows.Where(r => ids.Contains(r.Id));
        foreach (var t in request.Terms)
            rows = rows.Where(r => r.Name.Contains(t) || (r.District != null && r.District.Contains(t)) || (r.GradeLabel != null && r.GradeLabel.Contains(t)));
        return PageAsync(rows.OrderBy(r => r.Name).ThenBy(r => r.Id), request,
            r => new PickerItem(r.Id, r.Name, Join(r.Kind == MemberUnitKind.Hospital ? r.GradeLabel ?? Ui.T("医院", "hospital") : Ui.T("诊所", "clinic"), r.District), r.Id), ct);
    }

    private static Task<PickerPage> BranchesAsync(WorkflowsDbContext db, Scope scope, Query request, CancellationToken ct)
    {
        var rows = db.Set<Branch>().AsNoTracking().Where(b => b.Status != BranchStatus.Merged && b.Status != BranchStatus.Dissolved);
        if (!scope.All) rows = rows.Where(b => scope.BranchIds.Contains(b.Id));
        if (request.Ids is { } ids) rows = rows.Where(b => ids.Contains(b.Id));
        foreach (var t in request.Terms)
            rows = rows.Where(b => b.Name.Contains(t) || b.Code.Contains(t) || (b.Discipline != null && b.Discipline.Contains(t)));
        return PageAsync(rows.OrderBy(b => b.Code), request, b => new PickerItem(b.Id, Ui.IsEnglish ? b.NameEn ?? b.Name : b.Name, Join(Display.Status(b.Status), b.Discipline)), ct);
    }

    private static Task<PickerPage> ExpertsAsync(WorkflowsDbContext db, Scope scope, Query request, CancellationToken ct)
    {
        var rows = from e in db.Set<Expert>().AsNoTracking()
                   join p in PeopleRows(db) on e.PersonId equals p.Id
                   select new { e.Id, e.PersonId, e.Specialty, e.NominatedByUnitId, e.NominatedByBranchId, Person = p };
        if (!scope.All)
        {
            var allowed = PeopleInScope(db, scope);
            rows = rows.Where(r => allowed.Contains(r.PersonId) || (r.NominatedByUnitId != null && r.NominatedByUnitId == scope.UnitId)
                || (r.NominatedByBranchId != null && scope.BranchIds.Contains(r.NominatedByBranchId)));
        }
        if (request.Ids is { } ids) rows = rows.Where(r => ids.Contains(r.Id));
        foreach (var t in request.Terms)
            rows = rows.Where(r => r.Person.Name.Contains(t) || r.Specialty.Contains(t) || (r.Person.Unit != null && r.Person.Unit.Contains(t))
                || (r.Person.District != null && r.Person.District.Contains(t)) || (r.Person.TitleName != null && r.Person.TitleName.Contains(t)));
        return PageAsync(rows.OrderBy(r => r.Person.Name).ThenBy(r => r.Id), request,
            r => new PickerItem(r.Id, r.Person.Name, Join(r.Specialty, r.Person.TitleName, r.Person.Unit, r.Person.District), r.Person.UnitId), ct);
    }

    private static string Join(params string?[] parts) => string.Join(" · ", parts.Where(p => !string.IsNullOrWhiteSpace(p)));

    private static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime);
}
