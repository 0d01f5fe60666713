using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Watcher.Api.Contracts;

/// <summary>One revert of a rollback preview.</summary>
public sealed record RollbackStepView
{
    [JsonPropertyName("uuid")]
    public required string Uuid { get; init; }

    [JsonPropertyName("action_type")]
    public required string ActionType { get; init; }

    [JsonPropertyName("wave")]
    [Description("Reverts of wave 0 run first; each later wave after the reverts it depends on.")]
    public required int Wave { get; init; }

    [JsonPropertyName("depends_on")]
    [Description("The actions reverted before this one: the selected actions that depend on it.")]
    public required IReadOnlyList<string> DependsOn { get; init; }

    [JsonPropertyName("verdict")]
    [Description("ok, already_reverted, or drift (the cluster changed since the action ran; see reason).")]
    public required string Verdict { get; init; }

    [JsonPropertyName("reason")]
    public required string? Reason { get; init; }
}
