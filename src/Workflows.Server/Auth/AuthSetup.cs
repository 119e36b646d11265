using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Workflows.Runtime.Identity;
using Workflows.Runtime.Inbox;
using Workflows.Server.Hosting;

namespace Workflows.Server.Auth;

public sealed class AuthOptions
{
    /// <summary>HMAC key for access tokens. Every node must share it; without one a key is generated into data/.</summary>
    public string? SigningKey { get; set; }
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(8);
    public string Issuer { get; set; } = "workflows";
}

public static class Claims
{
    public const string UserName = "sub";
    public const string DisplayName = "name";
    public const string Role = "role";
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
                o.ExpireTimeSpan = options.TokenLifetime;
                o.SlidingExpiration = true;
                // APIs answer 401/403; only pages are redirected to the sign-in page.
                o.Events.OnRedirectToLogin = ctx => IsApi(ctx.Request) ? Status(ctx, 401) : Redirect(ctx);
                o.Events.OnRedirectToAccessDenied = ctx => IsApi(ctx.Request) ? Status(ctx, 403) : Redirect(ctx);
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Secretariat, p => p.RequireRole(RoleKeys.Secretariat, RoleKeys.Admin));
        return services;
    }

    private static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/elsa/api");

    private static Task Status(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        ctx.Response.StatusCode = status;
        return Task.CompletedTask;
    }

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
        var claims = new List<Claim> { new(Claims.UserName, user.UserName), new(Claims.DisplayName, user.DisplayName) };
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

    public static void MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/auth/login", async (LoginRequest? request, UserDirectory users, TokenService tokens, TimeProvider clock, CancellationToken ct) =>
        {
            if (request is null || string.IsNullOrWhiteSpace(request.UserName) || string.IsNullOrEmpty(request.Password))
                return Results.BadRequest(new ApiError("缺少用户名或密码", "请提供 userName 和 password。 / userName and password are required."));
            var user = await users.VerifyAsync(request.UserName.Trim(), request.Password, ct);
            if (user is null)
                return Results.Json(new ApiError("登录失败", "用户名或密码错误。 / Wrong user name or password."), statusCode: StatusCodes.Status401Unauthorized);
            var (token, expiresAt) = tokens.Issue(AuthSetup.ToPrincipal(user, JwtBearerDefaults.AuthenticationScheme), clock);
            return Results.Ok(new { accessToken = token, expiresAt, userName = user.UserName, displayName = user.DisplayName, roles = user.Roles });
        }).AllowAnonymous();

        app.MapGet("/api/me", (ClaimsPrincipal user) => Results.Ok(new
        {
            userName = user.FindFirst(Claims.UserName)?.Value,
            displayName = user.FindFirst(Claims.DisplayName)?.Value,
            roles = user.FindAll(Claims.Role).Select(c => c.Value),
        })).RequireAuthorization();

        app.MapPost("/api/auth/logout", async (HttpContext ctx) =>
        {
            await ctx.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.NoContent();
        });

        app.MapPost("/logout", async (HttpContext ctx) =>
        {
            await ctx.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/login");
        });
    }
}
