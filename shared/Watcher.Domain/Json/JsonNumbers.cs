using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Watcher.Domain.Json;

/// <summary>Reads a JSON number as a double whether the node was parsed from text or built in code from an int, long or decimal.</summary>
public static class JsonNumbers
{
    public static double? AsDouble(JsonNode? node)
    {
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.Number)
        {
            return null;
        }

        if (value.TryGetValue<double>(out var d))
        {
            return d;
        }

        return double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
