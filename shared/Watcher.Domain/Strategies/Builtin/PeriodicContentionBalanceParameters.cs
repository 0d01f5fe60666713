using System.Text.Json.Serialization;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary>The parameters of <see cref="PeriodicContentionBalanceStrategy"/> (<c>periodic_contention_balance</c>, no Watcher counterpart) and their JSON Schema.</summary>
public sealed record PeriodicContentionBalanceParameters
{
    /// <summary>The schema published as <c>parameters_spec</c>: validation, defaults, documentation.</summary>
    public static ParameterSchema Schema { get; } = ParameterSchema.FromJson("""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "metrics": {
              "description": "The instance metric whose weekly profile is balanced: cpu (% of the instance's vCPUs, summed as busy vCPUs over the host's vCPUs) or ram (MB over the host's memory)",
              "type": "string",
              "enum": [
                "instance_cpu_usage",
                "instance_ram_usage"
              ],
              "default": "instance_cpu_usage"
            },
            "threshold": {
              "description": "Projected utilisation (%) no host may exceed in any hour of the week",
              "type": "number",
              "default": 80.0,
              "minimum": 1,
              "maximum": 100
            },
            "period": {
              "description": "Seconds of history read (ending at the audit's time); at least one week so every hour of the week is seen",
              "type": "number",
              "default": 2419200,
              "minimum": 604800
            },
            "granularity": {
              "description": "Seconds between two samples of the history",
              "type": "number",
              "default": 3600,
              "minimum": 60,
              "maximum": 3600
            }
          }
        }
        """);

    /// <summary>The instance metric whose weekly profile is balanced.</summary>
    [JsonPropertyName("metrics")]
    public required string Metrics { get; init; }

    /// <summary>Projected utilisation (%) no host may exceed in any hour of the week.</summary>
    [JsonPropertyName("threshold")]
    public required double Threshold { get; init; }

    /// <summary>Seconds of history read.</summary>
    [JsonPropertyName("period")]
    public required double Period { get; init; }

    /// <summary>Seconds between two samples of the history.</summary>
    [JsonPropertyName("granularity")]
    public required double Granularity { get; init; }
}
