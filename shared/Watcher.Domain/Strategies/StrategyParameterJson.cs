using System.Text.Json;
using System.Text.Json.Serialization;

namespace Watcher.Domain.Strategies;

/// <summary>
/// How validated parameters bind to a strategy's parameters record: snake_case names as Watcher, strict numbers, and
/// unmapped members rejected, so a schema property the record forgot is a bug found by the first test, not a silent default.
/// </summary>
public static class StrategyParameterJson
{
    /// <summary>The binding options.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
