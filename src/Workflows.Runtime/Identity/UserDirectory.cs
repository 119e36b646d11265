using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflows.Engine.Model;
using Workflows.Engine.Services;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Identity;

/// <summary>The role keys the processes and the inbox rely on (DEVELOPERS.md conventions).</summary>
public static class RoleKeys
{
    public const string Secretariat = "secretariat";
    public const string LeadershipGroupLeader = "leadershipGroupLeader";
    public const string LeadershipGroupDeputy = "leadershipGroupDeputy";
    public const string LeadershipGroupMember = "leadershipGroupMember";
    public const string PartyCommittee = "partyCommittee";
    public const string StandingCouncil = "standingCouncil";
    public const string Expert = "expert";
    public const string BranchChair = "branchChair";
    public const string MemberUnit = "memberUnit";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<(string Key, string Zh, string En)> All =
    [
        (Secretariat, "秘书处", "Secretariat"),
        (LeadershipGroupLeader, "领导小组组长", "Leadership group leader"),
        (LeadershipGroupDeputy, "领导小组副组长", "Leadership group deputy"),
        (LeadershipGroupMember, "领导小组成员", "Leadership group member"),
        (PartyCommittee, "协会党委", "Party committee"),
        (StandingCouncil, "常务理事会", "Standing council"),
        (Expert, "专家", "Expert"),
        (BranchChair, "分会主任委员", "Branch chair"),
        (MemberUnit, "会员单位", "Member unit"),
        (Admin, "系统管理员", "Administrator"),
    ];
}

public sealed record UserInfo(string Id, string UserName, string DisplayName, string? Email, string Culture, IReadOnlyList<string> Roles, string SecurityStamp = "");

/// <summary>Users, roles and passwords (hashed with ASP.NET Core Identity's hasher).</summary>
public sealed class UserDirectory(WorkflowsDbContext db, IIdGenerator ids, TimeProvider clock, IOptions<PasswordHasherOptions> hasherOptions, ILogger<UserDirectory> logger)
{
    private readonly PasswordHasher<UserRecord> _hasher = new(hasherOptions);
    private static readonly UserRecord DummyUser = new() { Id = "", UserName = "", DisplayName = "", PasswordHash = "" };
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> ReferenceHashes = new(StringComparer.Ordinal);

    /// <summary>One user's stored hash per database, read once.</summary>
    private async Task<string> ReferenceHashAsync(CancellationToken cancellationToken)
    {
        var key = db.Database.GetConnectionString() ?? "";
        if (ReferenceHashes.TryGetValue(key, out var hash)) return hash;
        hash = await db.Users.AsNoTracking().Where(u => u.IsActive).OrderByDescending(u => u.CreatedAt).Select(u => u.PasswordHash).FirstOrDefaultAsync(cancellationToken)
            ?? _hasher.HashPassword(DummyUser, Guid.NewGuid().ToString("N"));
        return ReferenceHashes.GetOrAdd(key, hash);
    }

    public async Task<UserInfo?> FindAsync(string userName, CancellationToken cancellationToken = default)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == userName && u.IsActive, cancellationToken);
        return user is null ? null : await ToInfoAsync(user, cancellationToken);
    }

    /// <summary>Checks a password; null when the user does not exist, is disabled, or the password is wrong.</summary>
    public async Task<UserInfo?> VerifyAsync(string userName, string password, CancellationToken cancellationToken = default)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == userName && u.IsActive, cancellationToken);
        if (user is null)
        {
            // The same hashing work as for a real user, so the answer's timing does not tell which names exist: a real
            // user's stored hash (same format and iteration count as theirs), the result ignored.
            _hasher.VerifyHashedPassword(DummyUser, await ReferenceHashAsync(cancellationToken), password);
            return null;
        }
        var result = _hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (result == PasswordVerificationResult.Failed) return null;
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = _hasher.HashPassword(user, password);
            await db.SaveChangesAsync(cancellationToken);
        }
        return await ToInfoAsync(user, cancellationToken);
    }

    public async Task<IReadOnlyList<UserInfo>> HoldersOfRoleAsync(string roleKey, CancellationToken cancellationToken = default)
    {
        var users = await db.Users.AsNoTracking()
            .Where(u => u.IsActive && db.UserRoles.Any(r => r.UserId == u.Id && r.RoleKey == roleKey))
            .OrderBy(u => u.UserName).ToListAsync(cancellationToken);
        var result = new List<UserInfo>();
        foreach (var u in users) result.Add(await ToInfoAsync(u, cancellationToken));
        return result;
    }

    private async Task<UserInfo> ToInfoAsync(UserRecord user, CancellationToken cancellationToken)
    {
        var roles = await db.UserRoles.AsNoTracking().Where(r => r.UserId == user.Id).Select(r => r.RoleKey).OrderBy(r => r).ToListAsync(cancellationToken);
        return new UserInfo(user.Id, user.UserName, user.DisplayName, user.Email, user.Culture, roles, user.SecurityStamp);
    }

    /// <summary>Reference data: the role catalogue, from seeds/roles.json when present, else the built-in list.</summary>
    public async Task SeedRolesAsync(string? rolesFile, CancellationToken cancellationToken = default)
    {
        var roles = RoleKeys.All.Select(r => (r.Key, r.Zh, r.En, Description: (string?)null)).ToList();
        if (rolesFile is not null && File.Exists(rolesFile))
        {
            foreach (var item in (JsonNode.Parse(await File.ReadAllTextAsync(rolesFile, cancellationToken)) as JsonArray ?? []).OfType<JsonObject>())
            {
                var key = item.GetString("key") ?? item.GetString("id");
                if (string.IsNullOrEmpty(key)) continue;
                roles.RemoveAll(r => r.Key == key);
                roles.Add((key, item.GetString("nameZh") ?? item.GetString("name") ?? key, item.GetString("nameEn") ?? key, item.GetString("description")));
            }
        }
        var existing = await db.Roles.ToDictionaryAsync(r => r.Key, cancellationToken);
        foreach (var (key, zh, en, description) in roles)
        {
            if (existing.TryGetValue(key, out var record))
            {
                record.NameZh = zh;
                record.NameEn = en;
                record.Description = description;
            }
            else
            {
                db.Roles.Add(new RoleRecord { Key = key, NameZh = zh, NameEn = en, Description = description });
            }
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Development users from seeds/demo-users.json: <c>[{userName, password, displayName, email, roles:[…]}]</c>.
    /// Creates missing users and brings roles in line; an existing user's password is left alone.
    /// </summary>
    public async Task<int> SeedUsersAsync(string usersFile, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(usersFile))
        {
            logger.LogWarning("Demo users file {File} not found; no demo users seeded", usersFile);
            return 0;
        }
        JsonArray items;
        try
        {
            items = JsonNode.Parse(await File.ReadAllTextAsync(usersFile, cancellationToken)) as JsonArray ?? [];
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"{usersFile} is not valid JSON: {ex.Message}", ex);
        }

        var created = 0;
        foreach (var item in items.OfType<JsonObject>())
        {
            var userName = item.GetString("userName");
            var password = item.GetString("password");
            if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password)) continue;
            var roles = (item.GetArray("roles") ?? []).Select(r => r?.GetValue<string>()).Where(r => !string.IsNullOrEmpty(r)).Select(r => r!).ToList();
            var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == userName, cancellationToken);
            if (user is null)
            {
                user = new UserRecord
                {
                    Id = ids.NewId(),
                    UserName = userName,
                    DisplayName = item.GetString("displayName") ?? userName,
                    Email = item.GetString("email"),
                    Culture = item.GetString("culture") ?? "zh-CN",
                    PasswordHash = "",
                    CreatedAt = clock.GetUtcNow().UtcDateTime,
                    SecurityStamp = UserAccounts.NewStamp(),
                };
                user.PasswordHash = _hasher.HashPassword(user, password);
                db.Users.Add(user);
                created++;
            }
            else
            {
                user.DisplayName = item.GetString("displayName") ?? user.DisplayName;
                user.Email = item.GetString("email") ?? user.Email;
            }
            var current = await db.UserRoles.Where(r => r.UserId == user.Id).ToListAsync(cancellationToken);
            // Changed roles end the user's sessions: their tokens carry the old roles.
            if (current.Count != roles.Count || current.Any(c => !roles.Contains(c.RoleKey))) user.SecurityStamp = UserAccounts.NewStamp();
            db.UserRoles.RemoveRange(current.Where(r => !roles.Contains(r.RoleKey)));
            foreach (var role in roles.Where(r => current.All(c => c.RoleKey != r)))
                db.UserRoles.Add(new UserRoleRecord { UserId = user.Id, RoleKey = role });
        }
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Seeded demo users from {File}: {Created} created", usersFile, created);
        return created;
    }
}
