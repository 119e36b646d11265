using System.Text.Json.Nodes;
using Workflows.Engine.Activities;
using Workflows.Engine.Activities.Http;
using Workflows.Engine.Model;

namespace Workflows.Engine.Execution;

public enum RetryBackoff
{
    Constant,
    Linear,
    Exponential,
}

/// <summary>
/// A retry policy activities can be given by id, as elsa-core's HttpResilienceStrategy
/// (src/modules/Elsa.Http/Resilience/HttpResilienceStrategy.cs: maxRetryAttempts, delay, backoffType, useJitter; jitter
/// is not offered here so retries stay reproducible).
/// </summary>
public sealed record ResilienceStrategy(string Id, string DisplayName, int MaxRetryAttempts, TimeSpan Delay, RetryBackoff BackoffType, string Category = "HTTP")
{
    /// <summary>Polly's delays: constant, delay × n, or delay × 2^(n-1) before retry n.</summary>
    public TimeSpan DelayBefore(int retry) => BackoffType switch
    {
        RetryBackoff.Constant => Delay,
        RetryBackoff.Linear => Delay * retry,
        _ => Delay * Math.Pow(2, retry - 1),
    };
}

/// <summary>The strategies the service offers; the runtime reads them from configuration.</summary>
public interface IResilienceStrategyCatalog
{
    IReadOnlyList<ResilienceStrategy> All { get; }
}

/// <summary>
/// Runs an outgoing call with the activity's resilience strategy. The activity names it in
/// <c>customProperties.resilienceStrategy</c> as Studio writes it: <c>{"mode":"Identifier","strategyId":…}</c>
/// (elsa-core src/modules/Elsa.Resilience.Core/Models/ResilienceStrategyConfig.cs). Transient results are retried
/// inside the burst after the strategy's delay (measured on the TimeProvider); every attempt that is retried is
/// journaled as <see cref="RetryAttemptEvent"/>, and the last result stands.
/// </summary>
public static class ResilientCalls
{
    public const string RetryAttemptEvent = "RetryAttempt";

    public static ResilienceStrategy? StrategyOf(ActivityExecutionContext context)
    {
        if (context.Node.Json.GetObject("customProperties")?.GetObject("resilienceStrategy") is not { } config) return null;
        var mode = config.GetString("mode");
        if (mode is not null && !string.Equals(mode, "Identifier", StringComparison.OrdinalIgnoreCase))
            throw new ActivityFaultException($"不支持的重试策略方式 {mode}（仅 Identifier）。 / Resilience mode {mode} is not supported (Identifier only).");
        if (config.GetString("strategyId") is not { Length: > 0 } id) return null;
        return context.GetService<IResilienceStrategyCatalog>()?.All.FirstOrDefault(s => s.Id == id)
            ?? throw new ActivityFaultException($"重试策略 {id} 不存在。 / Resilience strategy {id} does not exist.");
    }

    public static async ValueTask<T> RunAsync<T>(ActivityExecutionContext context, Func<CancellationToken, Task<T>> call, Func<T, string?> transientReason)
    {
        var strategy = StrategyOf(context);
        for (var attempt = 1; ; attempt++)
        {
            var result = await call(context.CancellationToken);
            var reason = transientReason(result);
            if (reason is null || strategy is null || attempt > strategy.MaxRetryAttempts) return result;
            var delay = strategy.DelayBefore(attempt);
            context.Workflow.AddJournal(context, RetryAttemptEvent, $"第 {attempt} 次尝试失败（{reason}），{delay.TotalSeconds:0.###} 秒后重试。 / Attempt {attempt} failed ({reason}); retrying in {delay.TotalSeconds:0.###} s.",
                new JsonObject { ["attempt"] = attempt, ["strategyId"] = strategy.Id, ["reason"] = reason, ["retryDelay"] = delay.ToString("c") });
            await Task.Delay(delay, context.Workflow.Clock, context.CancellationToken);
        }
    }

    /// <summary>What Polly's HTTP strategy treats as transient: no connection, a timeout, 408, 429 and 5xx.</summary>
    public static string? TransientHttp(OutgoingHttpResponse response) => response.Failure switch
    {
        OutgoingHttpFailure.FailedToConnect => "failed to connect",
        OutgoingHttpFailure.Timeout => "timeout",
        _ => response.StatusCode is 408 or 429 or >= 500 ? $"HTTP {response.StatusCode}" : null,
    };
}
