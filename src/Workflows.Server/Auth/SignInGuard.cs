using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Workflows.Runtime.Identity;
using Workflows.Server.Hosting;
using Workflows.Server.Security;

namespace Workflows.Server.Auth;

public sealed class SignInOptions
{
    /// <summary>Sign-in attempts per client address per <see cref="Window"/> (the API and the form together).</summary>
    public int PermitsPerAddress { get; set; } = 30;

    /// <summary>Sign-in attempts per user name per <see cref="Window"/>, from any address.</summary>
    public int PermitsPerUser { get; set; } = 10;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>This many wrong passwords for one name within <see cref="LockoutWindow"/> lock it for <see cref="LockoutDuration"/>.</summary>
    public int LockoutFailures { get; set; } = 5;

    public TimeSpan LockoutWindow { get; set; } = TimeSpan.FromMinutes(15);
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// Sign-in protection for <c>/api/auth/login</c> and the <c>/login</c> form: ASP.NET Core's rate limiter per client
/// address (an endpoint policy) and per user name (here, because the name is in the body), and a lockout after
/// repeated failures. Names are treated alike whether or not they exist, so neither the answers nor their timing
/// tell which do. Lockouts are kept per node in memory; the audit entry is in the database.
/// </summary>
public sealed class SignInGuard(IOptions<SignInOptions> options, TimeProvider clock, ILogger<SignInGuard> logger) : IDisposable
{
    public const string AddressPolicy = "sign-in-address";

    private readonly PartitionedRateLimiter<string> _perUser = PartitionedRateLimiter.Create<string, string>(name =>
        RateLimitPartition.GetFixedWindowLimiter(name, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.PermitsPerUser,
            Window = options.Value.Window,
            QueueLimit = 0,
        }));

    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);

    private sealed class Failures
    {
        public readonly Queue<DateTimeOffset> Times = new();
        public DateTimeOffset? LockedUntil;
    }

    public sealed record Attempt(UserInfo? User, IResult? Refusal);

    public async Task<Attempt> SignInAsync(HttpContext http, string userName, string password, CancellationToken cancellationToken)
    {
        var key = userName.ToLowerInvariant();
        using var lease = _perUser.AttemptAcquire(key);
        if (!lease.IsAcquired)
        {
            var retry = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : options.Value.Window;
            return new Attempt(null, TooMany(http, retry, Ui.T("此用户名的登录尝试过于频繁，请稍后再试。", "Too many sign-in attempts for this user name; try again later.")));
        }
        if (LockedFor(key) is { } remaining)
            return new Attempt(null, TooMany(http, remaining, Ui.T("登录失败次数过多，账户已暂时锁定，请稍后再试。", "Too many failed sign-ins; the account is locked for a while.")));

        var user = await http.RequestServices.GetRequiredService<UserDirectory>().VerifyAsync(userName, password, cancellationToken);
        if (user is not null)
        {
            _failures.TryRemove(key, out _);
            return new Attempt(user, null);
        }
        if (RecordFailure(key))
        {
            var address = http.Connection.RemoteIpAddress?.ToString();
            logger.LogWarning("Sign-in for {UserName} locked for {Duration} after {Failures} failures (last from {Address})",
                userName, options.Value.LockoutDuration, options.Value.LockoutFailures, address);
            await http.RequestServices.GetRequiredService<UserAccounts>().AuditAsync(SecurityAuditKinds.LockedOut, userName, address,
                $"{options.Value.LockoutFailures} failed sign-ins within {options.Value.LockoutWindow}; locked for {options.Value.LockoutDuration}", cancellationToken);
        }
        return new Attempt(null, Problems.Result(StatusCodes.Status401Unauthorized, Ui.T("用户名或密码错误。", "Wrong user name or password."), Ui.T("登录失败", "Sign-in failed")));
    }

    /// <summary>How long the name stays locked, or null.</summary>
    public TimeSpan? LockedFor(string userName)
    {
        if (!_failures.TryGetValue(userName.ToLowerInvariant(), out var failures)) return null;
        lock (failures)
        {
            var now = clock.GetUtcNow();
            if (failures.LockedUntil is { } until && until > now) return until - now;
            return null;
        }
    }

    /// <summary>Counts a failure; true when it locks the name.</summary>
    private bool RecordFailure(string key)
    {
        var failures = _failures.GetOrAdd(key, _ => new Failures());
        lock (failures)
        {
            var now = clock.GetUtcNow();
            while (failures.Times.Count > 0 && now - failures.Times.Peek() > options.Value.LockoutWindow) failures.Times.Dequeue();
            failures.Times.Enqueue(now);
            if (failures.Times.Count < options.Value.LockoutFailures) return false;
            failures.Times.Clear();
            failures.LockedUntil = now + options.Value.LockoutDuration;
            return true;
        }
    }

    private static IResult TooMany(HttpContext http, TimeSpan retryAfter, string detail)
    {
        http.Response.Headers.RetryAfter = RetryAfterSeconds(retryAfter);
        return Problems.Result(StatusCodes.Status429TooManyRequests, detail);
    }

    public static string RetryAfterSeconds(TimeSpan after) => Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    public void Dispose() => _perUser.Dispose();
}

public static class SignInProtection
{
    public static IServiceCollection AddSignInProtection(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SignInOptions>(configuration.GetSection("Auth:SignIn"));
        services.AddSingleton<SignInGuard>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (ctx, ct) =>
            {
                var window = ctx.HttpContext.RequestServices.GetRequiredService<IOptions<SignInOptions>>().Value.Window;
                ctx.HttpContext.Response.Headers.RetryAfter = SignInGuard.RetryAfterSeconds(
                    ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : window);
                await Problems.WriteAsync(ctx.HttpContext, StatusCodes.Status429TooManyRequests,
                    Ui.T("来自此地址的登录尝试过于频繁，请稍后再试。", "Too many sign-in attempts from this address; try again later."));
            };
            // Only the posts count: showing the sign-in page is free.
            o.AddPolicy(SignInGuard.AddressPolicy, http =>
            {
                if (!HttpMethods.IsPost(http.Request.Method)) return RateLimitPartition.GetNoLimiter("read");
                var settings = http.RequestServices.GetRequiredService<IOptions<SignInOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "local", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = settings.PermitsPerAddress,
                    Window = settings.Window,
                    QueueLimit = 0,
                });
            });
        });
        return services;
    }
}
