using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Watcher.Domain.Errors;

namespace Watcher.Api;

/// <summary>Typed reads of request-body fields, each failing with a 400 that names the field.</summary>
public static class BodyFields
{
    public static void AllowOnly(JsonObject body, string resource, params string[] allowed)
    {
        foreach (var (key, _) in body)
        {
            if (!allowed.Contains(key, StringComparer.Ordinal))
            {
                throw new ValidationException($"Unknown or read-only attribute '{key}' for {resource}. Allowed: {string.Join(", ", allowed)}.");
            }
        }
    }

    public static string? String(JsonObject body, string name)
    {
        var node = body[name];
        if (node is null)
        {
            return null;
        }

        return node.GetValueKind() switch
        {
            JsonValueKind.String => node.GetValue<string>(),
            _ => throw new ValidationException($"'{name}' must be a string."),
        };
    }

    /// <summary>A string, or a number given where Watcher's clients may send one (such as <c>interval</c>).</summary>
    public static string? StringOrNumber(JsonObject body, string name)
    {
        var node = body[name];
        return node?.GetValueKind() switch
        {
            null => null,
            JsonValueKind.Number => node.GetValue<double>().ToString(CultureInfo.InvariantCulture),
            JsonValueKind.String => node.GetValue<string>(),
            _ => throw new ValidationException($"'{name}' must be a string or a number."),
        };
    }

    public static bool? Bool(JsonObject body, string name)
    {
        var node = body[name];
        return node?.GetValueKind() switch
        {
            null => null,
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(node.GetValue<string>(), out var b) => b,
            _ => throw new ValidationException($"'{name}' must be a boolean."),
        };
    }

    public static JsonObject? Object(JsonObject body, string name) => body[name] switch
    {
        null => null,
        JsonObject o => (JsonObject)o.DeepClone(),
        _ => throw new ValidationException($"'{name}' must be an object."),
    };

    public static JsonArray? Array(JsonObject body, string name) => body[name] switch
    {
        null => null,
        JsonArray a => (JsonArray)a.DeepClone(),
        _ => throw new ValidationException($"'{name}' must be a list."),
    };

    public static DateTimeOffset? Time(JsonObject body, string name) => ParseTime(String(body, name), name);

    /// <summary>An ISO 8601 time given as <paramref name="text"/> for the field <paramref name="name"/>, in UTC; null stays null.</summary>
    public static DateTimeOffset? ParseTime(string? text, string name)
    {
        if (text is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t.ToUniversalTime()
            : throw new ValidationException($"'{name}' must be an ISO 8601 time, got '{text}'.");
    }

    public static T Enum<T>(string? text, string name, T fallback)
        where T : struct, Enum
    {
        if (text is null)
        {
            return fallback;
        }

        var normalized = text.Replace("_", string.Empty, StringComparison.Ordinal);
        return System.Enum.TryParse<T>(normalized, ignoreCase: true, out var value) && !int.TryParse(text, out _)
            ? value
            : throw new ValidationException($"'{name}' must be one of {string.Join(", ", System.Enum.GetNames<T>().Select(n => JsonNamingPolicy.SnakeCaseUpper.ConvertName(n)))}, got '{text}'.");
    }

    /// <summary>Reads a JSON-patch document and returns the value of <c>replace /state</c>; other operations are a 400.</summary>
    public static string PatchState(JsonArray patch, string resource)
    {
        string? state = null;
        foreach (var op in patch)
        {
            if (op is not JsonObject o)
            {
                throw new ValidationException("Each JSON-patch operation must be an object.");
            }

            var kind = String(o, "op");
            var path = String(o, "path");
            if (kind != "replace" || path != "/state")
            {
                throw new ValidationException($"Only 'replace' of '/state' is supported when patching {resource}, got '{kind} {path}'.");
            }

            state = String(o, "value") ?? throw new ValidationException("The new state must be a string.");
        }

        return state ?? throw new ValidationException("The JSON-patch document is empty.");
    }
}
