using Microsoft.DurableTask;

namespace Watcher.ApplierBench;

/// <summary>
/// The baseline: a bare Durable orchestration calling N no-op activities, with no bookkeeping. "all" starts every
/// activity at once; "chunked" starts them in chunks of 500 (as Watcher's batches do), one chunk after the other.
/// </summary>
public static class BareOrchestrations
{
    public const string AllAtOnce = "BareFanOut";
    public const string Chunked = "BareChunkedFanOut";
    public const string Noop = "BareNoop";
    public const int Chunk = 500;

    public static DurableTaskRegistry AddBareTasks(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddOrchestratorFunc<int, int>(AllAtOnce, async (context, n) =>
            (await Task.WhenAll(Enumerable.Range(0, n).Select(i => context.CallActivityAsync<int>(Noop, i)))).Length);
        registry.AddOrchestratorFunc<int, int>(Chunked, async (context, n) =>
        {
            var done = 0;
            for (var start = 0; start < n; start += Chunk)
            {
                done += (await Task.WhenAll(Enumerable.Range(start, Math.Min(Chunk, n - start)).Select(i => context.CallActivityAsync<int>(Noop, i)))).Length;
            }

            return done;
        });
        registry.AddActivityFunc<int, int>(Noop, (_, i) => i);
        return registry;
    }
}
