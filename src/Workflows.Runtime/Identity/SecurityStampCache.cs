using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Identity;

public sealed class SessionOptions
{
    /// <summary>How long a user's stamp is trusted before it is read again; another node sees a revocation within this time.</summary>
    public TimeSpan StampCacheTime { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// The current security stamp per user, read from the database at most once per <see cref="SessionOptions.StampCacheTime"/>
/// (every request checks it). Null means the user does not exist or is disabled.
/// </summary>
public sealed class SecurityStampCache(IMemoryCache cache, IServiceScopeFactory scopes, IOptions<SessionOptions> options, TimeProvider clock)
{
    private sealed record Entry(string? Stamp, DateTimeOffset ReadAt);

    public async ValueTask<string?> GetAsync(string userName, CancellationToken cancellationToken = default)
    {
        var key = Key(userName);
        // The entry's age is checked against the TimeProvider, so that a controlled clock governs it too.
        if (cache.TryGetValue(key, out Entry? entry) && entry is not null && clock.GetUtcNow() - entry.ReadAt < options.Value.StampCacheTime)
            return entry.Stamp;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var stamp = await db.Users.AsNoTracking().Where(u => u.UserName == userName && u.IsActive).Select(u => u.SecurityStamp).FirstOrDefaultAsync(cancellationToken);
        cache.Set(key, new Entry(stamp, clock.GetUtcNow()), options.Value.StampCacheTime + TimeSpan.FromMinutes(1));
        return stamp;
    }

    public void Evict(string userName) => cache.Remove(Key(userName));

    private static string Key(string userName) => "security-stamp:" + userName;
}
