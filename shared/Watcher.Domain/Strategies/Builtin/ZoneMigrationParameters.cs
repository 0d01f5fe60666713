using System.Text.Json.Serialization;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary>The parameters of <see cref="ZoneMigrationStrategy"/> (Watcher's <c>zone_migration</c>) and their JSON Schema, as strict as Watcher's <c>get_schema()</c> or stricter.</summary>
public sealed record ZoneMigrationParameters
{
    /// <summary>The schema published as <c>parameters_spec</c>: validation, defaults, documentation.</summary>
    public static ParameterSchema Schema { get; } = ParameterSchema.FromJson("""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "compute_nodes": {
              "description": "Compute nodes to migrate: src_node, and dst_node (optional; chosen by the strategy when absent).",
              "type": "array",
              "items": {
                "type": "object",
                "properties": {
                  "src_node": {
                    "description": "Compute node from which instances migrate",
                    "type": "string",
                    "minLength": 1
                  },
                  "dst_node": {
                    "description": "Compute node to which instances migrate",
                    "type": "string",
                    "minLength": 1
                  }
                },
                "required": [
                  "src_node"
                ],
                "additionalProperties": false
              }
            },
            "storage_pools": {
              "description": "Storage pools to migrate: src_pool, exactly one of dst_pool (migrate) and dst_type (retype), src_type (optional).",
              "type": "array",
              "items": {
                "type": "object",
                "properties": {
                  "src_pool": {
                    "description": "Storage pool from which volumes migrate",
                    "type": "string",
                    "minLength": 1
                  },
                  "dst_pool": {
                    "description": "Storage pool to which volumes migrate",
                    "type": "string",
                    "minLength": 1
                  },
                  "src_type": {
                    "description": "Volume type from which volumes migrate",
                    "type": "string",
                    "minLength": 1
                  },
                  "dst_type": {
                    "description": "Volume type to which volumes migrate",
                    "type": "string",
                    "minLength": 1
                  }
                },
                "required": [
                  "src_pool"
                ],
                "oneOf": [
                  {
                    "required": [
                      "dst_pool"
                    ]
                  },
                  {
                    "required": [
                      "dst_type"
                    ]
                  }
                ],
                "additionalProperties": false
              }
            },
            "parallel_total": {
              "description": "The number of actions to be run in parallel in total",
              "type": "integer",
              "minimum": 0,
              "default": 6
            },
            "parallel_per_node": {
              "description": "The number of actions to be run in parallel per compute node",
              "type": "integer",
              "minimum": 0,
              "default": 2
            },
            "parallel_per_pool": {
              "description": "The number of actions to be run in parallel per storage host",
              "type": "integer",
              "minimum": 0,
              "default": 2
            },
            "priority": {
              "description": "List prioritizes instances and volumes",
              "type": "object",
              "properties": {
                "project": {
                  "type": "array",
                  "items": {
                    "type": "string",
                    "minLength": 1
                  }
                },
                "compute_node": {
                  "type": "array",
                  "items": {
                    "type": "string",
                    "minLength": 1
                  }
                },
                "storage_pool": {
                  "type": "array",
                  "items": {
                    "type": "string",
                    "minLength": 1
                  }
                },
                "compute": {
                  "enum": [
                    "vcpu_num",
                    "mem_size",
                    "disk_size",
                    "created_at"
                  ]
                },
                "storage": {
                  "enum": [
                    "size",
                    "created_at"
                  ]
                }
              },
              "additionalProperties": false
            },
            "with_attached_volume": {
              "description": "instance migrates just after attached volumes or not",
              "type": "boolean",
              "default": false
            }
          }
        }
        """);

    /// <summary>Compute nodes to migrate: src_node, and dst_node (optional; chosen by the strategy when absent).</summary>
    [JsonPropertyName("compute_nodes")]
    public IReadOnlyList<ZoneMigrationComputeNode>? ComputeNodes { get; init; }

    /// <summary>Storage pools to migrate: src_pool, exactly one of dst_pool (migrate) and dst_type (retype), src_type (optional).</summary>
    [JsonPropertyName("storage_pools")]
    public IReadOnlyList<ZoneMigrationStoragePool>? StoragePools { get; init; }

    /// <summary>The number of actions to be run in parallel in total</summary>
    [JsonPropertyName("parallel_total")]
    public required int ParallelTotal { get; init; }

    /// <summary>The number of actions to be run in parallel per compute node</summary>
    [JsonPropertyName("parallel_per_node")]
    public required int ParallelPerNode { get; init; }

    /// <summary>The number of actions to be run in parallel per storage host</summary>
    [JsonPropertyName("parallel_per_pool")]
    public required int ParallelPerPool { get; init; }

    /// <summary>List prioritizes instances and volumes</summary>
    [JsonPropertyName("priority")]
    public ZoneMigrationPriority? Priority { get; init; }

    /// <summary>instance migrates just after attached volumes or not</summary>
    [JsonPropertyName("with_attached_volume")]
    public required bool WithAttachedVolume { get; init; }
}
