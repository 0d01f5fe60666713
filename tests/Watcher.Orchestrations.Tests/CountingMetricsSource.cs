using System.Collections.Concurrent;
using Watcher.Domain.Metrics;

namespace Watcher.Orchestrations.Tests;

/// <summary>
/// A datasource that records every query and the most queries it ever had in flight at once. Every resource has one
/// sample per step whose value is a known function of time and resource (<see cref="ValueAt"/>), so tests can check
/// what the strategy received.
/// </summary>
public sealed class CountingMetricsSource(TimeSpan delay) : IMetricsSource
{
    private readonly ConcurrentQueue<MetricRangeQuery> _queries = new();
    private int _inFlight;
    private int _maxInFlight;

    public string Name => "counting";

    public IReadOnlyCollection<string> SupportedMetrics => MetricNames.All;

    /// <summary>Every query so far, in arrival order.</summary>
    public IReadOnlyList<MetricRangeQuery> Queries => [.. _queries];

    /// <summary>The most queries that were running at once.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    /// <summary>The value every resource reports at <paramref name="at"/>: hours since the epoch mod 100, plus the id's length.</summary>
    public static double ValueAt(string resourceId, DateTimeOffset at) => (at.ToUnixTimeSeconds() / 3600 % 100) + resourceId.Length;

    public async Task<IReadOnlyList<TimeSeries>> QueryRangeAsync(MetricRangeQuery query, CancellationToken cancellationToken = default)
    {
        _queries.Enqueue(query);
        var now = Interlocked.Increment(ref _inFlight);
        int seen;
        while (now > (seen = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
        {
        }

        try
        {
            await Task.Delay(delay, cancellationToken);
            return [.. query.ResourceIds.Select(id => new TimeSeries(
                id,
                query.Metric,
                [.. Enumerable.Range(0, query.Steps).Select(i => query.Start + (query.Step * i)).Select(t => new MetricPoint(t, ValueAt(id, t)))]))];
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
