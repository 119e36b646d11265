using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Workflows.Runtime.Persistence;
using Workflows.Server.Auth;
using Workflows.Server.Studio;

namespace Workflows.Server.Pages.Designer;

/// <summary>/instances/{id}/studio: Studio's instance viewer (the diagram with what ran, the journal, variables).</summary>
public sealed class InstanceStudioModel(TokenService tokens, TimeProvider clock, StudioOptions studio, WorkflowsDbContext db)
    : StudioPageModel(tokens, clock, studio)
{
    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    public InstanceRecord? Instance { get; private set; }

    public string? DefinitionName { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!Admit()) return Page();
        Instance = await db.Instances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == Id, cancellationToken);
        if (Instance is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        DefinitionName = await db.Definitions.AsNoTracking().Where(d => d.Id == Instance.DefinitionVersionId).Select(d => d.Name).FirstOrDefaultAsync(cancellationToken)
            ?? Instance.Name ?? Instance.DefinitionId;
        return Page();
    }

    public static string StatusText(InstanceRecord instance) => instance.SubStatus switch
    {
        "Finished" => Hosting.Ui.T("已完成", "Finished"),
        "Suspended" => Hosting.Ui.T("等待中", "Waiting"),
        "Faulted" => Hosting.Ui.T("出错", "Faulted"),
        "Cancelled" => Hosting.Ui.T("已取消", "Cancelled"),
        "Executing" => Hosting.Ui.T("执行中", "Executing"),
        _ => Hosting.Ui.T("待执行", "Pending"),
    };
}
