using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Watcher.Api.Contracts;
using Watcher.Domain.Errors;

namespace Watcher.Api;

/// <summary>
/// Binds a request body to its typed record (<c>Contracts/*Request.cs</c>) with System.Text.Json, strictly: an unknown
/// member, a value of the wrong type or a member given twice is a 400 naming the field, in Watcher's words.
/// </summary>
public static class ApiRequestBodies
{
    /// <summary>The options request records are read with (and their OpenAPI schemas exported with).</summary>
    public static JsonSerializerOptions BindOptions { get; } = CreateOptions();

    /// <summary>Reads the body as a JSON object (size, emptiness and syntax checked as for every body) and binds it to <typeparamref name="T"/>.</summary>
    public static async Task<T> ReadBodyAsync<T>(this ApiRequest request, string resource)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        return Bind<T>(await request.ReadJsonAsync<JsonObject>(), resource);
    }

    /// <summary>Binds <paramref name="body"/> to <typeparamref name="T"/>; <paramref name="resource"/> names it in messages ("audit").</summary>
    public static T Bind<T>(JsonObject body, string resource)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return JsonSerializer.Deserialize<T>(body, BindOptions) ?? throw new ValidationException($"The request body must be a JSON object describing {resource}.");
        }
        catch (JsonException ex)
        {
            throw new ValidationException(Describe(ex, BindOptions.GetTypeInfo(typeof(T)), resource));
        }
    }

    private static string Describe(JsonException ex, JsonTypeInfo type, string resource)
    {
        var path = FieldsOf(ex.Path);
        if (path.Count == 0)
        {
            return $"The request body is not a valid {resource}: {ex.Message}";
        }

        // Walk down nested records (execution_policy.window.cron): the deepest member found is the one to name.
        var owner = type;
        JsonPropertyInfo? property = null;
        var names = new List<string>();
        foreach (var field in path)
        {
            if (property is not null)
            {
                var nested = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                if (!IsRecord(nested))
                {
                    break;
                }

                owner = BindOptions.GetTypeInfo(nested);
            }

            names.Add(field);
            property = owner.Properties.FirstOrDefault(p => p.Name == field);
            if (property is null)
            {
                var where = names.Count == 1 ? string.Empty : $" in '{string.Join('.', names.SkipLast(1))}'";
                return $"Unknown or read-only attribute '{string.Join('.', names)}' for {resource}. Allowed{where}: {string.Join(", ", owner.Properties.Select(p => p.Name))}.";
            }
        }

        var name = string.Join('.', names);

        // System.Text.Json reports a repeated member and a wrong value alike (a JsonException at the member's path); only its message tells them apart.
        return ex.Message.StartsWith("Duplicate property", StringComparison.Ordinal)
            ? $"'{name}' is given more than once."
            : $"'{name}' must be {Expected(property!)}.";
    }

    /// <summary>True for the typed request records members may nest (not strings, JSON nodes, lists or values).</summary>
    private static bool IsRecord(Type type) =>
        type.IsClass && type != typeof(string) && !typeof(JsonNode).IsAssignableFrom(type) && !typeof(System.Collections.IEnumerable).IsAssignableFrom(type);

    /// <summary>The members a JSON path such as <c>$.actions[0]</c>, <c>$.a.b</c> or <c>$['a b']</c> points into, outermost first; empty for the root.</summary>
    private static List<string> FieldsOf(string? path)
    {
        var fields = new List<string>();
        if (path is null || path.Length < 2)
        {
            return fields;
        }

        var i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var stop = path.IndexOfAny(['.', '['], i + 1);
                fields.Add(stop < 0 ? path[(i + 1)..] : path[(i + 1)..stop]);
                i = stop < 0 ? path.Length : stop;
            }
            else if (path.AsSpan(i).StartsWith("['", StringComparison.Ordinal))
            {
                var close = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                if (close < 0)
                {
                    break;
                }

                fields.Add(path[(i + 2)..close]);
                i = close + 2;
            }
            else if (path[i] == '[')
            {
                // An array index: the member is the list itself.
                var close = path.IndexOf(']', i);
                if (close < 0)
                {
                    break;
                }

                i = close + 1;
            }
            else
            {
                break;
            }
        }

        return fields;
    }

    private static string Expected(JsonPropertyInfo property) => property.CustomConverter switch
    {
        StringOrNumberConverter => "a string or a number",
        LenientBooleanConverter => "a boolean",
        _ when property.PropertyType == typeof(string) => "a string",
        _ when property.PropertyType == typeof(JsonObject) => "an object",
        _ when property.PropertyType == typeof(JsonArray) => "a list",
        _ when property.PropertyType == typeof(IReadOnlyList<string>) => "a list of strings",
        _ when property.PropertyType == typeof(int?) || property.PropertyType == typeof(int) => "an integer",
        _ when IsRecord(property.PropertyType) => "an object",
        _ => $"a {property.PropertyType.Name}",
    };

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            AllowDuplicateProperties = false,
            RespectNullableAnnotations = true,
        };
        options.MakeReadOnly();
        return options;
    }
}
