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
        var field = FieldOf(ex.Path);
        var property = type.Properties.FirstOrDefault(p => p.Name == field);
        if (property is null)
        {
            return field is null
                ? $"The request body is not a valid {resource}: {ex.Message}"
                : $"Unknown or read-only attribute '{field}' for {resource}. Allowed: {string.Join(", ", type.Properties.Select(p => p.Name))}.";
        }

        // System.Text.Json reports a repeated member and a wrong value alike (a JsonException at the member's path); only its message tells them apart.
        return ex.Message.StartsWith("Duplicate property", StringComparison.Ordinal)
            ? $"'{field}' is given more than once."
            : $"'{field}' must be {Expected(property)}.";
    }

    /// <summary>The top-level member a JSON path such as <c>$.actions[0]</c> or <c>$['a b']</c> points into, or null for the root.</summary>
    private static string? FieldOf(string? path)
    {
        if (path is null || path.Length < 3)
        {
            return null;
        }

        if (path.StartsWith("$['", StringComparison.Ordinal))
        {
            var end = path.IndexOf("']", 3, StringComparison.Ordinal);
            return end < 0 ? null : path[3..end];
        }

        var rest = path[2..];
        var stop = rest.IndexOfAny(['.', '[']);
        return stop < 0 ? rest : rest[..stop];
    }

    private static string Expected(JsonPropertyInfo property) => property.CustomConverter switch
    {
        StringOrNumberConverter => "a string or a number",
        LenientBooleanConverter => "a boolean",
        _ when property.PropertyType == typeof(string) => "a string",
        _ when property.PropertyType == typeof(JsonObject) => "an object",
        _ when property.PropertyType == typeof(JsonArray) => "a list",
        _ when property.PropertyType == typeof(IReadOnlyList<string>) => "a list of strings",
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
