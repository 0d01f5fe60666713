using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Watcher.Api.Contracts;

/// <summary>A short-horizon forecast of a metric series (its seasonal profile plus trend), with an approximate 95 % band.</summary>
public sealed record MetricForecastView
{
    [JsonPropertyName("start")]
    [Description("The time of values[0].")]
    public required string Start { get; init; }

    [JsonPropertyName("step_seconds")]
    [Description("Seconds between consecutive values.")]
    public required double StepSeconds { get; init; }

    [JsonPropertyName("values")]
    [Description("The forecast; null where it has no value.")]
    public required IReadOnlyList<double?> Values { get; init; }

    [JsonPropertyName("lower")]
    public required IReadOnlyList<double?> Lower { get; init; }

    [JsonPropertyName("upper")]
    public required IReadOnlyList<double?> Upper { get; init; }

    [JsonPropertyName("error_estimate")]
    [Description("The forecast's expected error (RMSE of a hold-out back-test), in the metric's unit; null when unknown.")]
    public required double? ErrorEstimate { get; init; }
}
