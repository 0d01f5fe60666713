using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Watcher.Api.Contracts;

/// <summary>
/// Reads a string, or a number where Watcher's clients may send one (such as <c>interval</c>), as its invariant text.
/// Hand-written: System.Text.Json's <c>AllowReadingFromString</c> goes the other way (numbers from strings).
/// </summary>
public sealed class StringOrNumberConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => reader.GetDouble().ToString(CultureInfo.InvariantCulture),
        _ => throw new JsonException(),
    };

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }
}
