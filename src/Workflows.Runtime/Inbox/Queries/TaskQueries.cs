using Microsoft.EntityFrameworkCore;
using Workflows.Engine.Model;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Inbox;

public enum InboxView
{
    /// <summary>待办.</summary>
    ToDo,

    /// <summary>已办: tasks the actor decided, returned, transferred or delegated.</summary>
    Done,

    /// <summary>我发起的: the latest task of each instance the actor started.</summary>
    Started,

    /// <summary>抄送我的.</summary>
    CarbonCopied,
}

/// <summary>What a list shows: <paramref name="Search"/> matches the title, the step or the process name.</summary>
public sealed record InboxFilter(string? DefinitionId = null, string? BranchId = null, DueState? Due = null, string? Search = null);

/// <summary>How a list is ordered: each view's own order (Default), or by due date, creation or title.</summary>
public enum InboxSort
{
    Default,
    DueFirst,
    Newest,
    Oldest,
    Title,
}

/// <summary>One row of a list: enough to show and filter without opening the task.</summary>
public sealed record InboxItem(
    string Id,
    string InstanceId,
    string Title,
    string? ProcessName,
    string? DefinitionId,
    string? StepName,
    string? Initiator,
    string? InitiatorName,
    DateTime CreatedAt,
    DateTime? DueAt,
    DueState DueState,
    string Status,
    string? Assignee,
    string? CandidateRole,
    string? Outcome,
    string? CompletedBy,
    DateTime? CompletedAt,
    int Priority,
    string? BranchId,
    string? BranchName,
    bool IsCountersign,
    bool IsDelegated,
    DateTime? ReadAt,
    Engine.Activities.LocalizedText? OutcomeLabel);

public sealed record InboxPage(IReadOnlyList<InboxItem> Items, int TotalCount, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (TotalCount + PageSize - 1) / PageSize);
}

public sealed record InboxCounts(int ToDo, int Done, int Started, int CarbonCopied, int CarbonCopiedUnread);

public sealed record FilterOption(string Value, string Label);

/// <summary>The inbox lists. Each view is a query on indexed columns (see EXPLAIN QUERY PLAN in the bench).</summary>
public sealed class TaskQueries(WorkflowsDbContext db, TimeProvider clock)
{
    public const int MaxPageSize = 200;

    public IQueryable<TaskRecord> View(InboxView view, Actor actor)
    {
        var me = actor.UserName;
        switch (view)
        {
            case InboxView.Done:
            {
                var actions = AuditActions.Done.ToList();
                var ids = db.Audit().Where(a => a.Actor == me && actions.Contains(a.Action) && a.TaskId != null).Select(a => a.TaskId!);
                return db.Tasks.AsNoTracking().Where(t => ids.Contains(t.Id));
            }
            case InboxView.Started:
                // One row per instance: where it stands now (its newest open task), else its newest task.
                return db.Tasks.AsNoTracking().Where(t => t.InitiatedBy == me
                    && t.Id == db.Tasks.Where(x => x.InstanceId == t.InstanceId)
                        .OrderByDescending(x => x.Status == TaskStatuses.Open).ThenByDescending(x => x.CreatedAt).ThenByDescending(x => x.Id)
                        .Select(x => x.Id).First());
            case InboxView.CarbonCopied:
            {
                var ids = db.CarbonCopies().Where(c => c.UserName == me).Select(c => c.TaskId);
                return db.Tasks.AsNoTracking().Where(t => ids.Contains(t.Id));
            }
            default:
                return TaskAccess.ToDo(db, actor);
        }
    }

    public IQueryable<TaskRecord> Filter(IQueryable<TaskRecord> query, InboxFilter filter)
    {
        if (!string.IsNullOrWhiteSpace(filter.DefinitionId)) query = query.Where(t => t.DefinitionId == filter.DefinitionId);
        if (!string.IsNullOrWhiteSpace(filter.BranchId)) query = query.Where(t => t.BranchId == filter.BranchId);
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            // A plain substring (LIKE's wildcards escaped), so "10%" finds "10%" and not everything.
            var pattern = "%" + filter.Search.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            query = query.Where(t => EF.Functions.Like(t.Title, pattern, "\\")
                || (t.StepName != null && EF.Functions.Like(t.StepName, pattern, "\\"))
                || (t.ProcessName != null && EF.Functions.Like(t.ProcessName, pattern, "\\")));
        }
        var now = clock.GetUtcNow().UtcDateTime;
        // Only open tasks have a due state. "Not closed" rather than "Status = Open": see TaskAccess.ToDo (keeps
        // SQLite on the view's own index instead of walking every open task).
        query = filter.Due switch
        {
            DueState.Overdue => query.Where(t => t.Status != TaskStatuses.Completed && t.Status != TaskStatuses.Cancelled && t.Status != TaskStatuses.Withdrawn
                && t.DueAt != null && t.DueAt <= now),
            DueState.Warning => query.Where(t => t.Status != TaskStatuses.Completed && t.Status != TaskStatuses.Cancelled && t.Status != TaskStatuses.Withdrawn
                && t.DueAt != null && t.DueAt > now && t.WarnAt <= now),
            DueState.Normal => query.Where(t => t.Status != TaskStatuses.Completed && t.Status != TaskStatuses.Cancelled && t.Status != TaskStatuses.Withdrawn
                && t.DueAt != null && t.DueAt > now && (t.WarnAt == null || t.WarnAt > now)),
            DueState.None => query.Where(t => t.DueAt == null),
            _ => query,
        };
        return query;
    }

    public async Task<InboxPage> ListAsync(Actor actor, InboxView view, InboxFilter filter, int page, int pageSize, CancellationToken cancellationToken, InboxSort sort = InboxSort.Default)
    {
        var size = Math.Clamp(pageSize, 1, MaxPageSize);
        var index = Math.Max(page, 1);
        var query = Filter(View(view, actor), filter);
        var total = await query.CountAsync(cancellationToken);
        var ordered = sort switch
        {
            InboxSort.DueFirst => query.OrderBy(t => t.DueAt == null).ThenBy(t => t.DueAt).ThenByDescending(t => t.CreatedAt).ThenBy(t => t.Id),
            InboxSort.Newest => query.OrderByDescending(t => t.CreatedAt).ThenBy(t => t.Id),
            InboxSort.Oldest => query.OrderBy(t => t.CreatedAt).ThenBy(t => t.Id),
            InboxSort.Title => query.OrderBy(t => t.Title).ThenByDescending(t => t.CreatedAt).ThenBy(t => t.Id),
            _ => null,
        } ?? view switch
        {
            InboxView.ToDo => query.OrderByDescending(t => t.Priority).ThenBy(t => t.DueAt == null).ThenBy(t => t.DueAt).ThenByDescending(t => t.CreatedAt),
            InboxView.Done => query.OrderBy(t => t.CompletedAt == null).ThenByDescending(t => t.CompletedAt).ThenByDescending(t => t.CreatedAt),
            _ => query.OrderByDescending(t => t.CreatedAt).ThenBy(t => t.Id),
        };
        var tasks = await ordered.Skip((index - 1) * size).Take(size).ToListAsync(cancellationToken);
        return new InboxPage(await ItemsAsync(tasks, actor, view, cancellationToken), total, index, size);
    }

    /// <summary>The tab counts. <paramref name="known"/> is a view whose unfiltered count the caller has already.</summary>
    public async Task<InboxCounts> CountsAsync(Actor actor, CancellationToken cancellationToken, (InboxView View, int Count)? known = null)
    {
        var me = actor.UserName;
        async Task<int> Count(InboxView view) => known is { } k && k.View == view ? k.Count : await View(view, actor).CountAsync(cancellationToken);
        return new InboxCounts(
            await Count(InboxView.ToDo),
            await Count(InboxView.Done),
            await Count(InboxView.Started),
            await db.CarbonCopies().CountAsync(c => c.UserName == me, cancellationToken),
            await db.CarbonCopies().CountAsync(c => c.UserName == me && c.ReadAt == null, cancellationToken));
    }

    /// <summary>The processes and branches that occur in a view, for the filter drop-downs.</summary>
    public async Task<(IReadOnlyList<FilterOption> Processes, IReadOnlyList<FilterOption> Branches)> FilterOptionsAsync(Actor actor, InboxView view, CancellationToken cancellationToken)
    {
        var query = View(view, actor);
        var processes = await query.Where(t => t.DefinitionId != null).GroupBy(t => t.DefinitionId)
            .Select(g => new { Id = g.Key!, Name = g.Max(t => t.ProcessName) }).Take(100).ToListAsync(cancellationToken);
        var branches = await query.Where(t => t.BranchId != null).GroupBy(t => t.BranchId)
            .Select(g => new { Id = g.Key!, Context = g.Max(t => t.ContextJson) }).Take(200).ToListAsync(cancellationToken);
        return (
            processes.Select(p => new FilterOption(p.Id, p.Name ?? p.Id)).OrderBy(o => o.Label, StringComparer.Ordinal).ToList(),
            branches.Select(b => new FilterOption(b.Id, BranchName(b.Context) ?? b.Id)).OrderBy(o => o.Label, StringComparer.Ordinal).ToList());
    }

    public async Task<IReadOnlyList<InboxItem>> ItemsAsync(IReadOnlyList<TaskRecord> tasks, Actor actor, InboxView view, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var names = await InboxUsers.DisplayNamesAsync(db, tasks.Select(t => t.InitiatedBy), cancellationToken);
        var ids = tasks.Select(t => t.Id).ToList();
        var reads = view == InboxView.CarbonCopied
            ? await db.CarbonCopies().AsNoTracking().Where(c => c.UserName == actor.UserName && ids.Contains(c.TaskId)).ToDictionaryAsync(c => c.TaskId, c => c.ReadAt, cancellationToken)
            : [];
        return tasks.Select(t => new InboxItem(
            t.Id, t.InstanceId, t.Title, t.ProcessName, t.DefinitionId, t.StepName, t.InitiatedBy,
            t.InitiatedBy is null ? null : names.GetValueOrDefault(t.InitiatedBy, t.InitiatedBy),
            t.CreatedAt, t.DueAt, DueStates.Of(t, now), t.Status, t.Assignee, t.CandidateRole, t.Outcome, t.CompletedBy, t.CompletedAt,
            t.Priority, t.BranchId, BranchName(t.ContextJson), t.CountersignJson is not null, t.DelegationState == DelegationStates.Pending,
            reads.GetValueOrDefault(t.Id), t.Outcome is null ? null : TaskJson.OutcomeLabel(t, t.Outcome))).ToList();
    }

    private static string? BranchName(string? contextJson) =>
        contextJson is null ? null : (Engine.Expressions.ValueConversion.TryParse(contextJson) as System.Text.Json.Nodes.JsonObject)?.GetString("branchName");
}
