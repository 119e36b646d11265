using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Net.Http.Headers;
using Workflows.Server.Auth;
using Workflows.Server.Hosting;

namespace Workflows.Server.Security;

/// <summary>
/// The API takes bearer tokens. A request that reaches it with only the page cookie is a possible cross-site request
/// (the browser adds the cookie by itself, even from a page on another port of the same host, which SameSite=Lax
/// counts as the same site). Such a request is let through only when it cannot have come from another site:
/// <list type="bullet">
/// <item>reads (GET, HEAD) only from our own pages (Sec-Fetch-Site same-origin, or no browser at all);</item>
/// <item>changes only with a same-origin <c>Origin</c> (or <c>Referer</c>), a body in <c>application/json</c>
/// (else 415: the content types a browser sends without a preflight are refused) and a valid antiforgery header.</item>
/// </list>
/// Runs after authentication (the antiforgery token is bound to the signed-in user) and before authorization.
/// </summary>
public static class ApiCookieGuard
{
    public const string AuthCookie = "workflows.auth";

    public static IApplicationBuilder UseApiCookieGuard(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            if (!AuthSetup.IsApi(http.Request) || HasBearer(http.Request) || !HasAuthCookie(http.Request))
            {
                await next();
                return;
            }
            var refusal = await CheckAsync(http);
            if (refusal is null)
            {
                await next();
                return;
            }
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiCookieGuard)).LogWarning(
                "Cookie request to {Method} {Path} refused ({Status}): origin {Origin}, content type {ContentType}",
                http.Request.Method, http.Request.Path, refusal.Value.Status, http.Request.Headers.Origin.ToString(), http.Request.ContentType);
            await Problems.WriteAsync(http, refusal.Value.Status, refusal.Value.Detail);
        });

    private static async Task<(int Status, string Detail)?> CheckAsync(HttpContext http)
    {
        var request = http.Request;
        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            return fetchSite is "cross-site" or "same-site" ? (StatusCodes.Status403Forbidden, CrossSite()) : null;

        if (!IsSameOrigin(request)) return (StatusCodes.Status403Forbidden, CrossSite());
        if ((request.ContentLength > 0 || !string.IsNullOrEmpty(request.ContentType)) && !IsJson(request.ContentType))
            return (StatusCodes.Status415UnsupportedMediaType, Ui.T("以登录 Cookie 调用接口时，请求内容须为 application/json。", "With the sign-in cookie, the API takes application/json bodies only."));
        if (!await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http))
            return (StatusCodes.Status403Forbidden, Ui.T("缺少或无效的防伪令牌（RequestVerificationToken 请求头）。", "The antiforgery header (RequestVerificationToken) is missing or invalid."));
        return null;
    }

    private static string CrossSite() =>
        Ui.T("拒绝跨站请求：接口只接受访问令牌（Authorization: Bearer）。", "Cross-site request refused: the API takes bearer tokens (Authorization: Bearer).");

    private static bool HasBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    private static bool HasAuthCookie(HttpRequest request) =>
        request.Cookies.Keys.Any(k => k.StartsWith(AuthCookie, StringComparison.Ordinal));

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media) && media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);

    /// <summary>The Origin header, or the Referer's origin when a browser leaves Origin out; neither counts as foreign.</summary>
    private static bool IsSameOrigin(HttpRequest request)
    {
        var own = $"{request.Scheme}://{request.Host.Value}";
        var origin = request.Headers.Origin.ToString();
        if (string.IsNullOrEmpty(origin) && Uri.TryCreate(request.Headers.Referer.ToString(), UriKind.Absolute, out var referer))
            origin = referer.GetLeftPart(UriPartial.Authority);
        return !string.IsNullOrEmpty(origin) && string.Equals(origin, own, StringComparison.OrdinalIgnoreCase);
    }
}
