using System.Security.Claims;
using System.Text.Json.Nodes;
using Workflows.Runtime.Inbox;

namespace Workflows.Server.Api.Tasks;

/// <summary>GET /api/tasks (the four views with filters and paging) and GET /api/tasks/counts.</summary>
internal static class TaskLists
{
    public static void MapTaskLists(this RouteGroupBuilder tasks)
    {
        tasks.MapGet("/", async (ClaimsPrincipal user, TaskQueries queries, string? view, string? definitionId, string? branchId, string? due, int? page, int? pageSize, CancellationToken ct) =>
        {
            if (InboxHttp.ParseView(view) is not { } chosen)
                return HttpResults.BadRequest("视图无效", $"view 只能是 todo、done、started、cc，而不是 {view}。 / view must be todo, done, started or cc.");
            DueState? dueState = null;
            if (!string.IsNullOrWhiteSpace(due))
            {
                dueState = DueStates.Parse(due);
                if (dueState is null) return HttpResults.BadRequest("期限筛选无效", $"due 只能是 normal、warning、overdue、none，而不是 {due}。 / due must be normal, warning, overdue or none.");
            }
            var actor = user.Actor();
            var filter = new InboxFilter(definitionId, branchId, dueState);
            var result = await queries.ListAsync(actor, chosen, filter, page ?? 1, pageSize ?? 20, ct);
            var counts = await queries.CountsAsync(actor, ct, filter == new InboxFilter() ? (chosen, result.TotalCount) : null);
            return Results.Ok(new JsonObject
            {
                ["view"] = view ?? "todo",
                ["items"] = InboxHttp.Array(result.Items.Select(i => (JsonNode?)InboxHttp.Item(i))),
                ["totalCount"] = result.TotalCount,
                ["page"] = result.Page,
                ["pageSize"] = result.PageSize,
                ["pageCount"] = result.PageCount,
                ["counts"] = Counts(counts),
            });
        });

        tasks.MapGet("/counts", async (ClaimsPrincipal user, TaskQueries queries, CancellationToken ct) =>
            Results.Ok(Counts(await queries.CountsAsync(user.Actor(), ct))));
    }

    private static JsonObject Counts(InboxCounts counts) => new()
    {
        ["todo"] = counts.ToDo,
        ["done"] = counts.Done,
        ["started"] = counts.Started,
        ["cc"] = counts.CarbonCopied,
        ["ccUnread"] = counts.CarbonCopiedUnread,
    };
}
