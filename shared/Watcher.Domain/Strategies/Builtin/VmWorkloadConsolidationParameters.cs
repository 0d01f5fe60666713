using System.Text.Json.Serialization;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary>The parameters of <see cref="VmWorkloadConsolidationStrategy"/> (Watcher's <c>vm_workload_consolidation</c>) and their JSON Schema, as strict as Watcher's <c>get_schema()</c> or stricter.</summary>
public sealed record VmWorkloadConsolidationParameters
{
    /// <summary>The schema published as <c>parameters_spec</c>: validation, defaults, documentation.</summary>
    public static ParameterSchema Schema { get; } = ParameterSchema.FromJson($$"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "period": {
              "description": "The time interval in seconds for getting statistic aggregation",
              "type": "number",
              "default": 3600,
              "minimum": 0
            },
            "granularity": {
              "description": "The time between two measures in an aggregated timeseries of a metric.",
              "type": "number",
              "default": 300,
              "minimum": 0
            },
            {{WatcherSchemaFragments.CoincidingPeaks}}
          }
        }
        """);

    /// <summary>The time interval in seconds for getting statistic aggregation</summary>
    [JsonPropertyName("period")]
    public required double Period { get; init; }

    /// <summary>The time between two measures in an aggregated timeseries of a metric.</summary>
    [JsonPropertyName("granularity")]
    public required double Granularity { get; init; }

    /// <summary>Do not move an instance onto a host that runs an instance whose weekly peaks coincide with its own.</summary>
    [JsonPropertyName("avoid_coinciding_peaks")]
    public required bool AvoidCoincidingPeaks { get; init; }

    /// <summary>Peak coincidence (0–1) from which <see cref="AvoidCoincidingPeaks"/> keeps two instances apart.</summary>
    [JsonPropertyName("peak_coincidence")]
    public required double PeakCoincidence { get; init; }
}
