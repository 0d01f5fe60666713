namespace Watcher.Orchestrations.Orchestrators;

/// <summary>
/// Deterministic fan-out with a bound, for orchestrators: start up to <c>maxInFlight</c> tasks, wait for any with
/// <see cref="Task.WhenAny(IEnumerable{Task})"/>, start the next; results come back in input order. Replays see the same
/// order of starts because it depends only on the inputs and on which durable task completed first in history.
/// </summary>
public static class BoundedFanOut
{
    public static async Task<IReadOnlyList<TOut>> RunAsync<TIn, TOut>(IReadOnlyList<TIn> items, int maxInFlight, Func<TIn, Task<TOut>> start)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(start);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        var results = new TOut[items.Count];
        var inFlight = new Dictionary<Task<TOut>, int>();
        var next = 0;
        while (next < items.Count || inFlight.Count > 0)
        {
            while (next < items.Count && inFlight.Count < maxInFlight)
            {
                inFlight[start(items[next])] = next;
                next++;
            }

            var done = await Task.WhenAny(inFlight.Keys);
            results[inFlight[done]] = await done;
            inFlight.Remove(done);
        }

        return results;
    }
}
