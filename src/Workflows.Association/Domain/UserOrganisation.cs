using Microsoft.EntityFrameworkCore;

namespace Workflows.Association.Domain;

/// <summary>A branch a user chairs, as the pickers and the start rules need it.</summary>
public sealed record ChairedBranch(string Id, string Name);

/// <summary>
/// Where a signed-in user belongs in the Association: the register's person they are (<see cref="Person.UserName"/>),
/// that person's member unit, and the branches whose current chair they are. Read on every use rather than put in
/// the token, so a change of chair or of unit counts at once.
/// </summary>
public sealed record UserOrganisation(string UserName, string? PersonId, string? PersonName, string? MemberUnitId, string? MemberUnitName, IReadOnlyList<ChairedBranch> ChairedBranches)
{
    public static UserOrganisation None(string userName) => new(userName, null, null, null, null, []);

    public bool IsOwnUnit(string? memberUnitId) => MemberUnitId is not null && string.Equals(MemberUnitId, memberUnitId, StringComparison.Ordinal);

    public bool ChairsBranch(string? branchId) => branchId is not null && ChairedBranches.Any(b => b.Id == branchId);
}

/// <summary>Looks up a user's <see cref="UserOrganisation"/> through any DbContext whose model includes the Association's.</summary>
public static class UserOrganisations
{
    public static async Task<UserOrganisation> FindAsync(DbContext db, string userName, DateOnly today, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (string.IsNullOrEmpty(userName)) return UserOrganisation.None(userName ?? "");
        var person = await db.Set<Person>().AsNoTracking().Where(p => p.UserName == userName)
            .Select(p => new { p.Id, p.Name, p.MemberUnitId }).FirstOrDefaultAsync(cancellationToken);
        if (person is null) return UserOrganisation.None(userName);

        var unitName = person.MemberUnitId is null ? null
            : await db.Set<MemberUnit>().AsNoTracking().Where(u => u.Id == person.MemberUnitId).Select(u => u.Name).FirstOrDefaultAsync(cancellationToken);

        // The branches where the person ever chaired, then each one's current chair: only those still chaired by them.
        var candidateIds = await db.Set<BranchOfficeHolder>().AsNoTracking()
            .Where(h => h.PersonId == person.Id && h.Position == OfficePosition.Chair).Select(h => h.BranchId).Distinct().ToListAsync(cancellationToken);
        var chairs = await db.Set<BranchOfficeHolder>().AsNoTracking()
            .Where(h => candidateIds.Contains(h.BranchId) && h.Position == OfficePosition.Chair).ToListAsync(cancellationToken);
        var branches = await db.Set<Branch>().AsNoTracking()
            .Where(b => candidateIds.Contains(b.Id) && b.Status != BranchStatus.Merged && b.Status != BranchStatus.Dissolved)
            .OrderBy(b => b.Code).Select(b => new { b.Id, b.Name }).ToListAsync(cancellationToken);
        var chaired = branches
            .Where(b => OfficeTerms.Current(chairs.Where(h => h.BranchId == b.Id), today).Any(h => h.PersonId == person.Id))
            .Select(b => new ChairedBranch(b.Id, b.Name)).ToList();
        return new UserOrganisation(userName, person.Id, person.Name, person.MemberUnitId, unitName, chaired);
    }
}

/// <summary>Which office holders are in office.</summary>
public static class OfficeTerms
{
    /// <summary>
    /// Holders whose term is running; if none is, those of the latest term: terms on record often ended on paper
    /// while the holders stay in office until replaced.
    /// </summary>
    public static IEnumerable<BranchOfficeHolder> Current(IEnumerable<BranchOfficeHolder> holders, DateOnly today)
    {
        var list = holders.ToList();
        var running = list.Where(h => h.TermEnd is null || h.TermEnd >= today).ToList();
        if (running.Count > 0)
        {
            return running.OrderByDescending(h => h.TermStart);
        }

        var latest = list.Select(h => (DateOnly?)h.TermStart).Max();
        return list.Where(h => h.TermStart == latest);
    }
}
