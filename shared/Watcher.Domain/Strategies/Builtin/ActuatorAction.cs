using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary>An item of <c>actions</c> of <see cref="ActuatorStrategy"/>.</summary>
public sealed record ActuatorAction
{
    /// <summary>The action type, such as <c>migrate</c>.</summary>
    [JsonPropertyName("action_type")]
    public required string ActionType { get; init; }

    /// <summary>The action's input parameters, checked by the action's own schema when it is planned.</summary>
    [JsonPropertyName("input_parameters")]
    public required JsonObject InputParameters { get; init; }

    /// <summary>The resource acted on; copied into the input parameters.</summary>
    [JsonPropertyName("resource_id")]
    public string? ResourceId { get; init; }
}
