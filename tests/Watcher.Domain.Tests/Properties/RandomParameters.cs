using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Watcher.Domain.Cluster;
using Watcher.Domain.Strategies;

namespace Watcher.Domain.Tests.Properties;

/// <summary>
/// FsCheck generator of a strategy's input parameters, read from its published JSON schema so a strategy added later
/// needs nothing here: required parameters always get a value, optional ones a random valid value or their default.
/// Booleans and enums are drawn from their values; numbers within their minimum and maximum; a string parameter whose
/// name says node (or host) gets one of the cluster's hostnames (rarely an unknown one); other strings keep their
/// default; arrays and objects keep their default (or are empty when required).
/// </summary>
public static class RandomParameters
{
    public static Gen<JsonObject> For(IStrategy strategy, ClusterModel cluster)
    {
        var schema = strategy.Parameters.ToJsonSchema();
        var required = (schema["required"] as JsonArray)?.Select(n => n!.GetValue<string>()).ToHashSet(StringComparer.Ordinal) ?? [];
        var properties = (schema["properties"] as JsonObject)!;
        var entries = properties
            .Select(p => Value(p.Key, (JsonObject)p.Value!, required.Contains(p.Key), cluster).Select(v => (p.Key, Value: v)))
            .ToList();
        return Gen.CollectToList(entries).Select(values =>
        {
            var parameters = new JsonObject();
            foreach (var (key, value) in values)
            {
                if (value is not null)
                {
                    parameters[key] = value;
                }
            }

            return parameters;
        });
    }

    private static Gen<JsonNode?> Value(string name, JsonObject spec, bool required, ClusterModel cluster)
    {
        var type = spec["type"]?.GetValue<string>();
        var hasDefault = spec["default"] is not null;
        Gen<JsonNode?>? random = type switch
        {
            "boolean" => Gen.Elements(true, false).Select(b => (JsonNode?)JsonValue.Create(b)),
            "number" => Number(spec, integer: false),
            "integer" => Number(spec, integer: true),
            "string" when spec["enum"] is JsonArray allowed => Gen.Elements(allowed.Select(a => a!.GetValue<string>()).ToArray()).Select(s => (JsonNode?)JsonValue.Create(s)),
            "string" when IsNodeName(name) => HostName(cluster),
            "array" when required => Gen.Constant<JsonNode?>(new JsonArray()),
            "object" when required && !hasDefault => Gen.Constant<JsonNode?>(new JsonObject()),
            "string" when required && !hasDefault => HostName(cluster),
            _ => null,
        };

        if (random is null)
        {
            return Gen.Constant<JsonNode?>(null);
        }

        return required ? random : Gen.Frequency((1, Gen.Constant<JsonNode?>(null)), (2, random));
    }

    private static bool IsNodeName(string name) =>
        name.Contains("node", StringComparison.OrdinalIgnoreCase) || name.Contains("host", StringComparison.OrdinalIgnoreCase);

    private static Gen<JsonNode?> HostName(ClusterModel cluster) =>
        Gen.Frequency(
            (19, Gen.Elements(cluster.Hosts.Select(h => h.Hostname).ToArray()).Select(s => (JsonNode?)JsonValue.Create(s))),
            (1, Gen.Constant<JsonNode?>(JsonValue.Create("no-such-host"))));

    private static Gen<JsonNode?> Number(JsonObject spec, bool integer)
    {
        var fallback = Read(spec["default"]) ?? 0;
        var min = Read(spec["minimum"]) ?? Math.Min(0, fallback);
        var max = Read(spec["maximum"]) ?? Math.Max(min + 10, Math.Max(fallback * 2, 100));
        return Gen.Frequency(
            (2, Gen.Choose(0, 1000).Select(k => min + (k / 1000.0 * (max - min)))),
            (1, Gen.Choose(0, 1000).Select(k => Math.Clamp(Math.Round(min + (k / 1000.0 * (max - min))), min, max))),
            (1, Gen.Elements(min, max, fallback)))
            .Select(v => (JsonNode?)(integer ? JsonValue.Create((long)Math.Clamp(Math.Round(v), Math.Ceiling(min), Math.Floor(max))) : JsonValue.Create(v)));
    }

    private static double? Read(JsonNode? node) =>
        node is null ? null : double.Parse(node.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);
}
