using System.Text.Json.Serialization;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary>The parameters of <see cref="SavingEnergyStrategy"/> (Watcher's <c>saving_energy</c>) and their JSON Schema, as strict as Watcher's <c>get_schema()</c> or stricter.</summary>
public sealed record SavingEnergyParameters
{
    /// <summary>The schema published as <c>parameters_spec</c>: validation, defaults, documentation.</summary>
    public static ParameterSchema Schema { get; } = ParameterSchema.FromJson("""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "free_used_percent": {
              "description": "a rational number, which describes the quotient of min_free_hosts_num/nodes_with_VMs_num where nodes_with_VMs_num is the number of nodes with VMs",
              "type": "number",
              "default": 10.0,
              "minimum": 0
            },
            "min_free_hosts_num": {
              "description": "minimum number of hosts without VMs but still powered on",
              "type": "number",
              "default": 1,
              "minimum": 0
            }
          }
        }
        """);

    /// <summary>a rational number, which describes the quotient of min_free_hosts_num/nodes_with_VMs_num where nodes_with_VMs_num is the number of nodes with VMs</summary>
    [JsonPropertyName("free_used_percent")]
    public required double FreeUsedPercent { get; init; }

    /// <summary>minimum number of hosts without VMs but still powered on</summary>
    [JsonPropertyName("min_free_hosts_num")]
    public required double MinFreeHostsNum { get; init; }
}
