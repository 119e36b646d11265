using System.Text.Json.Nodes;
using Workflows.Runtime.Scheduling;

namespace Workflows.Runtime.Tests.Scheduling;

/// <summary>Branches for a fan-out run: b001, b002, … with their input.</summary>
internal sealed class TestBranches(int count, string name = TestBranches.ProviderName) : IRunItemsProvider
{
    public const string ProviderName = "testBranches";

    public string Name { get; } = name;

    public Task<IReadOnlyList<RunItem>> GetItemsAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RunItem>>(Enumerable.Range(1, count)
            .Select(i => new RunItem($"b{i:D3}", $"第{i}分会", new JsonObject { ["BranchId"] = $"b{i:D3}", ["BranchName"] = $"第{i}分会" }))
            .ToList());
}
