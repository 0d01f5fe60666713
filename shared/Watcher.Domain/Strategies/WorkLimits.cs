using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Watcher.Domain.Actions;
using Watcher.Domain.Errors;
using ValidationException = Watcher.Domain.Errors.ValidationException;

namespace Watcher.Domain.Strategies;

/// <summary>
/// How much work one audit may ask for (configuration section <c>Watcher:Http:Limits</c>, docs/security.md "Web
/// hardening"): the points per metric series (<c>period / granularity</c>), the history span (<c>period</c>), the actions
/// of a plan (the actuator's <c>actions</c> and any strategy's output) and the longest <c>sleep</c>. Every strategy's
/// parameters pass <see cref="CheckParameters"/> when they are resolved (<see cref="ParameterSchema.Resolve"/>: audit and
/// template create and update, and again when the audit runs), so an audit over a limit is a 400 naming the limit.
/// </summary>
public sealed class WorkLimits
{
    public const string Section = "Watcher:Http:Limits";

    /// <summary>
    /// The limits in force in this process. Each host sets them once at start-up from configuration (the API's
    /// <c>AddWatcherHttp</c>); strategies' parameters are validated where no container is at hand, hence a process-wide value.
    /// </summary>
    public static WorkLimits Current { get; set; } = new();

    /// <summary>Most points one metric series may hold: <c>period / granularity</c> (a granularity below 1 s counts as 1 s). 0: no limit.</summary>
    [Range(0, 10_000_000)]
    public int MaxPointsPerSeries { get; set; } = 10_080;

    /// <summary>Longest history an audit may read, seconds (<c>period</c>). The default is 35 days. 0: no limit.</summary>
    [Range(0, 10L * 366 * 86_400)]
    public long MaxHistorySeconds { get; set; } = 35L * 86_400;

    /// <summary>Most actions in one plan: the actuator's <c>actions</c> and any strategy's output. 0: no limit.</summary>
    [Range(0, 10_000_000)]
    public int MaxPlanActions { get; set; } = 50_000;

    /// <summary>
    /// Longest <c>sleep</c> action, seconds, at most the built-in 3,600 (<c>SleepDefinition.MaxSeconds</c>). Keep it below
    /// the Durable engine's work-item visibility timeout, or a long sleep's activity is delivered again (docs/scale.md).
    /// </summary>
    [Range(0, 3_600)]
    public int MaxSleepSeconds { get; set; } = 3_600;

    /// <summary>Throws a <see cref="ValidationException"/> naming the limit when resolved parameters ask for more work than allowed.</summary>
    public void CheckParameters(JsonObject parameters, string strategyName)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (Number(parameters["period"]) is { } period)
        {
            if (MaxHistorySeconds > 0 && period > MaxHistorySeconds)
            {
                throw new ValidationException($"Parameter 'period' of strategy '{strategyName}' is {Format(period)} s; at most {MaxHistorySeconds} s of history may be read (Watcher:Http:Limits:MaxHistorySeconds).");
            }

            var granularity = Math.Max(1, Number(parameters["granularity"]) ?? 300);
            var points = Math.Ceiling(period / granularity);
            if (MaxPointsPerSeries > 0 && points > MaxPointsPerSeries)
            {
                throw new ValidationException($"Parameters 'period' ({Format(period)} s) and 'granularity' ({Format(granularity)} s) of strategy '{strategyName}' give {Format(points)} points per series; at most {MaxPointsPerSeries} are allowed (Watcher:Http:Limits:MaxPointsPerSeries): raise granularity or shorten period.");
            }
        }

        if (parameters["actions"] is JsonArray actions)
        {
            CheckPlanSize(actions.Count, $"Parameter 'actions' of strategy '{strategyName}'");
            for (var i = 0; i < actions.Count; i++)
            {
                if (actions[i] is JsonObject action && action["action_type"] is JsonValue type && type.GetValueKind() == JsonValueKind.String && type.GetValue<string>() == ActionTypes.Sleep
                    && action["input_parameters"] is JsonObject input && Number(input["duration"]) is { } duration && duration > MaxSleepSeconds)
                {
                    throw new ValidationException($"Parameter 'actions[{i}]' of strategy '{strategyName}' (sleep): 'input_parameters.duration' is {Format(duration)} s; at most {MaxSleepSeconds} s are allowed (Watcher:Http:Limits:MaxSleepSeconds).");
                }
            }
        }
    }

    /// <summary>Throws a <see cref="ValidationException"/> when <paramref name="actions"/> exceeds <see cref="MaxPlanActions"/>; <paramref name="what"/> names the source.</summary>
    public void CheckPlanSize(int actions, string what)
    {
        if (MaxPlanActions > 0 && actions > MaxPlanActions)
        {
            throw new ValidationException($"{what} has {actions} actions; a plan may have at most {MaxPlanActions} (Watcher:Http:Limits:MaxPlanActions).");
        }
    }

    private static double? Number(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture) : null;

    private static string Format(double value) => value.ToString(Math.Abs(value) >= 1e9 ? "G6" : "0.###", CultureInfo.InvariantCulture);
}
