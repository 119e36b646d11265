using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflows.Engine.Services;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Identity;

/// <summary>
/// Changes to an account that end its sessions: every one writes a new security stamp, so tokens and cookies issued
/// before it stop working (at once on this node, within the stamp cache's time on the others), and leaves an audit entry.
/// </summary>
public sealed class UserAccounts(WorkflowsDbContext db, IIdGenerator ids, TimeProvider clock, SecurityStampCache stamps,
    IOptions<PasswordHasherOptions> hasherOptions, ILogger<UserAccounts> logger)
{
    private readonly PasswordHasher<UserRecord> _hasher = new(hasherOptions);

    public static string NewStamp() => Guid.NewGuid().ToString("N");

    /// <summary>Sign-out: every token and cookie of the user ends, not only the one signing out.</summary>
    public Task<bool> EndSessionsAsync(string userName, string reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(userName, reason, _ => Task.CompletedTask, cancellationToken);

    public Task<bool> ChangePasswordAsync(string userName, string newPassword, CancellationToken cancellationToken = default) =>
        ChangeAsync(userName, "password changed", user =>
        {
            user.PasswordHash = _hasher.HashPassword(user, newPassword);
            return Task.CompletedTask;
        }, cancellationToken);

    public Task<bool> SetActiveAsync(string userName, bool active, CancellationToken cancellationToken = default) =>
        ChangeAsync(userName, active ? "enabled" : "disabled", user =>
        {
            user.IsActive = active;
            return Task.CompletedTask;
        }, cancellationToken, includeInactive: true);

    public Task<bool> SetRolesAsync(string userName, IReadOnlyCollection<string> roles, CancellationToken cancellationToken = default) =>
        ChangeAsync(userName, "roles changed to " + string.Join(",", roles), async user =>
        {
            var current = await db.UserRoles.Where(r => r.UserId == user.Id).ToListAsync(cancellationToken);
            db.UserRoles.RemoveRange(current.Where(r => !roles.Contains(r.RoleKey)));
            foreach (var role in roles.Where(r => current.All(c => c.RoleKey != r)))
                db.UserRoles.Add(new UserRoleRecord { UserId = user.Id, RoleKey = role });
        }, cancellationToken, includeInactive: true);

    public async Task<bool> DeleteAsync(string userName, CancellationToken cancellationToken = default)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == userName, cancellationToken);
        if (user is null) return false;
        db.UserRoles.RemoveRange(await db.UserRoles.Where(r => r.UserId == user.Id).ToListAsync(cancellationToken));
        db.Users.Remove(user);
        Audit(SecurityAuditKinds.SessionsEnded, userName, null, "user deleted");
        await db.SaveChangesAsync(cancellationToken);
        stamps.Evict(userName);
        logger.LogInformation("User {UserName} deleted; their sessions end", userName);
        return true;
    }

    /// <summary>Writes a security-audit entry.</summary>
    public async Task AuditAsync(string kind, string userName, string? address, string? detail, CancellationToken cancellationToken = default)
    {
        Audit(kind, userName, address, detail);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<SecurityAuditRecord>> AuditEntriesAsync(string userName, CancellationToken cancellationToken = default) =>
        await db.Set<SecurityAuditRecord>().AsNoTracking().Where(a => a.UserName == userName).OrderBy(a => a.At).ToListAsync(cancellationToken);

    private void Audit(string kind, string userName, string? address, string? detail) =>
        db.Set<SecurityAuditRecord>().Add(new SecurityAuditRecord
        {
            Id = ids.NewId(),
            At = clock.GetUtcNow().UtcDateTime,
            Kind = kind,
            UserName = userName.Length > RuntimeModel.NameLength ? userName[..RuntimeModel.NameLength] : userName,
            Address = address,
            Detail = detail,
        });

    private async Task<bool> ChangeAsync(string userName, string reason, Func<UserRecord, Task> change, CancellationToken cancellationToken, bool includeInactive = false)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == userName && (includeInactive || u.IsActive), cancellationToken);
        if (user is null) return false;
        await change(user);
        user.SecurityStamp = NewStamp();
        Audit(SecurityAuditKinds.SessionsEnded, userName, null, reason);
        await db.SaveChangesAsync(cancellationToken);
        stamps.Evict(userName);
        logger.LogInformation("Sessions of {UserName} ended: {Reason}", userName, reason);
        return true;
    }
}
