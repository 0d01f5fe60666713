using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Watcher.Api.Contracts;

/// <summary>
/// The answer to a dry-run rollback (<c>"dry_run": true</c>): the reverse plan, each revert's verdict against the
/// cluster as it is now, and whether a rollback would be accepted. Nothing is executed.
/// </summary>
public sealed record RollbackPreviewView
{
    [JsonPropertyName("action_plan_uuid")]
    public required string ActionPlanUuid { get; init; }

    [JsonPropertyName("allowed")]
    [Description("True when a rollback without force would be accepted now: no drift and no refusal.")]
    public required bool Allowed { get; init; }

    [JsonPropertyName("refusal")]
    [Description("Why a rollback is refused whatever the drift (the plan's state, the rollback window), or null.")]
    public required string? Refusal { get; init; }

    [JsonPropertyName("actions")]
    [Description("The reverts in the order they would run: by wave, wave 0 first.")]
    public required IReadOnlyList<RollbackStepView> Actions { get; init; }

    [JsonPropertyName("drift")]
    [Description("The reverts whose pre-condition fails now; a forced rollback skips them.")]
    public required IReadOnlyList<RollbackStepView> Drift { get; init; }
}
