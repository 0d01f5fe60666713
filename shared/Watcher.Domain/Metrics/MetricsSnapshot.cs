namespace Watcher.Domain.Metrics;

/// <summary>Aggregated metrics an audit run collected: resource id → metric name → value, for hosts and instances.</summary>
public sealed record MetricsSnapshot
{
    public Dictionary<string, Dictionary<string, double>> Hosts { get; init; } = [];

    public Dictionary<string, Dictionary<string, double>> Instances { get; init; } = [];

    public string Source { get; init; } = "model";

    public DateTimeOffset Start { get; init; }

    public DateTimeOffset End { get; init; }

    public string Aggregation { get; init; } = "mean";
}
