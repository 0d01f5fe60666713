using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Watcher.Api.Contracts;

/// <summary>A host's projected hour-of-week load before and after a plan (history-based strategies such as periodic_contention_balance).</summary>
public sealed record ProjectedProfileView
{
    [JsonPropertyName("host_uuid")]
    public required string HostUuid { get; init; }

    [JsonPropertyName("hostname")]
    public required string Hostname { get; init; }

    [JsonPropertyName("metric")]
    [Description("The metric the profile is built from, e.g. instance_cpu_usage summed over the host's instances and expressed as % of the host's vCPUs.")]
    public required string Metric { get; init; }

    [JsonPropertyName("before")]
    [Description("168 hourly values, index 0 = Monday 00:00-01:00 UTC; null where there was no sample.")]
    public required IReadOnlyList<double?> Before { get; init; }

    [JsonPropertyName("after")]
    [Description("The same hours with the plan's moves applied.")]
    public required IReadOnlyList<double?> After { get; init; }

    [JsonPropertyName("threshold")]
    [Description("The level the strategy keeps every hour under.")]
    public required double Threshold { get; init; }
}
