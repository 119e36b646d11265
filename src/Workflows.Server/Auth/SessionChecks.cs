using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Workflows.Runtime.Identity;
using Workflows.Server.Hosting;
using Workflows.Server.Security;

namespace Workflows.Server.Auth;

/// <summary>
/// Revocable sessions: every token and cookie carries the user's security stamp, and every request compares it with
/// the current one (<see cref="SecurityStampCache"/>). A user who no longer exists or is disabled has no stamp.
/// </summary>
public static class SessionChecks
{
    public static IServiceCollection AddSessionChecks(this IServiceCollection services)
    {
        // Token lifetimes follow the service's clock (TimeProvider), so a controlled clock governs expiry too.
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<TimeProvider>((o, clock) =>
            o.TokenValidationParameters.LifetimeValidator = (notBefore, expires, _, parameters) =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                var skew = parameters.ClockSkew;
                return expires is { } exp && now <= exp + skew && (notBefore is not { } nbf || now >= nbf - skew);
            });
        return services;
    }

    public static JwtBearerEvents BearerEvents() => new()
    {
        OnTokenValidated = async ctx =>
        {
            if (!await IsCurrentAsync(ctx.HttpContext, ctx.Principal)) ctx.Fail("The session has ended (security stamp changed or user gone).");
        },
        OnAuthenticationFailed = ctx =>
        {
            ctx.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SessionChecks))
                .LogInformation("Bearer token refused for {Path}: {Reason}", ctx.Request.Path, ctx.Exception.Message);
            return Task.CompletedTask;
        },
        OnChallenge = async ctx =>
        {
            // Our own answer instead of the handler's (whose WWW-Authenticate would carry the library's reason).
            ctx.HandleResponse();
            ctx.Response.Headers.WWWAuthenticate = "Bearer";
            await Problems.WriteAsync(ctx.HttpContext, StatusCodes.Status401Unauthorized, ctx.AuthenticateFailure is null
                ? null
                : Ui.T("令牌无效、已过期或会话已结束，请重新登录。", "The token is invalid or expired, or the session has ended; sign in again."));
        },
        OnForbidden = ctx => Problems.WriteAsync(ctx.HttpContext, StatusCodes.Status403Forbidden),
    };

    public static async Task ValidateCookieAsync(CookieValidatePrincipalContext ctx)
    {
        if (await IsCurrentAsync(ctx.HttpContext, ctx.Principal)) return;
        ctx.RejectPrincipal();
        await ctx.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    private static async Task<bool> IsCurrentAsync(HttpContext http, ClaimsPrincipal? principal)
    {
        var userName = principal?.FindFirst(Claims.UserName)?.Value;
        var stamp = principal?.FindFirst(Claims.SecurityStamp)?.Value;
        if (string.IsNullOrEmpty(userName) || stamp is null) return false;
        var current = await http.RequestServices.GetRequiredService<SecurityStampCache>().GetAsync(userName, http.RequestAborted);
        return current is not null && string.Equals(current, stamp, StringComparison.Ordinal);
    }
}
