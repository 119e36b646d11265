using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Workflows.Runtime.Identity;
using Workflows.Runtime.Inbox;
using Workflows.Server.Hosting;
using Workflows.Server.Security;

namespace Workflows.Server.Auth;

public sealed class AuthOptions
{
    /// <summary>HMAC key for access tokens. Every node must share it; without one a key is generated into data/.</summary>
    public string? SigningKey { get; set; }
    /// <summary>Access tokens are short-lived; pages renew theirs with the cookie (Studio at 80% of the lifetime).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The page cookie (sliding): a working day.</summary>
    public TimeSpan CookieLifetime { get; set; } = TimeSpan.FromHours(8);
    public string Issuer { get; set; } = "workflows";
}

public static class Claims
{
    public const string UserName = "sub";
    public const string DisplayName = "name";
    public const string Role = "role";
    public const string SecurityStamp = "sst";
}

public static class Policies
{
    /// <summary>Definition changes in the designer API are for the secretariat (and administrators).</summary>
    public const string Secretariat = "secretariat";
}

public static class AuthSetup
{
    private const string SmartScheme = "jwt-or-cookie";

    public static IServiceCollection AddWorkflowsAuth(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var options = configuration.GetSection("Auth").Get<AuthOptions>() ?? new AuthOptions();
        var key = new SymmetricSecurityKey(LoadOrCreateKey(options, contentRoot, configuration));
        services.AddSingleton(new TokenService(key, options));

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SmartScheme;
                o.DefaultChallengeScheme = SmartScheme;
            })
            .AddPolicyScheme(SmartScheme, "Bearer token or cookie", o =>
                o.ForwardDefaultSelector = ctx => ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? JwtBearerDefaults.AuthenticationScheme
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                // The library's reason (e.g. "IDX10223: Lifetime validation failed") stays in the log, not in the answer.
                o.IncludeErrorDetails = false;
                o.Events = SessionChecks.BearerEvents();
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = options.Issuer,
                    ValidAudience = options.Issuer,
                    IssuerSigningKey = key,
                    NameClaimType = Claims.UserName,
                    RoleClaimType = Claims.Role,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
            })
            .AddCookie(o =>
            {
                o.LoginPath = "/login";
                o.Cookie.Name = "workflows.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.AccessDeniedPath = "/access-denied";
                o.ExpireTimeSpan = options.CookieLifetime;
                o.SlidingExpiration = true;
                // APIs answer 401/403 with a body; only pages are redirected to the sign-in or access-denied page.
                o.Events.OnRedirectToLogin = ctx => IsApi(ctx.Request) ? Problems.WriteAsync(ctx.HttpContext, 401) : Redirect(ctx);
                o.Events.OnRedirectToAccessDenied = ctx => IsApi(ctx.Request) ? Problems.WriteAsync(ctx.HttpContext, 403) : Redirect(ctx);
                o.Events.OnValidatePrincipal = SessionChecks.ValidateCookieAsync;
            });

        services.AddSessionChecks();
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Secretariat, p => p.RequireRole(RoleKeys.Secretariat, RoleKeys.Admin));
        return services;
    }

    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/elsa/api");

    private static Task Redirect(RedirectContext<CookieAuthenticationOptions> ctx)
    {
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    private static byte[] LoadOrCreateKey(AuthOptions options, string contentRoot, IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(options.SigningKey)) return Encoding.UTF8.GetBytes(options.SigningKey.PadRight(32, '#'));
        var dataFolder = PathResolver.Resolve(contentRoot, configuration["Paths:Data"] ?? "data");
        Directory.CreateDirectory(dataFolder);
        var file = Path.Combine(dataFolder, "auth-signing.key");
        if (File.Exists(file)) return Convert.FromBase64String(File.ReadAllText(file).Trim());
        var bytes = RandomNumberGenerator.GetBytes(64);
        File.WriteAllText(file, Convert.ToBase64String(bytes));
        return bytes;
    }

    public static Actor ToActor(this ClaimsPrincipal user) =>
        new(user.FindFirst(Claims.UserName)?.Value ?? user.Identity?.Name ?? "", user.FindAll(Claims.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal));

    public static ClaimsPrincipal ToPrincipal(UserInfo user, string scheme)
    {
        var claims = new List<Claim> { new(Claims.UserName, user.UserName), new(Claims.DisplayName, user.DisplayName), new(Claims.SecurityStamp, user.SecurityStamp) };
        claims.AddRange(user.Roles.Select(r => new Claim(Claims.Role, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, Claims.UserName, Claims.Role));
    }
}

/// <summary>Issues signed access tokens (JWT, HMAC-SHA256) for the API and for Elsa Studio's access-token attribute.</summary>
public sealed class TokenService(SymmetricSecurityKey key, AuthOptions options)
{
    private readonly JsonWebTokenHandler _handler = new();

    public (string Token, DateTimeOffset ExpiresAt) Issue(ClaimsPrincipal principal, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var expires = now + options.TokenLifetime;
        var claims = new Dictionary<string, object>
        {
            [Claims.UserName] = principal.FindFirst(Claims.UserName)?.Value ?? "",
            [Claims.DisplayName] = principal.FindFirst(Claims.DisplayName)?.Value ?? "",
            [Claims.Role] = principal.FindAll(Claims.Role).Select(c => c.Value).ToArray(),
            [Claims.SecurityStamp] = principal.FindFirst(Claims.SecurityStamp)?.Value ?? "",
        };
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Issuer,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }
}

public static class AuthEndpoints
{
    public sealed record LoginRequest(string? UserName, string? Password);

    public sealed record PasswordChange(string? CurrentPassword, string? NewPassword);

    public static void MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/auth/login", async (LoginRequest? request, HttpContext http, SignInGuard guard, UserDirectory users, TokenService tokens, TimeProvider clock, CancellationToken ct) =>
        {
            if (request is null || string.IsNullOrWhiteSpace(request.UserName) || string.IsNullOrEmpty(request.Password))
                return Results.BadRequest(new ApiError(Ui.T("缺少用户名或密码", "User name or password missing"), Ui.T("请提供 userName 和 password。", "userName and password are required.")));
            var attempt = await guard.SignInAsync(http, request.UserName.Trim(), request.Password, ct);
            if (attempt.Refusal is { } refusal) return refusal;
            var (token, expiresAt) = tokens.Issue(AuthSetup.ToPrincipal(attempt.User!, JwtBearerDefaults.AuthenticationScheme), clock);
            return Results.Ok(new { accessToken = token, expiresAt, userName = attempt.User!.UserName, displayName = attempt.User.DisplayName, roles = attempt.User.Roles });
        }).AllowAnonymous().RequireRateLimiting(SignInGuard.AddressPolicy);

        app.MapGet("/api/me", (ClaimsPrincipal user) => Results.Ok(new
        {
            userName = user.FindFirst(Claims.UserName)?.Value,
            displayName = user.FindFirst(Claims.DisplayName)?.Value,
            roles = user.FindAll(Claims.Role).Select(c => c.Value),
        })).RequireAuthorization();

        // Ends every session of the caller (all tokens and cookies), not only this one.
        app.MapPost("/api/auth/logout", async (HttpContext ctx, UserAccounts accounts, CancellationToken ct) =>
        {
            await accounts.EndSessionsAsync(ctx.User.ToActor().UserName, "signed out", ct);
            await ctx.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.NoContent();
        }).RequireAuthorization();

        app.MapPost("/api/auth/password", async (PasswordChange? change, HttpContext ctx, UserDirectory users, UserAccounts accounts, CancellationToken ct) =>
        {
            var userName = ctx.User.ToActor().UserName;
            if (change is null || string.IsNullOrEmpty(change.CurrentPassword) || string.IsNullOrEmpty(change.NewPassword) || change.NewPassword.Length < 8)
                return Results.BadRequest(new ApiError(Ui.T("密码无效", "Invalid password"), Ui.T("请提供当前密码和至少 8 位的新密码。", "Give the current password and a new one of at least 8 characters.")));
            if (await users.VerifyAsync(userName, change.CurrentPassword, ct) is null)
                return Problems.Result(StatusCodes.Status403Forbidden, Ui.T("当前密码错误。", "The current password is wrong."));
            await accounts.ChangePasswordAsync(userName, change.NewPassword, ct);
            await ctx.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.NoContent();
        }).RequireAuthorization();

        // A page's own scripts get their bearer token here with the cookie (same origin only: no CORS for it, and
        // another site cannot read the answer).
        app.MapGet("/account/token", (HttpContext ctx, TokenService tokens, TimeProvider clock) =>
        {
            ctx.Response.Headers.CacheControl = "no-store";
            var (token, expiresAt) = tokens.Issue(ctx.User, clock);
            return Results.Ok(new { accessToken = token, expiresAt });
        }).RequireAuthorization(p => p.AddAuthenticationSchemes(CookieAuthenticationDefaults.AuthenticationScheme).RequireAuthenticatedUser());

        app.MapPost("/logout", async (HttpContext ctx, IAntiforgery antiforgery, UserAccounts accounts, CancellationToken ct) =>
        {
            if (!await antiforgery.IsRequestValidAsync(ctx)) return Problems.Result(StatusCodes.Status400BadRequest, Ui.T("页面已过期，请刷新后重试。", "The page has expired; reload it and try again."));
            if (ctx.User.Identity?.IsAuthenticated == true) await accounts.EndSessionsAsync(ctx.User.ToActor().UserName, "signed out", ct);
            await ctx.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/login");
        });
    }
}
