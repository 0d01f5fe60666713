using System.Text.Json;
using System.Text.Json.Serialization;

namespace Watcher.Domain.Json;

/// <summary>Writes an enum as a lower snake_case string (<c>up</c>, <c>enabled</c>), as Nova does.</summary>
public sealed class LowerCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false)
    where TEnum : struct, Enum;
