using System.Text.Json.Serialization;
using Watcher.Domain.Strategies;

namespace Watcher.Optimization;

/// <summary>The parameters of <see cref="OptimalConsolidationStrategy"/> (<c>optimal_consolidation</c>, ours, not Watcher's) and their JSON Schema.</summary>
public sealed record OptimalConsolidationParameters
{
    /// <summary>The schema published as <c>parameters_spec</c>: validation, defaults, documentation.</summary>
    public static ParameterSchema Schema { get; } = ParameterSchema.FromJson("""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "time_budget_seconds": {
              "description": "Wall-clock budget for the whole search; the best plan found by then is returned.",
              "type": "number",
              "default": 5,
              "minimum": 0.1,
              "maximum": 300
            },
            "num_workers": {
              "description": "CP-SAT search workers (threads).",
              "type": "integer",
              "default": 2,
              "minimum": 1,
              "maximum": 16
            },
            "max_hosts_for_exact": {
              "description": "Largest number of in-scope hosts solved as one exact model; larger scopes are decomposed into neighbourhoods.",
              "type": "integer",
              "default": 50,
              "minimum": 2,
              "maximum": 2000
            }
          }
        }
        """);

    /// <summary>Wall-clock budget for the whole search, in seconds.</summary>
    [JsonPropertyName("time_budget_seconds")]
    public required double TimeBudgetSeconds { get; init; }

    /// <summary>CP-SAT search workers (threads).</summary>
    [JsonPropertyName("num_workers")]
    public required int NumWorkers { get; init; }

    /// <summary>Largest number of in-scope hosts solved as one exact model.</summary>
    [JsonPropertyName("max_hosts_for_exact")]
    public required int MaxHostsForExact { get; init; }
}
