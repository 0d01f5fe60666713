using System.Text.Json.Serialization;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary>The parameters of <see cref="HostMaintenanceStrategy"/> (Watcher's <c>host_maintenance</c>) and their JSON Schema, as strict as Watcher's <c>get_schema()</c> or stricter.</summary>
public sealed record HostMaintenanceParameters
{
    /// <summary>The schema published as <c>parameters_spec</c>: validation, defaults, documentation.</summary>
    public static ParameterSchema Schema { get; } = ParameterSchema.FromJson("""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "maintenance_node": {
              "description": "The name of the compute node which need maintenance.",
              "type": "string",
              "minLength": 1
            },
            "backup_node": {
              "description": "The name of the compute node which will backup the maintenance node.",
              "type": "string",
              "minLength": 1
            },
            "disable_live_migration": {
              "description": "Disable live migration in maintenance: cold-migrate (or stop) instead.",
              "type": "boolean",
              "default": false
            },
            "disable_cold_migration": {
              "description": "Disable cold migration in maintenance: stopped instances stay in place.",
              "type": "boolean",
              "default": false
            },
            "auto_return": {
              "description": "When the maintained node is enabled and up again, create the return plan that moves its instances back (and start it when the audit has auto_trigger). Not in Watcher.",
              "type": "boolean",
              "default": false
            }
          },
          "required": [
            "maintenance_node"
          ]
        }
        """);

    /// <summary>The name of the compute node which need maintenance.</summary>
    [JsonPropertyName("maintenance_node")]
    public required string MaintenanceNode { get; init; }

    /// <summary>The name of the compute node which will backup the maintenance node.</summary>
    [JsonPropertyName("backup_node")]
    public string? BackupNode { get; init; }

    /// <summary>Disable live migration in maintenance: cold-migrate (or stop) instead.</summary>
    [JsonPropertyName("disable_live_migration")]
    public required bool DisableLiveMigration { get; init; }

    /// <summary>Disable cold migration in maintenance: stopped instances stay in place.</summary>
    [JsonPropertyName("disable_cold_migration")]
    public required bool DisableColdMigration { get; init; }

    /// <summary>When the maintained node is enabled and up again, create the return plan (and start it with the audit's auto_trigger). Not in Watcher.</summary>
    [JsonPropertyName("auto_return")]
    public required bool AutoReturn { get; init; }
}
