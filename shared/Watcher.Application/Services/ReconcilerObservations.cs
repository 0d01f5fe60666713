using System.Collections.Concurrent;

namespace Watcher.Application.Services;

/// <summary>
/// What this process's <see cref="Reconciler"/> has seen left behind, and since when (a singleton, in memory on
/// purpose). A record is repaired only once it has looked left behind for <see cref="ReconcilerOptions.GraceSeconds"/>
/// of this process's own observation: after a restart the worker first gets that long to deliver start messages a
/// crash left in the queues (a message sent just before the crash, whose instance row was never written, is invisible
/// for up to the queue's visibility timeout), so the reconciler never schedules an instance a second time.
/// </summary>
public sealed class ReconcilerObservations
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _firstSeen = new(StringComparer.Ordinal);

    /// <summary>When <paramref name="key"/> was first seen left behind (now, if this is the first time).</summary>
    public DateTimeOffset FirstSeen(string key, DateTimeOffset now) => _firstSeen.GetOrAdd(key, now);

    /// <summary>Forgets every key not in <paramref name="stillLeftBehind"/> (repaired, or moved on by itself).</summary>
    public void KeepOnly(IReadOnlySet<string> stillLeftBehind)
    {
        ArgumentNullException.ThrowIfNull(stillLeftBehind);
        foreach (var key in _firstSeen.Keys)
        {
            if (!stillLeftBehind.Contains(key))
            {
                _firstSeen.TryRemove(key, out _);
            }
        }
    }
}
