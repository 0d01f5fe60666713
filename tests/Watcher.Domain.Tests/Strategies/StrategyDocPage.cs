using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Watcher.Domain.Strategies;

namespace Watcher.Domain.Tests.Strategies;

/// <summary>
/// A strategy's page in docs/strategies and the checks of its parameters table against the strategy's schema: the same
/// names; a type cell that starts with the schema type, says <c>required</c> exactly when the schema does and names any
/// bound; a default cell equal to the schema default (or a dash when there is none). Also linked into
/// Watcher.Optimization.Tests for <c>optimal_consolidation</c>.
/// </summary>
public static class StrategyDocPage
{
    /// <summary>The docs/strategies folder of the repository the tests run from.</summary>
    public static string Folder
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Watcher.sln")))
                {
                    return Path.Combine(dir.FullName, "docs", "strategies");
                }
            }

            throw new DirectoryNotFoundException("Watcher.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>Every difference between the page of <paramref name="strategy"/> and its schema; empty when they agree.</summary>
    public static IReadOnlyList<string> Differences(IStrategy strategy)
    {
        var page = Path.Combine(Folder, strategy.Name + ".md");
        if (!File.Exists(page))
        {
            return [$"{page} is missing"];
        }

        var rows = Rows(File.ReadAllLines(page));
        var schema = strategy.Parameters.ToJsonSchema();
        var properties = schema["properties"]!.AsObject();
        var required = (schema["required"] as JsonArray)?.Select(r => r!.GetValue<string>()).ToHashSet(StringComparer.Ordinal) ?? [];
        var problems = new List<string>();
        foreach (var missing in properties.Select(p => p.Key).Except(rows.Keys))
        {
            problems.Add($"{strategy.Name}: parameter '{missing}' is not in the table");
        }

        foreach (var (name, (type, fallback)) in rows)
        {
            if (properties[name] is not JsonObject spec)
            {
                problems.Add($"{strategy.Name}: the table lists '{name}', which the schema does not have");
                continue;
            }

            var expectedType = spec["type"]!.GetValue<string>();
            if (!type.StartsWith(expectedType, StringComparison.Ordinal))
            {
                problems.Add($"{strategy.Name}.{name}: type cell '{type}' should start with '{expectedType}'");
            }

            if (type.Contains("required", StringComparison.Ordinal) != required.Contains(name))
            {
                problems.Add($"{strategy.Name}.{name}: type cell '{type}' should {(required.Contains(name) ? string.Empty : "not ")}say required");
            }

            foreach (var bound in new[] { "minimum", "maximum" })
            {
                if (spec[bound] is { } limit && !type.Contains(Number(limit), StringComparison.Ordinal))
                {
                    problems.Add($"{strategy.Name}.{name}: type cell '{type}' should give the {bound} {Number(limit)}");
                }
            }

            var expected = spec["default"];
            var documented = Parse(fallback);
            if (!JsonNode.DeepEquals(Normalize(expected), Normalize(documented)))
            {
                problems.Add($"{strategy.Name}.{name}: default cell '{fallback}' should be {expected?.ToJsonString() ?? "a dash (no default)"}");
            }
        }

        return problems;
    }

    /// <summary>The rows of the first table headed <c>| Parameter | Type | Default | Meaning |</c>: name to (type, default) cells, backticks removed.</summary>
    private static Dictionary<string, (string Type, string Default)> Rows(string[] lines)
    {
        var rows = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        var start = Array.FindIndex(lines, l => l.Replace(" ", string.Empty, StringComparison.Ordinal).StartsWith("|Parameter|Type|Default|", StringComparison.Ordinal));
        if (start < 0)
        {
            return rows;
        }

        foreach (var line in lines.Skip(start + 2).TakeWhile(l => l.StartsWith('|')))
        {
            var cells = line.Replace("\\|", "\u0001", StringComparison.Ordinal).Split('|').Select(c => c.Replace("`", string.Empty, StringComparison.Ordinal).Trim()).ToArray();
            rows[cells[1]] = (cells[2], cells[3]);
        }

        return rows;
    }

    private static JsonNode? Parse(string cell)
    {
        if (cell is "—" or "-" or "")
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(cell);
        }
        catch (JsonException)
        {
            return JsonValue.Create(cell);
        }
    }

    private static string Number(JsonNode limit) => limit.GetValue<double>().ToString(CultureInfo.InvariantCulture);

    /// <summary>Numbers compare by value (300 and 300.0 are the same default).</summary>
    public static JsonNode? Normalize(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Normalize(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Normalize)]),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => JsonValue.Create(v.GetValue<double>()),
        _ => node?.DeepClone(),
    };
}
