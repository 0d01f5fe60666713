using System.Text.Json.Serialization;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary>The parameters of <see cref="WorkloadStabilizationStrategy"/> (Watcher's <c>workload_stabilization</c>) and their JSON Schema, as strict as Watcher's <c>get_schema()</c> or stricter.</summary>
public sealed record WorkloadStabilizationParameters
{
    /// <summary>The schema published as <c>parameters_spec</c>: validation, defaults, documentation.</summary>
    public static ParameterSchema Schema { get; } = ParameterSchema.FromJson($$"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "metrics": {
              "description": "Metrics used as rates of cluster loads.",
              "type": "array",
              "items": {
                "type": "string",
                "enum": [
                  "instance_cpu_usage",
                  "instance_ram_usage"
                ]
              },
              "minItems": 1,
              "uniqueItems": true,
              "default": [
                "instance_cpu_usage"
              ]
            },
            "thresholds": {
              "description": "Dict where key is a metric and value is a trigger value.",
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "instance_cpu_usage": {
                  "type": "number",
                  "minimum": 0,
                  "maximum": 1,
                  "default": 0.1
                },
                "instance_ram_usage": {
                  "type": "number",
                  "minimum": 0,
                  "maximum": 1,
                  "default": 0.1
                }
              },
              "default": {
                "instance_cpu_usage": 0.1,
                "instance_ram_usage": 0.1
              }
            },
            "weights": {
              "description": "These weights used to calculate common standard deviation. Name of weight contains meter name and _weight suffix.",
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "instance_cpu_usage_weight": {
                  "type": "number",
                  "minimum": 0,
                  "maximum": 1,
                  "default": 1.0
                },
                "instance_ram_usage_weight": {
                  "type": "number",
                  "minimum": 0,
                  "maximum": 1,
                  "default": 1.0
                }
              },
              "default": {
                "instance_cpu_usage_weight": 1.0,
                "instance_ram_usage_weight": 1.0
              }
            },
            "instance_metrics": {
              "description": "Mapping to get hardware statistics using instance metrics",
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "instance_cpu_usage": {
                  "type": "string",
                  "minLength": 1,
                  "default": "host_cpu_usage"
                },
                "instance_ram_usage": {
                  "type": "string",
                  "minLength": 1,
                  "default": "host_ram_usage"
                }
              },
              "default": {
                "instance_cpu_usage": "host_cpu_usage",
                "instance_ram_usage": "host_ram_usage"
              }
            },
            "host_choice": {
              "description": "Method of host's choice. There are cycle, retry and fullsearch methods. Cycle will iterate hosts in cycle. Retry will get some hosts random (count defined in retry_count option). Fullsearch will return each host from list.",
              "type": "string",
              "enum": [
                "retry",
                "fullsearch",
                "cycle"
              ],
              "default": "retry"
            },
            "retry_count": {
              "description": "Count of random returned hosts",
              "type": "integer",
              "minimum": 1,
              "default": 1
            },
            "periods": {
              "description": "These periods are used to get statistic aggregation for instance and host metrics. The period is simply a repeating interval of time into which the samples are grouped for aggregation. Watcher uses only the last period of all received ones.",
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "instance": {
                  "type": "integer",
                  "minimum": 0,
                  "default": 720
                },
                "compute_node": {
                  "type": "integer",
                  "minimum": 0,
                  "default": 600
                },
                "node": {
                  "type": "integer",
                  "minimum": 0,
                  "default": 0
                }
              },
              "default": {
                "instance": 720,
                "compute_node": 600,
                "node": 0
              }
            },
            {{WatcherSchemaFragments.AggregationMethodByResource}},
            "granularity": {
              "description": "The time between two measures in an aggregated timeseries of a metric.",
              "type": "number",
              "minimum": 0,
              "default": 300
            }
          }
        }
        """);

    /// <summary>Metrics used as rates of cluster loads.</summary>
    [JsonPropertyName("metrics")]
    public required IReadOnlyList<string> Metrics { get; init; }

    /// <summary>Dict where key is a metric and value is a trigger value.</summary>
    [JsonPropertyName("thresholds")]
    public required StabilizationThresholds Thresholds { get; init; }

    /// <summary>These weights used to calculate common standard deviation. Name of weight contains meter name and _weight suffix.</summary>
    [JsonPropertyName("weights")]
    public required StabilizationWeights Weights { get; init; }

    /// <summary>Mapping to get hardware statistics using instance metrics</summary>
    [JsonPropertyName("instance_metrics")]
    public required StabilizationInstanceMetrics InstanceMetrics { get; init; }

    /// <summary>Method of host's choice. There are cycle, retry and fullsearch methods. Cycle will iterate hosts in cycle. Retry will get some hosts random (count defined in retry_count option). Fullsearch will return each host from list.</summary>
    [JsonPropertyName("host_choice")]
    public required string HostChoice { get; init; }

    /// <summary>Count of random returned hosts</summary>
    [JsonPropertyName("retry_count")]
    public required int RetryCount { get; init; }

    /// <summary>These periods are used to get statistic aggregation for instance and host metrics. The period is simply a repeating interval of time into which the samples are grouped for aggregation. Watcher uses only the last period of all received ones.</summary>
    [JsonPropertyName("periods")]
    public required StabilizationPeriods Periods { get; init; }

    /// <summary>Function used to aggregate multiple measures into an aggregate. For example, the min aggregation method will aggregate the values of different measures to the minimum value of all the measures in the time range.</summary>
    [JsonPropertyName("aggregation_method")]
    public required AggregationMethods AggregationMethod { get; init; }

    /// <summary>The time between two measures in an aggregated timeseries of a metric.</summary>
    [JsonPropertyName("granularity")]
    public required double Granularity { get; init; }
}
