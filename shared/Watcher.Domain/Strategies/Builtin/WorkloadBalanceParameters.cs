using System.Text.Json.Serialization;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary>The parameters of <see cref="WorkloadBalanceStrategy"/> (Watcher's <c>workload_balance</c>) and their JSON Schema, as strict as Watcher's <c>get_schema()</c> or stricter.</summary>
public sealed record WorkloadBalanceParameters
{
    /// <summary>The schema published as <c>parameters_spec</c>: validation, defaults, documentation.</summary>
    public static ParameterSchema Schema { get; } = ParameterSchema.FromJson("""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "metrics": {
              "description": "Workload balance based on metrics: cpu or ram utilization",
              "type": "string",
              "enum": [
                "instance_cpu_usage",
                "instance_ram_usage"
              ],
              "default": "instance_cpu_usage"
            },
            "threshold": {
              "description": "Workload threshold for migration - used for source and destination hosts. It is always a percentage value.",
              "type": "number",
              "default": 25.0
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

    /// <summary>Workload balance based on metrics: cpu or ram utilization</summary>
    [JsonPropertyName("metrics")]
    public required string Metrics { get; init; }

    /// <summary>Workload threshold for migration - used for source and destination hosts. It is always a percentage value.</summary>
    [JsonPropertyName("threshold")]
    public required double Threshold { get; init; }

    /// <summary>aggregate time period of ceilometer</summary>
    [JsonPropertyName("period")]
    public required double Period { get; init; }

    /// <summary>The time between two measures in an aggregated timeseries of a metric.</summary>
    [JsonPropertyName("granularity")]
    public required double Granularity { get; init; }
}
