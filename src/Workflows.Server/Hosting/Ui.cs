using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Workflows.Server.Hosting;

/// <summary>
/// Pages are Chinese first with English available. A page writes both texts next to each other
/// (<c>Ui.T("待办", "To do")</c>), which keeps each text beside the markup that uses it.
/// </summary>
public static class Ui
{
    public const string CultureCookie = ".Workflows.Culture";
    public static readonly string[] Cultures = ["zh-CN", "en"];

    public static bool IsEnglish => CultureInfo.CurrentUICulture.Name.StartsWith("en", StringComparison.OrdinalIgnoreCase);

    public static string T(string zh, string en) => IsEnglish ? en : zh;

    public static string Lang => IsEnglish ? "en" : "zh-CN";

    public static IApplicationBuilder UseUiCulture(this IApplicationBuilder app) =>
        app.UseRequestLocalization(o =>
        {
            o.SetDefaultCulture("zh-CN").AddSupportedCultures(Cultures).AddSupportedUICultures(Cultures);
            // Browsers here send Accept-Language en-US; the users read Chinese, so only an explicit choice switches.
            o.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider { QueryStringKey = "lang", UIQueryStringKey = "lang" },
                new CookieRequestCultureProvider { CookieName = CultureCookie },
            ];
        });

    /// <summary>A path on this site: "/x", not "//host" or "/\\host" (which browsers read as another site).</summary>
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl);

    public static void MapCultureSwitch(this IEndpointRouteBuilder app) =>
        app.MapGet("/lang/{culture}", (string culture, string? returnUrl, HttpContext http) =>
        {
            var chosen = Cultures.Contains(culture) ? culture : "zh-CN";
            http.Response.Cookies.Append(CultureCookie, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                new CookieOptions { Expires = DateTimeOffset.UnixEpoch.AddYears(100), IsEssential = true, SameSite = SameSiteMode.Lax });
            return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
        }).AllowAnonymous();
}
