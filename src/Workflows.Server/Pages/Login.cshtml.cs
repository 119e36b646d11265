using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Workflows.Runtime.Identity;
using Workflows.Server.Auth;
using Workflows.Server.Hosting;

namespace Workflows.Server.Pages;

/// <summary>Sign-in for pages: a cookie with the same claims the API's bearer tokens carry.</summary>
public sealed class LoginModel(UserDirectory users) : PageModel
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
        var user = string.IsNullOrWhiteSpace(UserName) || string.IsNullOrEmpty(Password)
            ? null
            : await users.VerifyAsync(UserName.Trim(), Password, cancellationToken);
        if (user is null)
        {
            Error = Ui.T("用户名或密码错误。", "Wrong user name or password.");
            return Page();
        }
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, AuthSetup.ToPrincipal(user, CookieAuthenticationDefaults.AuthenticationScheme));
        return LocalRedirect(string.IsNullOrEmpty(ReturnUrl) || !Url.IsLocalUrl(ReturnUrl) ? "/" : ReturnUrl);
    }
}
