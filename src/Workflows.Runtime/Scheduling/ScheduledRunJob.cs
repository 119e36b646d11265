using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflows.Runtime.Definitions;
using Workflows.Runtime.Execution;
using Workflows.Runtime.Persistence;

namespace Workflows.Runtime.Scheduling;

/// <summary>
/// A configured run: starts its workflow once, or once per item of its items provider (the yearly assessment of
/// every active branch). Every start carries the key "{run}:{period}:{itemId}", so a run that is interrupted
/// and run again (recovery, "run now", a second node) starts only what is still missing, and never a second
/// instance for an item and period. A missing definition or provider is recorded as a failed run, not thrown.
/// </summary>
public sealed partial class ScheduledRunJob(
    IServiceProvider services,
    WorkflowRuntime runtime,
    WorkflowsDbContext db,
    DefinitionStore definitions,
    IEnumerable<IRunItemsProvider> providers,
    IOptionsMonitor<SchedulingOptions> options,
    ILogger<ScheduledRunJob> logger) : IScheduledJob
{
    private const int KeyBatch = 500;
    private const int MaxMessages = 5;

    public async Task<ScheduleRunResult> ExecuteAsync(ScheduleFiring firing, CancellationToken cancellationToken)
    {
        var name = firing.Entry.RunName;
        var run = options.CurrentValue.Runs.FirstOrDefault(r => r.Name == name);
        if (run is null)
            return ScheduleRunResult.Failure($"计划 {name} 已不在配置中（Scheduling:Runs），本次未启动任何流程。 / Run {name} is no longer configured; nothing was started.");

        var period = RunPeriods.Compute(run.Period, firing.Tick);
        if (await definitions.FindAsync(run.DefinitionId, VersionOptions.Published, cancellationToken) is null)
        {
            LogDefinitionMissing(run.Name, run.DefinitionId);
            return ScheduleRunResult.Failure(
                $"流程定义 {run.DefinitionId} 不存在或尚未发布，本次未启动任何流程。请在流程设计中发布该流程后点击“立即执行”。 / Definition {run.DefinitionId} does not exist or is not published; nothing was started.", period);
        }

        var requestedBy = firing.RequestedBy ?? "scheduler";
        if (string.IsNullOrWhiteSpace(run.ItemsProvider))
        {
            var outcome = await runtime.StartAsync(new StartWorkflowRequest
            {
                DefinitionId = run.DefinitionId,
                Input = new JsonObject { ["Period"] = period },
                IdempotencyKey = $"{run.Name}:{period}",
                InitiatedBy = requestedBy,
            }, cancellationToken);
            return outcome.Status switch
            {
                RunStatus.Completed or RunStatus.Accepted => new ScheduleRunResult(true, period, 1, 1, 0, 0, $"已启动实例 {outcome.InstanceId} / started {outcome.InstanceId}"),
                RunStatus.Existing => new ScheduleRunResult(true, period, 1, 0, 1, 0, $"{period} 已启动过（实例 {outcome.InstanceId}） / already started for {period}"),
                _ => new ScheduleRunResult(false, period, 1, 0, 0, 1, outcome.Message),
            };
        }

        var provider = providers.FirstOrDefault(p => p.Name == run.ItemsProvider);
        if (provider is null)
            return ScheduleRunResult.Failure($"条目来源 {run.ItemsProvider} 没有注册，本次未启动任何流程。 / Items provider {run.ItemsProvider} is not registered; nothing was started.", period);
        return await FanOutAsync(run, provider, period, requestedBy, cancellationToken);
    }

    private async Task<ScheduleRunResult> FanOutAsync(ScheduledRunOptions run, IRunItemsProvider provider, string period, string requestedBy, CancellationToken cancellationToken)
    {
        var items = (await provider.GetItemsAsync(services, cancellationToken))
            .GroupBy(i => i.Id, StringComparer.Ordinal).Select(g => g.First()).ToList();
        string KeyOf(RunItem item) => $"{run.Name}:{period}:{item.Id}";

        // Items started by an earlier, interrupted firing are found in bulk instead of one start call each.
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in items.Select(KeyOf).Chunk(KeyBatch))
        {
            var found = await db.Instances.AsNoTracking().Where(i => chunk.Contains(i.IdempotencyKey!)).Select(i => i.IdempotencyKey!).ToListAsync(cancellationToken);
            done.UnionWith(found);
        }

        int started = 0, existing = done.Count, failed = 0;
        var messages = new List<string>();
        // Side by side, bounded: each start is its own burst under its own key, and bursts finishing together
        // share one group commit. Every item still goes through the idempotency key, so a rerun starts only the rest.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Clamp(run.Parallelism, 1, 64), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(items.Where(i => !done.Contains(KeyOf(i))), parallel, async (item, ct) =>
        {
            var input = (JsonObject)item.Input.DeepClone();
            if (!input.ContainsKey("Period")) input["Period"] = period;
            // Cancelled (shutdown): no new items start; Hangfire requeues the job and its next execution carries on.
            var outcome = await runtime.DispatchAsync(new StartWorkflowRequest
            {
                DefinitionId = run.DefinitionId,
                Input = input,
                IdempotencyKey = KeyOf(item),
                InitiatedBy = requestedBy,
            }, ct);
            switch (outcome.Status)
            {
                case RunStatus.Accepted or RunStatus.Completed:
                    Interlocked.Increment(ref started);
                    break;
                case RunStatus.Existing:
                    Interlocked.Increment(ref existing);
                    break;
                default:
                    Interlocked.Increment(ref failed);
                    lock (messages)
                        if (messages.Count < MaxMessages) messages.Add($"{item.Label ?? item.Id}: {outcome.Message}");
                    break;
            }
        });

        LogFannedOut(run.Name, period, items.Count, started, existing, failed);
        var summary = $"共 {items.Count} 项：新启动 {started}，此前已启动 {existing}，失败 {failed}。 / {items.Count} items: {started} started, {existing} already started, {failed} failed.";
        if (messages.Count > 0) summary += " " + string.Join("; ", messages);
        return new ScheduleRunResult(failed == 0, period, items.Count, started, existing, failed, summary);
    }

    [LoggerMessage(EventId = 4230, Level = LogLevel.Warning, Message = "Run {RunName} fired but definition {DefinitionId} has no published version; nothing started")]
    private partial void LogDefinitionMissing(string runName, string definitionId);

    [LoggerMessage(EventId = 4231, Level = LogLevel.Information, Message = "Run {RunName} for {Period}: {Total} items, {Started} started, {Existing} already started, {Failed} failed")]
    private partial void LogFannedOut(string runName, string period, int total, int started, int existing, int failed);
}
