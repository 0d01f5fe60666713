using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Watcher.Domain.Model;

namespace Watcher.Cli;

/// <summary>Renders an <see cref="OptimizeOutcome"/> as a text table or as one JSON object.</summary>
public static class OptimizeReport
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>
    /// The JSON form: <c>actions</c> (action_type, input_parameters, parents as indexes into actions),
    /// <c>efficacy_indicators</c> and <c>global_efficacy</c> (name → value), <c>solve_ms</c> (the first run's),
    /// <c>timing</c> (<c>runs</c>, <c>cold_ms</c>, <c>best_warm_ms</c>: null with one run) and <c>warnings</c>.
    /// </summary>
    public static JsonObject ToJson(OptimizeOutcome outcome)
    {
        var actions = new JsonArray();
        foreach (var planned in outcome.Plan)
        {
            actions.Add(new JsonObject
            {
                ["action_type"] = planned.Action.ActionType,
                ["input_parameters"] = planned.Action.InputParameters.DeepClone(),
                ["parents"] = new JsonArray(planned.Parents.Select(p => (JsonNode)JsonValue.Create(p)).ToArray()),
            });
        }

        var warnings = outcome.Result.Warnings.Concat(outcome.Violations.Select(v => "plan violation: " + v));
        return new JsonObject
        {
            ["strategy"] = outcome.Strategy.Name,
            ["goal"] = outcome.Strategy.GoalName,
            ["planner"] = outcome.PlannerName,
            ["actions"] = actions,
            ["efficacy_indicators"] = Indicators(outcome.Result.EfficacyIndicators),
            ["global_efficacy"] = Indicators(outcome.Result.GlobalEfficacy),
            ["solve_ms"] = Math.Round(outcome.SolveMs, 3),
            ["timing"] = new JsonObject
            {
                ["runs"] = outcome.Timing.Runs,
                ["cold_ms"] = Math.Round(outcome.Timing.ColdMs, 3),
                ["best_warm_ms"] = outcome.Timing.BestWarmMs is { } warm ? Math.Round(warm, 3) : null,
            },
            ["warnings"] = new JsonArray(warnings.Select(w => (JsonNode)JsonValue.Create(w)).ToArray()),
        };
    }

    public static void WriteJson(TextWriter output, OptimizeOutcome outcome) =>
        output.WriteLine(ToJson(outcome).ToJsonString(Indented));

    /// <summary>The table form: the actions (index, type, resource, source → destination, parents), the indicators and the solve time.</summary>
    public static void WriteTable(TextWriter output, OptimizeOutcome outcome)
    {
        output.WriteLine($"Strategy {outcome.Strategy.Name} (goal {outcome.Strategy.GoalName}), planner {outcome.PlannerName}: {outcome.Plan.Count} action(s)");
        output.WriteLine();
        var rows = new List<string[]> { new[] { "#", "TYPE", "RESOURCE", "SOURCE -> DESTINATION", "PARENTS" } };
        for (var i = 0; i < outcome.Plan.Count; i++)
        {
            var action = outcome.Plan[i].Action;
            rows.Add(
            [
                i.ToString(CultureInfo.InvariantCulture),
                action.ActionType,
                Resource(action.InputParameters),
                Movement(action.InputParameters),
                outcome.Plan[i].Parents.Count == 0 ? "-" : string.Join(",", outcome.Plan[i].Parents),
            ]);
        }

        WriteRows(output, rows);
        WriteIndicators(output, "Efficacy indicators", outcome.Result.EfficacyIndicators);
        WriteIndicators(output, "Global efficacy", outcome.Result.GlobalEfficacy);
        if (outcome.Result.Warnings.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Warnings:");
            foreach (var warning in outcome.Result.Warnings)
            {
                output.WriteLine("  " + warning);
            }
        }

        output.WriteLine();
        var timing = outcome.Timing;
        output.WriteLine(timing.BestWarmMs is { } warm
            ? $"Solve time: {Ms(timing.ColdMs)} ms cold (first run), {Ms(warm)} ms best warm (of {timing.Runs - 1} more runs)"
            : $"Solve time: {Ms(timing.ColdMs)} ms");
    }

    private static string Ms(double ms) => ms.ToString("0.###", CultureInfo.InvariantCulture);

    private static JsonObject Indicators(IReadOnlyList<EfficacyIndicator> indicators)
    {
        var o = new JsonObject();
        foreach (var indicator in indicators)
        {
            o[indicator.Name] = indicator.Value;
        }

        return o;
    }

    private static void WriteIndicators(TextWriter output, string title, IReadOnlyList<EfficacyIndicator> indicators)
    {
        output.WriteLine();
        output.WriteLine(title + ":");
        if (indicators.Count == 0)
        {
            output.WriteLine("  (none)");
            return;
        }

        var rows = indicators.Select(i => new[]
        {
            "  " + i.Name,
            i.Value.ToString("0.###", CultureInfo.InvariantCulture) + (i.Unit is null ? string.Empty : " " + i.Unit),
            i.Description,
        }).ToList();
        WriteRows(output, rows);
    }

    private static void WriteRows(TextWriter output, IReadOnlyList<string[]> rows)
    {
        var widths = new int[rows[0].Length];
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Length; c++)
            {
                widths[c] = Math.Max(widths[c], row[c].Length);
            }
        }

        var line = new StringBuilder();
        foreach (var row in rows)
        {
            line.Clear();
            for (var c = 0; c < row.Length; c++)
            {
                line.Append(c == row.Length - 1 ? row[c] : row[c].PadRight(widths[c] + 2));
            }

            output.WriteLine(line.ToString().TrimEnd());
        }
    }

    private static string Resource(JsonObject parameters)
    {
        var name = Text(parameters, "resource_name");
        var id = Text(parameters, "resource_id");
        return (name, id) switch
        {
            (not null, not null) when name != id => $"{name} ({id})",
            (not null, _) => name,
            (null, not null) => id,
            _ => Text(parameters, "message") is { } message ? $"\"{message}\"" : "-",
        };
    }

    private static string Movement(JsonObject parameters)
    {
        var source = Text(parameters, "source_node") ?? Text(parameters, "src_hostname") ?? Text(parameters, "src_pool");
        var destination = Text(parameters, "destination_node") ?? Text(parameters, "dst_hostname") ?? Text(parameters, "dst_pool")
            ?? Text(parameters, "state") ?? Text(parameters, "flavor");
        return (source, destination) switch
        {
            (null, null) => "-",
            (null, not null) => "-> " + destination,
            (not null, null) => source + " ->",
            _ => $"{source} -> {destination}",
        };
    }

    private static string? Text(JsonObject parameters, string key) =>
        parameters[key] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
