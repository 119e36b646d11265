using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace Workflows.Server.Pages;

/// <summary>
/// Paging of a list page: page "p" (Razor Pages keeps "page" for the route), the page's other query values kept
/// in the links. Rendered by _Pager.cshtml.
/// </summary>
public sealed record Pager(int Page, int PageSize, int Total, string Path, IReadOnlyList<KeyValuePair<string, string?>> Query)
{
    public const int DefaultSize = 50;

    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public int Skip => (Page - 1) * PageSize;

    public string Link(int page)
    {
        var values = Query.Where(v => v.Key != "p" && !string.IsNullOrEmpty(v.Value)).ToList();
        if (page > 1) values.Add(new("p", page.ToString(CultureInfo.InvariantCulture)));
        return values.Count == 0 ? Path : Path + "?" + string.Join("&", values.Select(v => $"{Uri.EscapeDataString(v.Key)}={Uri.EscapeDataString(v.Value!)}"));
    }

    /// <summary>The pager of this request's list of <paramref name="total"/> rows; a page past the end shows the last.</summary>
    public static Pager For(HttpRequest request, int total, int pageSize = DefaultSize)
    {
        var page = int.TryParse(request.Query["p"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;
        var pager = new Pager(page, pageSize, total, request.Path, request.Query.Select(q => new KeyValuePair<string, string?>(q.Key, q.Value.ToString())).ToList());
        return page > pager.PageCount ? pager with { Page = pager.PageCount } : pager;
    }

    /// <summary>One page of a database query, counted first.</summary>
    public static async Task<(List<T> Items, Pager Pager)> PageAsync<T>(HttpRequest request, IQueryable<T> ordered, CancellationToken cancellationToken, int pageSize = DefaultSize)
    {
        var pager = For(request, await ordered.CountAsync(cancellationToken), pageSize);
        return (await ordered.Skip(pager.Skip).Take(pager.PageSize).ToListAsync(cancellationToken), pager);
    }

    /// <summary>One page of a list already in memory.</summary>
    public static (List<T> Items, Pager Pager) PageOf<T>(HttpRequest request, IReadOnlyList<T> all, int pageSize = DefaultSize)
    {
        var pager = For(request, all.Count, pageSize);
        return (all.Skip(pager.Skip).Take(pager.PageSize).ToList(), pager);
    }
}
