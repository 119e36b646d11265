using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Workflows.Runtime.Persistence;
using Workflows.Server.Auth;
using Workflows.Server.Processes;

namespace Workflows.Server.Pages.Instances;

/// <summary>
/// /instances: the secretariat's view of every process by kind and state — what each waits for (open tasks,
/// timers, child processes) and who is overdue.
/// </summary>
[Authorize(Policy = Policies.Secretariat)]
public sealed class IndexModel(WorkflowsDbContext db, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Process { get; set; }

    /// <summary>running (default), Finished, Faulted, Cancelled or all.</summary>
    [BindProperty(SupportsGet = true)] public string? State { get; set; }

    public IReadOnlyList<(string DefinitionId, string SubStatus, int Count)> Counts { get; private set; } = [];
    public IReadOnlyList<InstanceSummary> Instances { get; private set; } = [];
    public IReadOnlyList<(TaskRecord Task, string Who, string ProcessName)> Overdue { get; private set; } = [];
    public Pager Pager { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var read = new ProcessReadModel(db, clock);
        State ??= "running";
        Counts = await read.CountsAsync(cancellationToken);
        var state = State == "all" ? null : State;
        Pager = Pager.For(Request, await read.CountAsync(Process, state, null, cancellationToken));
        Instances = await read.ListAsync(Process, state, null, Pager.PageSize, cancellationToken, Pager.Skip);
        Overdue = await read.OverdueAsync(cancellationToken);
    }
}
