using System.Text.Json.Serialization;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary>The parameters of <see cref="NodeResourceConsolidationStrategy"/> (Watcher's <c>node_resource_consolidation</c>) and their JSON Schema, as strict as Watcher's <c>get_schema()</c> or stricter.</summary>
public sealed record NodeResourceConsolidationParameters
{
    /// <summary>The schema published as <c>parameters_spec</c>: validation, defaults, documentation.</summary>
    public static ParameterSchema Schema { get; } = ParameterSchema.FromJson("""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "host_choice": {
              "description": "The way to select the server migration destination node. The value 'auto' means that Nova scheduler selects the destination node, and 'specify' means the strategy specifies the destination.",
              "type": "string",
              "enum": [
                "auto",
                "specify"
              ],
              "default": "auto"
            }
          }
        }
        """);

    /// <summary>The way to select the server migration destination node. The value 'auto' means that Nova scheduler selects the destination node, and 'specify' means the strategy specifies the destination.</summary>
    [JsonPropertyName("host_choice")]
    public required string HostChoice { get; init; }
}
