using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Workflows.Runtime.Inbox;
using Workflows.Server.Auth;

namespace Workflows.Server.Pages.Inbox;

/// <summary>/inbox: the four views (to-do, done, started by me, CC'd to me) with counts, filters and paging.</summary>
[Authorize]
public sealed class InboxIndexModel(TaskQueries queries) : PageModel
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

    /// <summary>"p", not "page": Razor Pages keeps "page" for the page's own route value.</summary>
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

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
        var filter = new InboxFilter(string.IsNullOrEmpty(Process) ? null : Process, string.IsNullOrEmpty(Branch) ? null : Branch, DueStates.Parse(Due));
        Result = await queries.ListAsync(actor, View, filter, Math.Max(PageNumber, 1), PageSize, cancellationToken);
        Counts = await queries.CountsAsync(actor, cancellationToken, filter == new InboxFilter() ? (View, Result.TotalCount) : null);
        (Processes, Branches) = await queries.FilterOptionsAsync(actor, View, cancellationToken);
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
            ["p"] = page is > 1 ? page.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
        };
        return "/inbox?" + string.Join("&", values.Where(v => !string.IsNullOrEmpty(v.Value)).Select(v => $"{v.Key}={Uri.EscapeDataString(v.Value!)}"));
    }
}
