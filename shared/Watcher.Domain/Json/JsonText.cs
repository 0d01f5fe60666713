using System.Text.Json;
using System.Text.Json.Nodes;

namespace Watcher.Domain.Json;

/// <summary>Reads a string member of a JSON object the way action inputs are read: absent, empty or not a string is null.</summary>
public static class JsonText
{
    /// <summary>The non-empty string at <paramref name="name"/>, or null.</summary>
    public static string? NonEmpty(JsonObject? obj, string name) =>
        obj?[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is { Length: > 0 } text ? text : null;
}
