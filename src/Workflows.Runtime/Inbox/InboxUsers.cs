using Microsoft.EntityFrameworkCore;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Inbox;

/// <summary>The few things the inbox asks about people: do they exist, what are they called, who holds a role.</summary>
public static class InboxUsers
{
    public static async Task<Dictionary<string, string>> DisplayNamesAsync(WorkflowsDbContext db, IEnumerable<string?> userNames, CancellationToken cancellationToken)
    {
        var names = userNames.Where(n => !string.IsNullOrEmpty(n)).Select(n => n!).Distinct(StringComparer.Ordinal).ToList();
        if (names.Count == 0) return new(StringComparer.Ordinal);
        return await db.Users.AsNoTracking().Where(u => names.Contains(u.UserName))
            .ToDictionaryAsync(u => u.UserName, u => u.DisplayName, StringComparer.Ordinal, cancellationToken);
    }

    public static async Task<string?> DisplayNameAsync(WorkflowsDbContext db, string userName, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking().Where(u => u.UserName == userName).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The user names among <paramref name="userNames"/> that are not active users.</summary>
    public static async Task<List<string>> UnknownAsync(WorkflowsDbContext db, IReadOnlyCollection<string> userNames, CancellationToken cancellationToken)
    {
        var known = await db.Users.AsNoTracking().Where(u => u.IsActive && userNames.Contains(u.UserName)).Select(u => u.UserName).ToListAsync(cancellationToken);
        return userNames.Where(n => !known.Contains(n, StringComparer.Ordinal)).ToList();
    }

    public static async Task<List<string>> HoldersAsync(WorkflowsDbContext db, string roleKey, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking()
            .Where(u => u.IsActive && db.UserRoles.Any(r => r.UserId == u.Id && r.RoleKey == roleKey))
            .OrderBy(u => u.UserName).Select(u => u.UserName).ToListAsync(cancellationToken);

    public static async Task<string?> RoleNameAsync(WorkflowsDbContext db, string roleKey, bool english, CancellationToken cancellationToken) =>
        await db.Roles.AsNoTracking().Where(r => r.Key == roleKey).Select(r => english ? r.NameEn : r.NameZh).FirstOrDefaultAsync(cancellationToken);
}
