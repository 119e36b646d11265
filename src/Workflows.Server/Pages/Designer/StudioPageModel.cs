using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Workflows.Runtime.Identity;
using Workflows.Server.Auth;
using Workflows.Server.Elsa;
using Workflows.Server.Hosting;
using Workflows.Server.Studio;

namespace Workflows.Server.Pages.Designer;

/// <summary>
/// Base of the pages that host Elsa Studio's custom elements. They are for the secretariat: everybody else gets a
/// 403 page. The element needs an absolute API address and a bearer token (elsa-studio-api.md §1.3, §1.4); the
/// token is issued here for the signed-in cookie user and renewed by the page before it runs out.
/// </summary>
[Authorize]
public abstract class StudioPageModel(TokenService tokens, TimeProvider clock, StudioOptions studio) : PageModel
{
    public bool Denied { get; private set; }

    public bool StudioMissing => !studio.IsInstalled;

    public string StudioFolder => studio.Folder;

    public string AccessToken { get; private set; } = "";

    public DateTimeOffset TokenExpiresAt { get; private set; }

    /// <summary>Absolute and without a trailing slash, or every call fails (pitfalls 3 and 4).</summary>
    public string RemoteEndpoint => $"{Request.Scheme}://{Request.Host}{Request.PathBase}{ElsaApi.Prefix}";

    /// <summary>Studio keeps its culture in localStorage (blazorCulture.js); the page writes ours there before it boots.</summary>
    public static string StudioCulture => Ui.IsEnglish ? "en-US" : "zh-CN";

    public static bool IsSecretariat(ClaimsPrincipal user) => user.IsInRole(RoleKeys.Secretariat) || user.IsInRole(RoleKeys.Admin);

    /// <summary>Call first in every handler: false (and a 403 page) for anyone but the secretariat.</summary>
    protected bool Admit()
    {
        if (!IsSecretariat(User))
        {
            Denied = true;
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return false;
        }
        (AccessToken, TokenExpiresAt) = tokens.Issue(User, clock);
        return true;
    }

    /// <summary>GET ?handler=Token: a fresh token for the running page (handed to Studio through elsa-backend-provider).</summary>
    public IActionResult OnGetToken()
    {
        if (!Admit()) return StatusCode(StatusCodes.Status403Forbidden);
        return new JsonResult(new { accessToken = AccessToken, expiresAt = TokenExpiresAt });
    }
}
