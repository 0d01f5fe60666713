using System.Text.Json.Nodes;
using Watcher.Domain.Strategies;

namespace Watcher.Domain.Tests.Strategies;

/// <summary>
/// Each strategy's schema is at least as strict as OpenStack Watcher's (watcher-strategy-schemas.json, taken from Watcher
/// 9.0.0): every Watcher parameter, nested property and item exists with the same type (or integer for number), the same
/// default, an enum no wider, bounds no looser and every required name required.
/// </summary>
public sealed class WatcherSchemaConformanceTests
{
    /// <summary>Where we deliberately differ, and why.</summary>
    private static readonly Dictionary<string, string> Deviations = new(StringComparer.Ordinal)
    {
        // Watcher requires both volume types; we also migrate by dst_pool alone, and require exactly one of dst_pool and dst_type.
        ["zone_migration.storage_pools[].required:src_type"] = "src_type is an optional filter here",
        ["zone_migration.storage_pools[].required:dst_type"] = "dst_pool alone (no retype) is accepted here",
    };

    private static readonly JsonObject Watcher = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Strategies", "watcher-strategy-schemas.json")))!["strategies"]!.AsObject();

    public static TheoryData<string> WatcherStrategies() => [.. Watcher.Select(s => s.Key)];

    [Theory]
    [MemberData(nameof(WatcherStrategies))]
    public void Schema_EveryWatcherStrategy_IsAtLeastAsStrict(string name)
    {
        var ours = StrategyRegistry.Default.Find(name)?.Parameters.ToJsonSchema();
        Assert.NotNull(ours);

        var problems = new List<string>();
        Compare(name, Watcher[name]!.AsObject(), ours, problems);

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Compare_LooserBoundAndMissingProperty_AreReported()
    {
        var watcher = JsonNode.Parse("""{"properties": {"a": {"type": "number", "minimum": 1, "default": 2}, "b": {"type": "string"}}}""")!.AsObject();
        var ours = JsonNode.Parse("""{"properties": {"a": {"type": "number", "minimum": 0, "default": 2}}}""")!.AsObject();
        var problems = new List<string>();

        Compare("x", watcher, ours, problems);

        Assert.Equal(2, problems.Count);
    }

    private static void Compare(string path, JsonObject watcher, JsonObject ours, List<string> problems)
    {
        if (watcher["type"] is { } type && !SameOrStricterType(type.GetValue<string>(), ours["type"]?.GetValue<string>()))
        {
            problems.Add($"{path}: type {ours["type"]?.ToJsonString() ?? "missing"}, Watcher says {type.ToJsonString()}");
        }

        if (watcher["default"] is { } fallback && !JsonNode.DeepEquals(StrategyDocPage.Normalize(fallback), StrategyDocPage.Normalize(ours["default"])))
        {
            problems.Add($"{path}: default {ours["default"]?.ToJsonString() ?? "missing"}, Watcher says {fallback.ToJsonString()}");
        }

        if ((watcher["enum"] ?? watcher["choice"]) is JsonArray allowed
            && (ours["enum"] is not JsonArray ourAllowed || ourAllowed.Any(v => !allowed.Any(a => JsonNode.DeepEquals(a, v)))))
        {
            problems.Add($"{path}: enum {ours["enum"]?.ToJsonString() ?? "missing"} is wider than Watcher's {allowed.ToJsonString()}");
        }

        if (watcher["minimum"] is { } min && !(ours["minimum"]?.GetValue<double>() >= min.GetValue<double>()))
        {
            problems.Add($"{path}: minimum {ours["minimum"]?.ToJsonString() ?? "missing"}, Watcher says {min}");
        }

        if (watcher["maximum"] is { } max && !(ours["maximum"]?.GetValue<double>() <= max.GetValue<double>()))
        {
            problems.Add($"{path}: maximum {ours["maximum"]?.ToJsonString() ?? "missing"}, Watcher says {max}");
        }

        var ourRequired = (ours["required"] as JsonArray)?.Select(r => r!.GetValue<string>()).ToHashSet(StringComparer.Ordinal) ?? [];
        foreach (var required in (watcher["required"] as JsonArray)?.Select(r => r!.GetValue<string>()) ?? [])
        {
            if (!ourRequired.Contains(required) && !Deviations.ContainsKey($"{path}.required:{required}"))
            {
                problems.Add($"{path}: '{required}' is required by Watcher");
            }
        }

        if (watcher["additionalProperties"]?.GetValue<bool>() == false && ours["additionalProperties"]?.GetValue<bool>() != false)
        {
            problems.Add($"{path}: Watcher rejects unknown keys");
        }

        foreach (var (property, spec) in watcher["properties"] as JsonObject ?? [])
        {
            if (ours["properties"]?[property] is JsonObject ourSpec)
            {
                Compare(path + "." + property, spec!.AsObject(), ourSpec, problems);
            }
            else
            {
                problems.Add($"{path}.{property}: missing (Watcher has it)");
            }
        }

        if (watcher["items"] is JsonObject items)
        {
            if (ours["items"] is JsonObject ourItems)
            {
                Compare(path + "[]", items, ourItems, problems);
            }
            else
            {
                problems.Add($"{path}[]: no item schema (Watcher has one)");
            }
        }
    }

    private static bool SameOrStricterType(string watcher, string? ours) => ours == watcher || (watcher == "number" && ours == "integer");
}
