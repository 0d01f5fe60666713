namespace Watcher.Domain.Strategies.Builtin;

/// <summary>JSON Schema fragments several of Watcher's strategies declare identically, kept once.</summary>
internal static class WatcherSchemaFragments
{
    /// <summary>
    /// Watcher's <c>aggregation_method</c> per resource kind (instance, compute_node, and the deprecated node), each a
    /// mean, max, min, count, last or pNN; used by <c>basic</c> and <c>workload_stabilization</c>.
    /// </summary>
    public const string AggregationMethodByResource = """
              "aggregation_method": {
              "description": "Function used to aggregate multiple measures into an aggregate. For example, the min aggregation method will aggregate the values of different measures to the minimum value of all the measures in the time range.",
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "instance": {
                  "type": "string",
                  "pattern": "^(mean|max|min|count|last|p(100(\\.0+)?|[0-9]{1,2}(\\.[0-9]+)?))$",
                  "default": "mean"
                },
                "compute_node": {
                  "type": "string",
                  "pattern": "^(mean|max|min|count|last|p(100(\\.0+)?|[0-9]{1,2}(\\.[0-9]+)?))$",
                  "default": "mean"
                },
                "node": {
                  "description": "Deprecated name of compute_node; when not empty it replaces compute_node.",
                  "type": "string",
                  "pattern": "^(|mean|max|min|count|last|p(100(\\.0+)?|[0-9]{1,2}(\\.[0-9]+)?))$",
                  "default": ""
                }
              },
              "default": {
                "instance": "mean",
                "compute_node": "mean",
                "node": ""
              }
            }
        """;

    /// <summary>
    /// <c>avoid_coinciding_peaks</c> and <c>peak_coincidence</c>: the consolidation strategies' option to keep instances whose
    /// weekly peaks coincide on different hosts (basic, vm_workload_consolidation, node_resource_consolidation).
    /// </summary>
    public const string CoincidingPeaks = """
              "avoid_coinciding_peaks": {
              "description": "Do not move an instance onto a host that runs an instance whose weekly peaks coincide with its own (reads four weeks of hourly instance_cpu_usage history)",
              "type": "boolean",
              "default": false
            },
            "peak_coincidence": {
              "description": "Peak coincidence (0-1) of two instances' hour-of-week instance_cpu_usage profiles from which avoid_coinciding_peaks keeps them apart",
              "type": "number",
              "default": 0.5,
              "minimum": 0,
              "maximum": 1
            }
        """;
}
