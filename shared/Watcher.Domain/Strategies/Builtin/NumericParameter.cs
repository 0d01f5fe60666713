using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary>Reads a numeric parameter whatever CLR type its JsonValue holds (parsed JSON, int, long or double).</summary>
internal static class NumericParameter
{
    public static double Read(StrategyContext context, string name, double fallback) => Read(context.Parameters[name], fallback);

    public static double Read(JsonNode? node, double fallback) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            ? double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)
            : fallback;

    public static int ReadInt(StrategyContext context, string name, int fallback) =>
        (int)Math.Clamp(Read(context, name, fallback), int.MinValue, int.MaxValue);
}
