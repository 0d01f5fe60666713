using System.Text.Json.Serialization;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary>The parameters of <see cref="BasicConsolidationStrategy"/> (Watcher's <c>basic</c>) and their JSON Schema, as strict as Watcher's <c>get_schema()</c> or stricter.</summary>
public sealed record BasicConsolidationParameters
{
    /// <summary>The schema published as <c>parameters_spec</c>: validation, defaults, documentation.</summary>
    public static ParameterSchema Schema { get; } = ParameterSchema.FromJson($$"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "migration_attempts": {
              "description": "Maximum number of combinations to be tried by the strategy while searching for potential candidates. To remove the limit, set it to 0 (by default)",
              "type": "number",
              "default": 0,
              "minimum": 0
            },
            "period": {
              "description": "The time interval in seconds for getting statistic aggregation",
              "type": "number",
              "default": 7200,
              "minimum": 0
            },
            "granularity": {
              "description": "The time between two measures in an aggregated timeseries of a metric.",
              "type": "number",
              "default": 300,
              "minimum": 0
            },
            {{WatcherSchemaFragments.AggregationMethodByResource}},
            {{WatcherSchemaFragments.CoincidingPeaks}}
          }
        }
        """);

    /// <summary>Maximum number of combinations to be tried by the strategy while searching for potential candidates. To remove the limit, set it to 0 (by default)</summary>
    [JsonPropertyName("migration_attempts")]
    public required double MigrationAttempts { get; init; }

    /// <summary>The time interval in seconds for getting statistic aggregation</summary>
    [JsonPropertyName("period")]
    public required double Period { get; init; }

    /// <summary>The time between two measures in an aggregated timeseries of a metric.</summary>
    [JsonPropertyName("granularity")]
    public required double Granularity { get; init; }

    /// <summary>Function used to aggregate multiple measures into an aggregate. For example, the min aggregation method will aggregate the values of different measures to the minimum value of all the measures in the time range.</summary>
    [JsonPropertyName("aggregation_method")]
    public required AggregationMethods AggregationMethod { get; init; }

    /// <summary>Do not move an instance onto a host that runs an instance whose weekly peaks coincide with its own.</summary>
    [JsonPropertyName("avoid_coinciding_peaks")]
    public required bool AvoidCoincidingPeaks { get; init; }

    /// <summary>Peak coincidence (0–1) from which <see cref="AvoidCoincidingPeaks"/> keeps two instances apart.</summary>
    [JsonPropertyName("peak_coincidence")]
    public required double PeakCoincidence { get; init; }
}
