using System.Collections.Concurrent;

namespace Workflows.Runtime.Scheduling;

/// <summary>
/// Serialises, per schedule, "has this tick already fired?" and the insert of the firing's history row. Without it
/// two background jobs of one node that name the same tick (the resume catch-up and the recurring job Hangfire adds
/// in the same second) both saw no row and both fired. Across nodes (PostgreSQL) the check races; there the unique
/// (ScheduleKey, Occurrence) index of the history refuses the second insert (ScheduleJobRunner: "already fired").
/// </summary>
public sealed class OccurrenceGate
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    public async Task<IDisposable> EnterAsync(string scheduleKey, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(scheduleKey, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        return new Release(gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release();
        }
    }
}
