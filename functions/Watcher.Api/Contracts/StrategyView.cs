using System.ComponentModel;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Watcher.Api.Contracts;

/// <summary>Watcher v1's strategy resource (detail form; list items leave out the <see cref="DetailOnlyAttribute"/> members).</summary>
public sealed record StrategyView
{
    [JsonPropertyName("uuid")]
    public required string Uuid { get; init; }

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("display_name")]
    public required string DisplayName { get; init; }

    [JsonPropertyName("goal_uuid")]
    public required string GoalUuid { get; init; }

    [JsonPropertyName("goal_name")]
    public required string GoalName { get; init; }

    [JsonPropertyName("links")]
    public required IReadOnlyList<LinkView> Links { get; init; }

    [JsonPropertyName("parameters_spec")]
    [DetailOnly]
    [Description("The JSON schema of the strategy's audit parameters.")]
    public required JsonObject ParametersSpec { get; init; }
}
