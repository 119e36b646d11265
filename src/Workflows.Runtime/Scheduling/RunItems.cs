using System.Text.Json.Nodes;

namespace Workflows.Runtime.Scheduling;

/// <summary>One item of a fan-out run (a branch for the yearly assessment) and the input its instance starts with.</summary>
public sealed record RunItem(string Id, string? Label, JsonObject Input);

/// <summary>
/// Supplies the items of a scheduled fan-out run by name (e.g. "activeBranches"). Modules register providers;
/// the scheduler starts one instance per item with an idempotency key of run name, period and item id, so an
/// interrupted run that is repeated never starts a second instance for the same item and period.
/// </summary>
public interface IRunItemsProvider
{
    string Name { get; }

    Task<IReadOnlyList<RunItem>> GetItemsAsync(IServiceProvider services, CancellationToken cancellationToken);
}
