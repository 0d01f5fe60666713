using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Watcher.Domain.Errors;

namespace Watcher.Domain.Strategies;

/// <summary>
/// A strategy's parameters as a JSON Schema (draft 2020-12, published as Watcher's <c>parameters_spec</c>). Input is
/// validated with JsonSchema.Net after Watcher's defaults are filled in (as Watcher's <c>DefaultValidatingDraft4Validator</c>
/// does: a missing property takes its <c>default</c>, recursively inside objects and array items), then bound to the
/// strategy's typed parameters record with System.Text.Json.
/// </summary>
public sealed class ParameterSchema
{
    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List };

    private readonly JsonObject _document;
    private readonly JsonSchema _schema;

    private ParameterSchema(JsonObject document)
    {
        _document = document;
        _schema = JsonSchema.FromText(document.ToJsonString());
    }

    /// <summary>The top-level parameter names, in schema order.</summary>
    public IReadOnlyList<string> Names => Properties(_document).Select(p => p.Key).ToList();

    /// <summary>Reads a schema document; it must describe an object (its <c>properties</c> are the parameters).</summary>
    public static ParameterSchema FromJson(string json)
    {
        var document = JsonNode.Parse(json) as JsonObject ?? throw new ArgumentException("A parameter schema is a JSON object.", nameof(json));
        if (document["type"]?.GetValue<string>() != "object")
        {
            throw new ArgumentException("A parameter schema must have \"type\": \"object\".", nameof(json));
        }

        return new ParameterSchema(document);
    }

    /// <summary>The JSON-schema document published as <c>parameters_spec</c> (a copy).</summary>
    public JsonObject ToJsonSchema() => _document.DeepClone().AsObject();

    /// <summary>
    /// Fills in defaults and validates <paramref name="input"/>; returns a new object. Throws <see cref="ValidationException"/>
    /// naming each offending parameter path (such as <c>thresholds.instance_cpu_usage</c>) and the problem.
    /// </summary>
    public JsonObject Resolve(JsonObject? input, string strategyName)
    {
        var resolved = input?.DeepClone().AsObject() ?? [];
        ApplyDefaults(resolved, _document);
        // Hardening (docs/security.md): the work an audit may ask for is bounded, whichever strategy it names; checked
        // before the schema, so a 50,000-item list is refused without being evaluated.
        WorkLimits.Current.CheckParameters(resolved, strategyName);
        using var instance = JsonDocument.Parse(resolved.ToJsonString());
        var results = _schema.Evaluate(instance.RootElement, Evaluation);
        if (!results.IsValid)
        {
            var details = new[] { results }.Concat(results.Details ?? []).ToList();
            var problems = details
                .Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => Describe(resolved, d.InstanceLocation.ToString(), e.Key, e.Value, strategyName)))
                .Distinct(StringComparer.Ordinal)
                .ToList();
            if (problems.Count == 0)
            {
                // JsonSchema.Net 8 reports a oneOf matched by several branches as invalid without a message: name it here.
                problems = details
                    .Where(d => !d.IsValid && SchemaForInstance(d.InstanceLocation.ToString())?["oneOf"] is not null)
                    .Select(d => Describe(resolved, d.InstanceLocation.ToString(), "oneOf", "must match exactly one alternative", strategyName))
                    .Distinct(StringComparer.Ordinal)
                    .ToList();
            }

            throw new ValidationException(problems.Count == 0
                ? $"Parameters of strategy '{strategyName}' do not match its schema."
                : string.Join(" ", problems));
        }

        return resolved;
    }

    /// <summary>Resolves <paramref name="input"/> (defaults, validation) and binds it to the strategy's parameters record.</summary>
    public TParameters Bind<TParameters>(JsonObject? input, string strategyName)
    {
        var resolved = Resolve(input, strategyName);
        try
        {
            return resolved.Deserialize<TParameters>(StrategyParameterJson.Options)
                ?? throw new ValidationException($"Parameters of strategy '{strategyName}' are null.");
        }
        catch (JsonException e)
        {
            // The schema accepted the input but the record could not hold it (e.g. 6.0 for an integer): still the caller's input.
            throw new ValidationException($"Parameter '{PathOf(e.Path)}' of strategy '{strategyName}' {e.Message}");
        }
    }

    /// <summary>Watcher's default filling: a missing property takes a copy of its schema <c>default</c>; recurse into objects and array items.</summary>
    private static void ApplyDefaults(JsonNode? instance, JsonObject schema)
    {
        switch (instance)
        {
            case JsonObject obj:
                foreach (var (name, propertySchema) in Properties(schema))
                {
                    if (!obj.ContainsKey(name) && propertySchema["default"] is { } fallback)
                    {
                        obj[name] = fallback.DeepClone();
                    }

                    if (obj[name] is { } child)
                    {
                        ApplyDefaults(child, propertySchema);
                    }
                }

                break;
            case JsonArray array when schema["items"] is JsonObject itemSchema:
                foreach (var item in array)
                {
                    ApplyDefaults(item, itemSchema);
                }

                break;
        }
    }

    private static IEnumerable<KeyValuePair<string, JsonObject>> Properties(JsonObject schema) =>
        schema["properties"] is JsonObject properties
            ? properties.Where(p => p.Value is JsonObject).Select(p => KeyValuePair.Create(p.Key, p.Value!.AsObject()))
            : [];

    private string Describe(JsonObject instance, string instancePointer, string keyword, string message, string strategy)
    {
        var path = PathOf(instancePointer);
        if (keyword.Length == 0)
        {
            // additionalProperties: false. The wording of the former hand-written check, which clients already match.
            var parent = ParentOf(instancePointer);
            var key = instancePointer[(parent.Length + 1)..].Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            var known = Known(SchemaForInstance(parent));
            return parent.Length == 0
                ? $"Strategy '{strategy}' has no parameter '{key}'{known}."
                : $"Parameter '{PathOf(parent)}' of strategy '{strategy}' has no key '{key}'{known}.";
        }

        var schemaNode = SchemaForInstance(instancePointer);
        var missing = keyword == "required" && schemaNode?["required"] is JsonArray requiredNames && NodeAt(instance, instancePointer) is JsonObject given
            ? string.Join(", ", requiredNames.Select(n => n!.GetValue<string>()).Where(n => !given.ContainsKey(n)).Select(n => $"'{n}'"))
            : string.Empty;
        if (missing.Length > 0)
        {
            return path.Length == 0
                ? $"Strategy '{strategy}' requires parameter {missing}."
                : $"Parameter '{path}' of strategy '{strategy}' requires key {missing}.";
        }

        var problem = keyword switch
        {
            "enum" when schemaNode?["enum"] is JsonArray allowed =>
                $"must be one of {string.Join(", ", allowed.Select(a => a?.ToJsonString()))}",
            "pattern" when schemaNode?["pattern"] is JsonValue pattern =>
                $"must match the pattern {pattern.ToJsonString()}",
            "oneOf" or "required" when schemaNode?["oneOf"] is JsonArray choices =>
                $"must match exactly one of {string.Join(", ", choices.Select(c => c?.ToJsonString()))}",
            _ => message,
        };
        return path.Length == 0
            ? $"Parameters of strategy '{strategy}': {problem}."
            : $"Parameter '{path}' of strategy '{strategy}': {problem}.";
    }

    private static string Known(JsonNode? schema) =>
        schema is JsonObject o && Properties(o).Select(p => p.Key).ToList() is { Count: > 0 } names
            ? "; known: " + string.Join(", ", names)
            : "; it takes none";

    /// <summary>
    /// The subschema that applies at an instance location, found by walking <c>properties</c> and <c>items</c>
    /// (JsonSchema.Net 8.0.5's evaluation paths repeat segments inside <c>items</c>, so they are not used); null for an unknown property.
    /// </summary>
    private JsonObject? SchemaForInstance(string instancePointer)
    {
        JsonObject? schema = _document;
        foreach (var segment in Segments(instancePointer))
        {
            schema = schema?["properties"]?[segment] as JsonObject
                ?? (segment.All(char.IsAsciiDigit) ? schema?["items"] as JsonObject : null);
        }

        return schema;
    }

    private static JsonNode? NodeAt(JsonNode? node, string pointer)
    {
        foreach (var segment in Segments(pointer))
        {
            node = node switch
            {
                JsonObject o => o[segment],
                JsonArray a when int.TryParse(segment, out var i) && i < a.Count => a[i],
                _ => null,
            };
        }

        return node;
    }

    private static string ParentOf(string pointer) => pointer[..Math.Max(0, pointer.LastIndexOf('/'))];

    private static IEnumerable<string> Segments(string pointer) =>
        pointer.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));

    /// <summary>A JSON pointer (<c>/storage_pools/0/src_pool</c>) or System.Text.Json path (<c>$.a[0].b</c>) as <c>storage_pools[0].src_pool</c>.</summary>
    private static string PathOf(string? pointer)
    {
        if (string.IsNullOrEmpty(pointer) || pointer == "$")
        {
            return string.Empty;
        }

        if (pointer.StartsWith('$'))
        {
            return pointer.TrimStart('$', '.');
        }

        var path = new System.Text.StringBuilder();
        foreach (var segment in Segments(pointer))
        {
            path.Append(segment.All(char.IsAsciiDigit) ? $"[{segment}]" : (path.Length == 0 ? segment : "." + segment));
        }

        return path.ToString();
    }
}
