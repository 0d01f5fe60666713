using System.Text.Json.Serialization;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary>The parameters of <see cref="NodeResourceConsolidationStrategy"/> (Watcher's <c>node_resource_consolidation</c>) and their JSON Schema, as strict as Watcher's <c>get_schema()</c> or stricter.</summary>
public sealed record NodeResourceConsolidationParameters
{
    /// <summary>The schema published as <c>parameters_spec</c>: validation, defaults, documentation.</summary>
    public static ParameterSchema Schema { get; } = ParameterSchema.FromJson($$"""
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
            },
            {{WatcherSchemaFragments.CoincidingPeaks}}
          }
        }
        """);

    /// <summary>The way to select the server migration destination node. The value 'auto' means that Nova scheduler selects the destination node, and 'specify' means the strategy specifies the destination.</summary>
    [JsonPropertyName("host_choice")]
    public required string HostChoice { get; init; }

    /// <summary>Do not move an instance onto a host that runs an instance whose weekly peaks coincide with its own.</summary>
    [JsonPropertyName("avoid_coinciding_peaks")]
    public required bool AvoidCoincidingPeaks { get; init; }

    /// <summary>Peak coincidence (0–1) from which <see cref="AvoidCoincidingPeaks"/> keeps two instances apart.</summary>
    [JsonPropertyName("peak_coincidence")]
    public required double PeakCoincidence { get; init; }
}
