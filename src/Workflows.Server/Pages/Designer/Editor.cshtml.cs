using Microsoft.AspNetCore.Mvc;
using Workflows.Runtime.Definitions;
using Workflows.Server.Auth;
using Workflows.Server.Studio;

namespace Workflows.Server.Pages.Designer;

/// <summary>/designer/{definitionId}: Studio's definition editor for one definition (its latest version).</summary>
public sealed class EditorModel(TokenService tokens, TimeProvider clock, StudioOptions studio, DefinitionStore store)
    : StudioPageModel(tokens, clock, studio)
{
    [BindProperty(SupportsGet = true)]
    public string DefinitionId { get; set; } = "";

    public string? Name { get; private set; }

    public int Version { get; private set; }

    public bool IsPublished { get; private set; }

    public bool Missing { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!Admit()) return Page();
        var latest = await store.FindAsync(DefinitionId, VersionOptions.Latest, cancellationToken);
        if (latest is null)
        {
            Missing = true;
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        (Name, Version, IsPublished) = (latest.Name, latest.Version, latest.IsPublished);
        return Page();
    }
}
