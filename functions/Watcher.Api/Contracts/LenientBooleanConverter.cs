using System.Text.Json;
using System.Text.Json.Serialization;

namespace Watcher.Api.Contracts;

/// <summary>
/// Reads a boolean, or the strings "true"/"false" (any case) that Watcher's clients send for flags such as
/// <c>auto_trigger</c>. Hand-written: System.Text.Json has no lenient boolean option.
/// </summary>
public sealed class LenientBooleanConverter : JsonConverter<bool?>
{
    public override bool? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.Null => null,
        JsonTokenType.String when bool.TryParse(reader.GetString(), out var b) => b,
        _ => throw new JsonException(),
    };

    public override void Write(Utf8JsonWriter writer, bool? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } b)
        {
            writer.WriteBooleanValue(b);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
