using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Watcher.Api.Contracts;

/// <summary>A period found in a metric series and its strength.</summary>
public sealed record DetectedPeriodView
{
    [JsonPropertyName("period_seconds")]
    [Description("The period: 86400 for daily, 604800 for weekly.")]
    public required double PeriodSeconds { get; init; }

    [JsonPropertyName("strength")]
    [Description("0–1: how much of the series' variation the period explains.")]
    public required double Strength { get; init; }
}
