using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Association.Domain;
using Workflows.Runtime.Persistence;
using Workflows.Runtime.Scheduling;

namespace Workflows.Association.Scheduling;

/// <summary>
/// The items of the yearly P3 run (000 §6.2, 001 §7): every Active branch, with input <c>{BranchId, Year}</c> where
/// Year is the year being assessed (the previous calendar year in Beijing time, as the run is early January).
/// Branches under rectification, suspended, merged or dissolved are not assessed in the yearly run.
/// </summary>
public sealed class ActiveBranchesRunItems : IRunItemsProvider
{
    public const string RunName = "activeBranches";

    public string Name => RunName;

    public async Task<IReadOnlyList<RunItem>> GetItemsAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var db = services.GetRequiredService<WorkflowsDbContext>();
        var clock = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var year = clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).Year - 1;
        var branches = await db.Set<Branch>().AsNoTracking()
            .Where(b => b.Status == BranchStatus.Active)
            .OrderBy(b => b.Code)
            .Select(b => new { b.Id, b.Name })
            .ToListAsync(cancellationToken);
        return branches.Select(b => new RunItem(b.Id, b.Name, new JsonObject { ["BranchId"] = b.Id, ["Year"] = year })).ToList();
    }
}
