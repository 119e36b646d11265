using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Workflows.Runtime.Inbox;
using Workflows.Server.Auth;
using Workflows.Server.Hosting;

namespace Workflows.Server.Pages.Inbox;

/// <summary>/inbox: the four views (to-do, done, started by me, CC'd to me) with counts, filters and paging.</summary>
[Authorize]
public sealed class InboxIndexModel(TaskQueries queries, Workflows.Runtime.Persistence.WorkflowsDbContext db, CompleteTask complete) : PageModel
{
    public const int PageSize = 20;

    [BindProperty(SupportsGet = true)]
    public string? Tab { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Process { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Branch { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Due { get; set; }

    /// <summary>Words in the title, step or process.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    /// <summary>due, newest, oldest or title; empty is the view's own order.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Sort { get; set; }

    /// <summary>"p", not "page": Razor Pages keeps "page" for the page's own route value.</summary>
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    /// <summary>A task the user has just acted on (the task page comes back here with it): its confirmation.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    [TempData]
    public string? Message { get; set; }

    public string? DoneTitle { get; private set; }

    /// <summary>The batch outcome of the listed to-do tasks that allow batch approval.</summary>
    public IReadOnlyDictionary<string, string> BatchOutcomes { get; private set; } = new Dictionary<string, string>();

    public InboxView View { get; private set; }
    public InboxPage Result { get; private set; } = new([], 0, 1, PageSize);
    public InboxCounts Counts { get; private set; } = new(0, 0, 0, 0, 0);
    public IReadOnlyList<FilterOption> Processes { get; private set; } = [];
    public IReadOnlyList<FilterOption> Branches { get; private set; } = [];

    public static string TabKey(InboxView view) => view switch
    {
        InboxView.Done => "done",
        InboxView.Started => "started",
        InboxView.CarbonCopied => "cc",
        _ => "todo",
    };

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        View = Tab switch
        {
            "done" => InboxView.Done,
            "started" => InboxView.Started,
            "cc" => InboxView.CarbonCopied,
            _ => InboxView.ToDo,
        };
        var actor = User.ToActor();
        var search = string.IsNullOrWhiteSpace(Q) ? null : Q.Trim()[..Math.Min(Q.Trim().Length, 100)];
        var filter = new InboxFilter(string.IsNullOrEmpty(Process) ? null : Process, string.IsNullOrEmpty(Branch) ? null : Branch, DueStates.Parse(Due), search);
        var sort = Sort switch { "due" => InboxSort.DueFirst, "newest" => InboxSort.Newest, "oldest" => InboxSort.Oldest, "title" => InboxSort.Title, _ => InboxSort.Default };
        Result = await queries.ListAsync(actor, View, filter, Math.Max(PageNumber, 1), PageSize, cancellationToken, sort);
        Counts = await queries.CountsAsync(actor, cancellationToken, filter == new InboxFilter() ? (View, Result.TotalCount) : null);
        (Processes, Branches) = await queries.FilterOptionsAsync(actor, View, cancellationToken);
        if (View == InboxView.ToDo)
            BatchOutcomes = await new BatchApproval(db, complete).OutcomesAsync(Result.Items.Select(i => (i.Id, i.InstanceId)).ToList(), cancellationToken);
        if (!string.IsNullOrEmpty(Done))
            DoneTitle = await queries.View(InboxView.Done, actor).Where(t => t.Id == Done).Select(t => t.Title).FirstOrDefaultAsync(cancellationToken);
        // A task whose context carries only the branch's id: its name from the register, never the raw id.
        var unnamed = Branches.Where(b => b.Label == b.Value).Select(b => b.Value).ToList();
        if (unnamed.Count > 0)
        {
            var names = await db.Set<Workflows.Association.Domain.Branch>().AsNoTracking().Where(b => unnamed.Contains(b.Id))
                .ToDictionaryAsync(b => b.Id, b => b.Name, cancellationToken);
            Branches = Branches.Select(b => names.TryGetValue(b.Value, out var name) ? b with { Label = name } : b)
                .Where(b => b.Label != b.Value).OrderBy(b => b.Label, StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>Batch approval of the checked to-do tasks (each with its step's batch outcome, no comment, no form).</summary>
    public async Task<IActionResult> OnPostBatchAsync(string[] ids, CancellationToken cancellationToken)
    {
        var (done, refused) = await new BatchApproval(db, complete).ApproveAsync(ids.Take(TaskQueries.MaxPageSize).ToList(), User.ToActor(), cancellationToken);
        Message = Ui.T($"已批量办理 {done} 项。", $"{done} approved in a batch.")
            + (refused.Count == 0 ? "" : Ui.T($"未能办理 {refused.Count} 项：{string.Join("、", refused)}", $" {refused.Count} could not be: {string.Join(", ", refused)}"));
        return Redirect(Link());
    }

    /// <summary>This page's address with some query values changed (tabs reset the filters; filters keep the tab).</summary>
    public string Link(string? tab = null, int? page = null, bool keepFilters = true)
    {
        var values = new Dictionary<string, string?>
        {
            ["tab"] = tab ?? TabKey(View),
            ["process"] = keepFilters ? Process : null,
            ["branch"] = keepFilters ? Branch : null,
            ["due"] = keepFilters ? Due : null,
            ["q"] = keepFilters ? Q : null,
            ["sort"] = keepFilters ? Sort : null,
            ["p"] = page is > 1 ? page.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
        };
        return "/inbox?" + string.Join("&", values.Where(v => !string.IsNullOrEmpty(v.Value)).Select(v => $"{v.Key}={Uri.EscapeDataString(v.Value!)}"));
    }
}
