using System.Text.Json.Serialization;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary>The parameters of <see cref="OutletTempControlStrategy"/> (Watcher's <c>outlet_temperature</c>) and their JSON Schema, as strict as Watcher's <c>get_schema()</c> or stricter.</summary>
public sealed record OutletTempControlParameters
{
    /// <summary>The schema published as <c>parameters_spec</c>: validation, defaults, documentation.</summary>
    public static ParameterSchema Schema { get; } = ParameterSchema.FromJson("""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "threshold": {
              "description": "temperature threshold for migration",
              "type": "number",
              "default": 35.0
            },
            "period": {
              "description": "The time interval in seconds for getting statistic aggregation",
              "type": "number",
              "default": 30,
              "minimum": 0
            },
            "granularity": {
              "description": "The time between two measures in an aggregated timeseries of a metric.",
              "type": "number",
              "default": 300,
              "minimum": 0
            }
          }
        }
        """);

    /// <summary>temperature threshold for migration</summary>
    [JsonPropertyName("threshold")]
    public required double Threshold { get; init; }

    /// <summary>The time interval in seconds for getting statistic aggregation</summary>
    [JsonPropertyName("period")]
    public required double Period { get; init; }

    /// <summary>The time between two measures in an aggregated timeseries of a metric.</summary>
    [JsonPropertyName("granularity")]
    public required double Granularity { get; init; }
}
