using System.Text.Json.Serialization;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary>The parameters of <see cref="UniformAirflowStrategy"/> (Watcher's <c>uniform_airflow</c>) and their JSON Schema, as strict as Watcher's <c>get_schema()</c> or stricter.</summary>
public sealed record UniformAirflowParameters
{
    /// <summary>The schema published as <c>parameters_spec</c>: validation, defaults, documentation.</summary>
    public static ParameterSchema Schema { get; } = ParameterSchema.FromJson("""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "threshold_airflow": {
              "description": "airflow threshold for migration, Unit is 0.1CFM",
              "type": "number",
              "default": 400.0
            },
            "threshold_inlet_t": {
              "description": "inlet temperature threshold for migration decision",
              "type": "number",
              "default": 28.0
            },
            "threshold_power": {
              "description": "system power threshold for migration decision",
              "type": "number",
              "default": 350.0
            },
            "period": {
              "description": "aggregate time period of ceilometer",
              "type": "number",
              "default": 300,
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

    /// <summary>airflow threshold for migration, Unit is 0.1CFM</summary>
    [JsonPropertyName("threshold_airflow")]
    public required double ThresholdAirflow { get; init; }

    /// <summary>inlet temperature threshold for migration decision</summary>
    [JsonPropertyName("threshold_inlet_t")]
    public required double ThresholdInletT { get; init; }

    /// <summary>system power threshold for migration decision</summary>
    [JsonPropertyName("threshold_power")]
    public required double ThresholdPower { get; init; }

    /// <summary>aggregate time period of ceilometer</summary>
    [JsonPropertyName("period")]
    public required double Period { get; init; }

    /// <summary>The time between two measures in an aggregated timeseries of a metric.</summary>
    [JsonPropertyName("granularity")]
    public required double Granularity { get; init; }
}
