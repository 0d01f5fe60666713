namespace Watcher.Domain.Metrics;

/// <summary>A request for raw series: one metric, some resources, a period and a step (granularity).</summary>
public sealed record MetricRangeQuery(string Metric, MetricResource Resource, IReadOnlyList<string> ResourceIds, DateTimeOffset Start, DateTimeOffset End, TimeSpan Step)
{
    /// <summary>Number of samples the query spans.</summary>
    public int Steps => Step <= TimeSpan.Zero ? 0 : (int)Math.Floor((End - Start) / Step) + 1;
}
