using System.Text.Json.Serialization;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary>The parameters of <see cref="NoisyNeighborStrategy"/> (Watcher's <c>noisy_neighbor</c>) and their JSON Schema, as strict as Watcher's <c>get_schema()</c> or stricter.</summary>
public sealed record NoisyNeighborParameters
{
    /// <summary>The schema published as <c>parameters_spec</c>: validation, defaults, documentation.</summary>
    public static ParameterSchema Schema { get; } = ParameterSchema.FromJson("""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "cache_threshold": {
              "description": "Performance drop in L3_cache threshold for migration",
              "type": "number",
              "default": 35.0,
              "minimum": 0,
              "maximum": 100
            },
            "period": {
              "description": "Aggregate time period of ceilometer and gnocchi",
              "type": "number",
              "default": 100.0,
              "minimum": 0
            }
          }
        }
        """);

    /// <summary>Performance drop in L3_cache threshold for migration</summary>
    [JsonPropertyName("cache_threshold")]
    public required double CacheThreshold { get; init; }

    /// <summary>Aggregate time period of ceilometer and gnocchi</summary>
    [JsonPropertyName("period")]
    public required double Period { get; init; }
}
