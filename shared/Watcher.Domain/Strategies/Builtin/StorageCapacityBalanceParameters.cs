using System.Text.Json.Serialization;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary>The parameters of <see cref="StorageCapacityBalanceStrategy"/> (Watcher's <c>storage_capacity_balance</c>) and their JSON Schema, as strict as Watcher's <c>get_schema()</c> or stricter.</summary>
public sealed record StorageCapacityBalanceParameters
{
    /// <summary>The schema published as <c>parameters_spec</c>: validation, defaults, documentation.</summary>
    public static ParameterSchema Schema { get; } = ParameterSchema.FromJson("""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "volume_threshold": {
              "description": "volume threshold for capacity balance",
              "type": "number",
              "default": 80.0,
              "minimum": 0,
              "maximum": 100
            }
          }
        }
        """);

    /// <summary>volume threshold for capacity balance</summary>
    [JsonPropertyName("volume_threshold")]
    public required double VolumeThreshold { get; init; }
}
