using System.Text.Json.Serialization;

namespace Watcher.Api.Contracts;

/// <summary>How a plan's compensation or rollback went: the failure that stopped it and the actions reverted.</summary>
public sealed record ExecutionRecordView
{
    [JsonPropertyName("outcome")]
    public required string? Outcome { get; init; }

    [JsonPropertyName("failed_action_uuid")]
    public required string? FailedActionUuid { get; init; }

    [JsonPropertyName("failure")]
    public required string? Failure { get; init; }

    [JsonPropertyName("reverted")]
    public required IReadOnlyList<string> Reverted { get; init; }

    [JsonPropertyName("revert_failed")]
    public required IReadOnlyList<string> RevertFailed { get; init; }

    [JsonPropertyName("not_reverted")]
    public required IReadOnlyList<RevertNoteView> NotReverted { get; init; }

    /// <summary>The compensation policy that applied (<c>all</c>, <c>branch</c> or <c>none</c>); null for a rollback.</summary>
    [JsonPropertyName("policy")]
    public required string? Policy { get; init; }

    [JsonPropertyName("at")]
    public required string? At { get; init; }
}
