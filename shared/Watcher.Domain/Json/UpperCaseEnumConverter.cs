using System.Text.Json;
using System.Text.Json.Serialization;

namespace Watcher.Domain.Json;

/// <summary>Writes an enum as an upper SNAKE_CASE string (<c>ROLLING_BACK</c>), as Watcher's states are.</summary>
public sealed class UpperCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.SnakeCaseUpper, allowIntegerValues: false)
    where TEnum : struct, Enum;
