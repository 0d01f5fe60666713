using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Watcher.Api.Contracts;

/// <summary>A host's projected hour-of-week load before and after an action plan, and the threshold the strategy kept it under.</summary>
public sealed record ProjectedProfileView
{
    [JsonPropertyName("host_uuid")]
    public required string HostUuid { get; init; }

    [JsonPropertyName("hostname")]
    public required string Hostname { get; init; }

    [JsonPropertyName("metric")]
    public required string Metric { get; init; }

    [JsonPropertyName("before")]
    [Description("168 values, index 0 = Monday 00:00 UTC; null for an hour without data.")]
    public required IReadOnlyList<double?> Before { get; init; }

    [JsonPropertyName("after")]
    [Description("168 values after the plan, same indexing as before.")]
    public required IReadOnlyList<double?> After { get; init; }

    [JsonPropertyName("threshold")]
    public required double Threshold { get; init; }
}
