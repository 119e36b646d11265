using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Workflows.Server.Auth;
using Workflows.Server.Hosting;

namespace Workflows.Server.Pages;

/// <summary>Sign-in for pages: a cookie with the same claims the API's bearer tokens carry, behind the same guard as the API.</summary>
[EnableRateLimiting(SignInGuard.AddressPolicy)]
public sealed class LoginModel(SignInGuard guard) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(UserName) || string.IsNullOrEmpty(Password))
        {
            Error = Ui.T("用户名或密码错误。", "Wrong user name or password.");
            return Page();
        }
        var attempt = await guard.SignInAsync(HttpContext, UserName.Trim(), Password, cancellationToken);
        if (attempt.User is null)
        {
            // The same reasons as the API's, shown on the page (429 keeps its Retry-After header).
            var tooMany = HttpContext.Response.Headers.RetryAfter.Count > 0;
            Error = tooMany
                ? Ui.T("登录尝试过于频繁，请稍后再试。", "Too many sign-in attempts; try again later.")
                : Ui.T("用户名或密码错误。", "Wrong user name or password.");
            if (tooMany) Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, AuthSetup.ToPrincipal(attempt.User, CookieAuthenticationDefaults.AuthenticationScheme));
        return LocalRedirect(string.IsNullOrEmpty(ReturnUrl) || !Url.IsLocalUrl(ReturnUrl) ? "/" : ReturnUrl);
    }
}
