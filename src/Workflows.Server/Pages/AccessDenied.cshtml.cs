using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Workflows.Server.Hosting;

namespace Workflows.Server.Pages;

/// <summary>Where the cookie handler sends a signed-in user who may not see a page (answered 403, with the page).</summary>
[AllowAnonymous]
public sealed class AccessDeniedModel : PageModel
{
    public string? Requested { get; private set; }

    public void OnGet(string? returnUrl)
    {
        Requested = Ui.IsLocal(returnUrl) ? returnUrl : null;
        Response.StatusCode = StatusCodes.Status403Forbidden;
    }
}
