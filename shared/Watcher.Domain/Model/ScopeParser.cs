using System.Text.Json;
using System.Text.Json.Nodes;
using Watcher.Domain.Errors;

namespace Watcher.Domain.Model;

/// <summary>
/// Reads Watcher's audit scope: <c>[{"compute": [{"availability_zones": [{"name": "az1"}]}, {"compute_nodes": [{"name": "h1"}]},
/// {"exclude": [{"instances": [{"uuid": "..."}]}, {"compute_nodes": [...]}, {"projects": [{"uuid": "..."}]}]}]}]</c>.
/// A scope without the <c>compute</c> wrapper is wrapped, as Watcher does. Unknown keys are a 400.
/// </summary>
public static class ScopeParser
{
    public static JsonArray Normalize(JsonArray? scope)
    {
        if (scope is null || scope.Count == 0)
        {
            return [];
        }

        var first = scope[0] as JsonObject;
        if (first is not null && (first.ContainsKey("compute") || first.ContainsKey("storage")))
        {
            return (JsonArray)scope.DeepClone();
        }

        return [new JsonObject { ["compute"] = scope.DeepClone() }];
    }

    public static AuditScope Parse(JsonArray? scope)
    {
        var includeHosts = new List<string>();
        var excludeHosts = new List<string>();
        var includeZones = new List<string>();
        var excludeZones = new List<string>();
        var excludeInstances = new List<string>();
        var excludeProjects = new List<string>();
        foreach (var wrapper in Normalize(scope))
        {
            var wrapperObject = wrapper as JsonObject ?? throw new ValidationException("Each scope entry must be an object such as {\"compute\": [...]}.");
            foreach (var (kind, body) in wrapperObject)
            {
                if (kind == "storage")
                {
                    continue;
                }

                if (kind != "compute")
                {
                    throw new ValidationException($"Unknown scope type '{kind}'; expected 'compute' or 'storage'.");
                }

                foreach (var element in Array(body, "compute"))
                {
                    foreach (var (key, value) in Object(element, "compute"))
                    {
                        switch (key)
                        {
                            case "availability_zones":
                                includeZones.AddRange(Names(value, key, "name"));
                                break;
                            case "compute_nodes":
                                includeHosts.AddRange(Names(value, key, "name"));
                                break;
                            case "host_aggregates":
                                // Aggregates are not modelled by the simulator; accepted for compatibility, no filtering.
                                break;
                            case "exclude":
                                foreach (var exclusion in Array(value, "exclude"))
                                {
                                    foreach (var (exKey, exValue) in Object(exclusion, "exclude"))
                                    {
                                        switch (exKey)
                                        {
                                            case "instances": excludeInstances.AddRange(Names(exValue, exKey, "uuid")); break;
                                            case "compute_nodes": excludeHosts.AddRange(Names(exValue, exKey, "name")); break;
                                            case "availability_zones": excludeZones.AddRange(Names(exValue, exKey, "name")); break;
                                            case "projects": excludeProjects.AddRange(Names(exValue, exKey, "uuid")); break;
                                            case "host_aggregates": break;
                                            default: throw new ValidationException($"Unknown scope exclusion '{exKey}'; expected instances, compute_nodes, availability_zones, projects or host_aggregates.");
                                        }
                                    }
                                }

                                break;
                            default:
                                throw new ValidationException($"Unknown compute scope key '{key}'; expected availability_zones, compute_nodes, host_aggregates or exclude.");
                        }
                    }
                }
            }
        }

        return new AuditScope
        {
            IncludeHosts = includeHosts,
            ExcludeHosts = excludeHosts,
            IncludeZones = includeZones,
            ExcludeZones = excludeZones,
            ExcludeInstances = excludeInstances,
            ExcludeProjects = excludeProjects,
        };
    }

    private static JsonArray Array(JsonNode? node, string where) =>
        node as JsonArray ?? throw new ValidationException($"Scope '{where}' must be a list.");

    private static JsonObject Object(JsonNode? node, string where) =>
        node as JsonObject ?? throw new ValidationException($"Each entry of scope '{where}' must be an object.");

    private static IEnumerable<string> Names(JsonNode? node, string where, string field)
    {
        foreach (var item in Array(node, where))
        {
            var value = Object(item, where)[field];
            if (value is null || value.GetValueKind() != JsonValueKind.String)
            {
                throw new ValidationException($"Each entry of scope '{where}' needs a string '{field}'.");
            }

            yield return value.GetValue<string>();
        }
    }
}
