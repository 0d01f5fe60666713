using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Watcher.Domain.Errors;
using Watcher.Domain.Metrics;

namespace Watcher.Domain.Strategies.Consolidation;

/// <summary>Reads and checks the consolidation strategies' parameters beyond what <see cref="ParameterSchema"/> checks.</summary>
internal static class ConsolidationParameters
{
    /// <summary>The keys of Watcher's <c>aggregation_method</c> object (<c>node</c> is the deprecated name of <c>compute_node</c>).</summary>
    public static readonly IReadOnlyList<string> AggregationKeys = ["instance", "compute_node", "node"];

    /// <summary>Watcher's default <c>aggregation_method</c>.</summary>
    public static JsonObject DefaultAggregation() => new() { ["instance"] = "mean", ["compute_node"] = "mean", ["node"] = string.Empty };

    /// <summary>A numeric parameter whatever CLR type its JSON value holds.</summary>
    public static double Number(StrategyContext context, string name, double fallback) =>
        context.Parameters[name] is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            ? double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)
            : fallback;

    /// <summary>
    /// Checks <c>aggregation_method</c>: known keys only, each a method the metrics collector understands
    /// (<c>node</c> may also be empty). Returns the effective methods per key with Watcher's defaults filled in and
    /// the deprecated <c>node</c> copied to <c>compute_node</c> when set, as Watcher's pre_execute does.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Aggregation(StrategyContext context, string strategy)
    {
        var effective = new Dictionary<string, string>(StringComparer.Ordinal) { ["instance"] = "mean", ["compute_node"] = "mean", ["node"] = string.Empty };
        if (context.Parameters["aggregation_method"] is not JsonObject given)
        {
            return effective;
        }

        foreach (var (key, value) in given)
        {
            if (!AggregationKeys.Contains(key, StringComparer.Ordinal))
            {
                throw new ValidationException($"Parameter 'aggregation_method' of strategy '{strategy}' has unknown key '{key}'; known keys: {string.Join(", ", AggregationKeys)}.");
            }

            if (value is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
            {
                throw new ValidationException($"Parameter 'aggregation_method' of strategy '{strategy}' must give '{key}' a string, got {value?.ToJsonString() ?? "null"}.");
            }

            var method = v.GetValue<string>();
            if (!(key == "node" && method.Length == 0))
            {
                try
                {
                    SeriesAnalysis.ValidateMethod(method);
                }
                catch (ValidationException e)
                {
                    throw new ValidationException($"Parameter 'aggregation_method' of strategy '{strategy}': '{key}': {e.Message}");
                }
            }

            effective[key] = method;
        }

        if (effective["node"].Length > 0)
        {
            effective["compute_node"] = effective["node"];
        }

        return effective;
    }
}
