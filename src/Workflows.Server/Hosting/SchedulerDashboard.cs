using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Workflows.Runtime.Identity;

namespace Workflows.Server.Hosting;

/// <summary>
/// Hangfire's Dashboard at /admin/hangfire, signed in with the pages' cookie: administrators may act (trigger,
/// delete, requeue), the secretariat may look, any other user gets 403 and an anonymous visitor is sent to sign-in.
/// Its POST actions check ASP.NET Core's antiforgery token (Hangfire does so whenever antiforgery is registered,
/// which Razor Pages does; <see cref="DashboardOptions.IgnoreAntiforgeryToken"/> stays false).
/// </summary>
public static class SchedulerDashboard
{
    public const string Path = "/admin/hangfire";

    public static WebApplication UseSchedulerDashboard(this WebApplication app)
    {
        // Hangfire answers 401 to an anonymous visitor; a person at a browser is sent to the sign-in page instead.
        app.UseWhen(http => http.Request.Path.StartsWithSegments(Path), branch => branch.Use(async (http, next) =>
        {
            if (http.User.Identity?.IsAuthenticated != true)
            {
                await http.ChallengeAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                return;
            }
            await next(http);
        }));
        app.UseHangfireDashboard(Path, new DashboardOptions
        {
            DashboardTitle = "协会流程服务 · Hangfire",
            AppPath = "/admin/schedules",
            Authorization = [new RoleFilter()],
            IsReadOnlyFunc = context => !context.GetHttpContext().User.IsInRole(RoleKeys.Admin),
            IgnoreAntiforgeryToken = false,
            DisplayStorageConnectionString = false,
        }, app.Services.GetRequiredService<JobStorage>());
        return app;
    }

    /// <summary>The secretariat and administrators; Hangfire answers 403 to anyone else who is signed in.</summary>
    private sealed class RoleFilter : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context)
        {
            var user = context.GetHttpContext().User;
            return user.Identity?.IsAuthenticated == true && (user.IsInRole(RoleKeys.Admin) || user.IsInRole(RoleKeys.Secretariat));
        }
    }
}
