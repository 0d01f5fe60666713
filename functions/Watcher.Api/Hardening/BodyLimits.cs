using System.Text.Json;
using System.Text.Json.Nodes;
using Watcher.Domain.Errors;

namespace Watcher.Api.Hardening;

/// <summary>
/// String lengths in a request body (docs/security.md "Web hardening"): <c>name</c> and <c>description</c>, given as
/// members of the body or as values of a JSON patch of <c>/name</c> or <c>/description</c>, and every string (value or
/// member name) anywhere. A body over a limit is a 400 naming the member and the setting; nothing is stored.
/// </summary>
public static class BodyLimits
{
    /// <summary>Throws a <see cref="ValidationException"/> naming the first string of <paramref name="body"/> over a limit of <paramref name="options"/>.</summary>
    public static void Check(JsonNode body, WatcherHttpOptions options)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(options);
        switch (body)
        {
            case JsonObject obj:
                CheckField("name", obj["name"], options.MaxNameLength, "MaxNameLength");
                CheckField("description", obj["description"], options.MaxDescriptionLength, "MaxDescriptionLength");
                break;
            case JsonArray patch:
                foreach (var op in patch.OfType<JsonObject>())
                {
                    var path = op["path"] is JsonValue p && p.GetValueKind() == JsonValueKind.String ? p.GetValue<string>() : null;
                    if (path == "/name")
                    {
                        CheckField("name", op["value"], options.MaxNameLength, "MaxNameLength");
                    }
                    else if (path == "/description")
                    {
                        CheckField("description", op["value"], options.MaxDescriptionLength, "MaxDescriptionLength");
                    }
                }

                break;
        }

        Walk(body, "$", options.MaxStringLength);
    }

    private static void CheckField(string name, JsonNode? value, int max, string setting)
    {
        if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length is var length && length > max)
        {
            throw new ValidationException($"'{name}' is {length} characters; at most {max} are allowed (Watcher:Http:{setting}).");
        }
    }

    private static void Walk(JsonNode? node, string path, int max)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    if (key.Length > max)
                    {
                        throw new ValidationException($"A member name in {path} is {key.Length} characters; at most {max} are allowed (Watcher:Http:MaxStringLength).");
                    }

                    Walk(child, path + "." + key, max);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], $"{path}[{i}]", max);
                }

                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Length > max:
                throw new ValidationException($"The string at {path} is {value.GetValue<string>().Length} characters; at most {max} are allowed (Watcher:Http:MaxStringLength).");
        }
    }
}
