using System.Collections.Concurrent;

namespace Workflows.Runtime.Scheduling;

/// <summary>
/// The run-history rows whose execution is at work in this process, from just before the row is inserted until its
/// end is written. A Running row of this node that is not here belongs to an execution that is gone (a host of
/// this process that stopped, or an end that could not be written), so it may be taken over at once; one that is
/// here is about to end, because Hangfire aborts every execution of a job but the one that holds its Processing
/// state. One per host (<see cref="WorkflowScheduler.Local"/>), so two hosts in one process stay apart.
/// </summary>
public sealed class LocalFirings
{
    private readonly ConcurrentDictionary<string, byte> _rows = new(StringComparer.Ordinal);

    public bool IsActive(string rowId) => _rows.ContainsKey(rowId);

    public IDisposable Track(string rowId)
    {
        _rows[rowId] = 0;
        return new Release(_rows, rowId);
    }

    private sealed class Release(ConcurrentDictionary<string, byte> rows, string rowId) : IDisposable
    {
        public void Dispose() => rows.TryRemove(rowId, out _);
    }
}
