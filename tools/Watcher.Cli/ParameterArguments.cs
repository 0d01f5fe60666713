using System.Text.Json;
using System.Text.Json.Nodes;

namespace Watcher.Cli;

/// <summary>
/// Turns <c>--param key=value</c> pairs into a parameters object as python-watcherclient does: the value is parsed as
/// JSON when it parses (<c>3</c>, <c>true</c>, <c>[1, 2]</c>, <c>{"a": 1}</c>), otherwise kept as a string. A later
/// pair with the same key wins.
/// </summary>
public static class ParameterArguments
{
    public static JsonObject Parse(IEnumerable<string> pairs)
    {
        var parameters = new JsonObject();
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CliUsageException($"--param '{pair}' must be KEY=VALUE.");
            }

            var key = pair[..equals].Trim();
            parameters[key] = ParseValue(pair[(equals + 1)..]);
        }

        return parameters;
    }

    /// <summary>The value as JSON when it is valid JSON, else as a string.</summary>
    public static JsonNode? ParseValue(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }
}
