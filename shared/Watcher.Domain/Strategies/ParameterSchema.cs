using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Watcher.Domain.Errors;
using Watcher.Domain.Json;

namespace Watcher.Domain.Strategies;

/// <summary>
/// A strategy's parameters: a JSON-schema object (Watcher's <c>parameters_spec</c>) that also validates input
/// and fills in defaults. Unknown parameters are rejected, so a typo is a 400 rather than silently ignored.
/// </summary>
public sealed class ParameterSchema
{
    private readonly List<Parameter> _parameters = [];

    public IReadOnlyList<string> Names => _parameters.Select(p => p.Name).ToList();

    public ParameterSchema String(string name, string description, string? defaultValue = null, bool required = false, IReadOnlyList<string>? allowed = null) =>
        Add(new Parameter(name, "string", description, defaultValue is null ? null : JsonValue.Create(defaultValue), required, null, null, allowed));

    public ParameterSchema Number(string name, string description, double? defaultValue = null, double? minimum = null, double? maximum = null, bool required = false) =>
        Add(new Parameter(name, "number", description, defaultValue is null ? null : JsonValue.Create(defaultValue.Value), required, minimum, maximum, null));

    public ParameterSchema Integer(string name, string description, long? defaultValue = null, long? minimum = null, long? maximum = null, bool required = false) =>
        Add(new Parameter(name, "integer", description, defaultValue is null ? null : JsonValue.Create(defaultValue.Value), required, minimum, maximum, null));

    public ParameterSchema Boolean(string name, string description, bool? defaultValue = null) =>
        Add(new Parameter(name, "boolean", description, defaultValue is null ? null : JsonValue.Create(defaultValue.Value), false, null, null, null));

    /// <summary>An array or object parameter; only its JSON type is checked here, the strategy checks the content.</summary>
    public ParameterSchema Json(string name, string type, string description, JsonNode? defaultValue = null, bool required = false) =>
        Add(new Parameter(name, type, description, defaultValue, required, null, null, null));

    /// <summary>The JSON-schema document published as <c>parameters_spec</c>.</summary>
    public JsonObject ToJsonSchema()
    {
        var properties = new JsonObject();
        foreach (var p in _parameters)
        {
            var prop = new JsonObject { ["description"] = p.Description, ["type"] = p.Type };
            if (p.Default is not null)
            {
                prop["default"] = p.Default.DeepClone();
            }

            if (p.Minimum is not null)
            {
                prop["minimum"] = p.Minimum;
            }

            if (p.Maximum is not null)
            {
                prop["maximum"] = p.Maximum;
            }

            if (p.Allowed is not null)
            {
                prop["enum"] = new JsonArray(p.Allowed.Select(a => (JsonNode)JsonValue.Create(a)!).ToArray());
            }

            properties[p.Name] = prop;
        }

        var schema = new JsonObject { ["properties"] = properties };
        var required = _parameters.Where(p => p.Required).Select(p => (JsonNode)JsonValue.Create(p.Name)!).ToArray();
        if (required.Length > 0)
        {
            schema["required"] = new JsonArray(required);
        }

        return schema;
    }

    /// <summary>Validates <paramref name="input"/> and returns a new object with defaults applied. Throws <see cref="ValidationException"/>.</summary>
    public JsonObject Resolve(JsonObject? input, string strategyName)
    {
        var resolved = new JsonObject();
        var known = _parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
        if (input is not null)
        {
            foreach (var (key, value) in input)
            {
                if (!known.TryGetValue(key, out var p))
                {
                    var list = known.Count == 0 ? "none" : string.Join(", ", known.Keys);
                    throw new ValidationException($"Strategy '{strategyName}' has no parameter '{key}'. Known parameters: {list}.");
                }

                resolved[key] = Check(p, value, strategyName);
            }
        }

        foreach (var p in _parameters)
        {
            if (resolved.ContainsKey(p.Name))
            {
                continue;
            }

            if (p.Required)
            {
                throw new ValidationException($"Strategy '{strategyName}' requires parameter '{p.Name}' ({p.Description}).");
            }

            if (p.Default is not null)
            {
                resolved[p.Name] = p.Default.DeepClone();
            }
        }

        return resolved;
    }

    private static JsonNode? Check(Parameter p, JsonNode? value, string strategy)
    {
        string Problem(string what) => $"Parameter '{p.Name}' of strategy '{strategy}' {what}.";
        if (value is null)
        {
            if (p.Required)
            {
                throw new ValidationException(Problem("must not be null"));
            }

            return null;
        }

        var kind = value.GetValueKind();
        switch (p.Type)
        {
            case "string":
                if (kind != JsonValueKind.String)
                {
                    throw new ValidationException(Problem($"must be a string, got {Describe(kind)}"));
                }

                var s = value.GetValue<string>();
                if (p.Allowed is not null && !p.Allowed.Contains(s, StringComparer.Ordinal))
                {
                    throw new ValidationException(Problem($"must be one of {string.Join(", ", p.Allowed)}, got '{s}'"));
                }

                break;
            case "number":
            case "integer":
                if (kind != JsonValueKind.Number)
                {
                    throw new ValidationException(Problem($"must be a {p.Type}, got {Describe(kind)}"));
                }

                var d = JsonNumbers.AsDouble(value)!.Value;
                if (p.Type == "integer" && Math.Abs(d - Math.Round(d)) > 0)
                {
                    throw new ValidationException(Problem($"must be an integer, got {d.ToString(CultureInfo.InvariantCulture)}"));
                }

                if (p.Minimum is { } min && d < min)
                {
                    throw new ValidationException(Problem($"must be at least {min.ToString(CultureInfo.InvariantCulture)}, got {d.ToString(CultureInfo.InvariantCulture)}"));
                }

                if (p.Maximum is { } max && d > max)
                {
                    throw new ValidationException(Problem($"must be at most {max.ToString(CultureInfo.InvariantCulture)}, got {d.ToString(CultureInfo.InvariantCulture)}"));
                }

                break;
            case "boolean":
                if (kind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    throw new ValidationException(Problem($"must be a boolean, got {Describe(kind)}"));
                }

                break;
            case "array":
                if (kind != JsonValueKind.Array)
                {
                    throw new ValidationException(Problem($"must be an array, got {Describe(kind)}"));
                }

                break;
            case "object":
                if (kind != JsonValueKind.Object)
                {
                    throw new ValidationException(Problem($"must be an object, got {Describe(kind)}"));
                }

                break;
        }

        return value.DeepClone();
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    private ParameterSchema Add(Parameter parameter)
    {
        _parameters.Add(parameter);
        return this;
    }

    private sealed record Parameter(string Name, string Type, string Description, JsonNode? Default, bool Required, double? Minimum, double? Maximum, IReadOnlyList<string>? Allowed);
}
