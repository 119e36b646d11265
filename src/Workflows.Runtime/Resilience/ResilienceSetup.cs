using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Engine.Execution;

namespace Workflows.Runtime.Resilience;

/// <summary>One strategy of <c>Resilience:Strategies</c>.</summary>
public sealed class ResilienceStrategyOptions
{
    public string Id { get; set; } = "";
    public string? DisplayName { get; set; }
    public int MaxRetryAttempts { get; set; } = 3;
    public TimeSpan Delay { get; set; } = TimeSpan.FromSeconds(1);
    public RetryBackoff BackoffType { get; set; } = RetryBackoff.Exponential;
    public string Category { get; set; } = "HTTP";
}

/// <summary>
/// The strategies of configuration, plus a default one (3 retries, 1 s doubling), as Elsa's strategies come from its
/// configuration (elsa-core src/modules/Elsa.Resilience.Core/Services/ResilienceStrategyCatalog.cs).
/// </summary>
public sealed class ConfiguredResilienceStrategies(IReadOnlyList<ResilienceStrategy> strategies) : IResilienceStrategyCatalog
{
    public const int MaxRetryAttempts = 10;
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(10);

    public IReadOnlyList<ResilienceStrategy> All { get; } = strategies;

    public static ConfiguredResilienceStrategies From(IConfiguration configuration)
    {
        var configured = configuration.GetSection("Resilience:Strategies").Get<List<ResilienceStrategyOptions>>() ?? [];
        var all = new List<ResilienceStrategy> { new("default-retry", "默认重试（3 次，1 秒起倍增） / Default retry", 3, TimeSpan.FromSeconds(1), RetryBackoff.Exponential) };
        foreach (var s in configured.Where(s => s.Id.Length > 0))
        {
            // A burst holds its instance while it waits between attempts, so both are bounded.
            if (s.MaxRetryAttempts is < 0 or > MaxRetryAttempts || s.Delay < TimeSpan.Zero || s.Delay > MaxDelay)
                throw new InvalidOperationException($"Resilience strategy {s.Id}: MaxRetryAttempts must be 0–{MaxRetryAttempts} and Delay 0–{MaxDelay}.");
            all.RemoveAll(x => x.Id == s.Id);
            all.Add(new ResilienceStrategy(s.Id, s.DisplayName ?? s.Id, s.MaxRetryAttempts, s.Delay, s.BackoffType, s.Category));
        }
        return new ConfiguredResilienceStrategies(all);
    }
}

public static class ResilienceSetup
{
    public static IServiceCollection AddResilienceStrategies(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSingleton<IResilienceStrategyCatalog>(ConfiguredResilienceStrategies.From(configuration));
}
