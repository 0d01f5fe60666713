using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Watcher.Cli;

/// <summary><c>strategies [--json]</c>: every registered strategy with its goal and parameters (name, type, default, description).</summary>
public static class StrategiesCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create(StrategyCatalog catalog, TextWriter output)
    {
        var json = new Option<bool>("--json") { Description = "Print a JSON array (name, display_name, goal, parameters_spec)." };
        var command = new Command("strategies", "List the registered strategies, their goals and parameters.") { json };
        command.SetAction(parse =>
        {
            if (parse.GetValue(json))
            {
                var list = new JsonArray(catalog.Strategies.All.Select(s => (JsonNode)new JsonObject
                {
                    ["name"] = s.Name,
                    ["display_name"] = s.DisplayName,
                    ["goal"] = s.GoalName,
                    ["parameters_spec"] = s.Parameters.ToJsonSchema(),
                }).ToArray());
                output.WriteLine(list.ToJsonString(Indented));
                return ExitCodes.Success;
            }

            foreach (var strategy in catalog.Strategies.All)
            {
                output.WriteLine($"{strategy.Name}  (goal {strategy.GoalName}) - {strategy.DisplayName}");
                var schema = strategy.Parameters.ToJsonSchema();
                var required = (schema["required"] as JsonArray)?.Select(r => r!.GetValue<string>()).ToHashSet(StringComparer.Ordinal) ?? [];
                if (schema["properties"] is not JsonObject properties || properties.Count == 0)
                {
                    output.WriteLine("    (no parameters)");
                }
                else
                {
                    foreach (var (name, spec) in properties)
                    {
                        var type = spec?["type"]?.GetValue<string>() ?? "any";
                        var extra = required.Contains(name) ? ", required" : spec?["default"] is { } d ? ", default " + d.ToJsonString() : string.Empty;
                        output.WriteLine($"    {name} ({type}{extra}): {spec?["description"]?.GetValue<string>()}");
                    }
                }

                output.WriteLine();
            }

            output.WriteLine($"Planners: {string.Join(", ", catalog.Planners.Names.Order(StringComparer.Ordinal))} (default {catalog.Planners.DefaultName}).");
            return ExitCodes.Success;
        });
        return command;
    }
}
