using System.Text.Json.Serialization;

namespace Watcher.Api.Contracts;

/// <summary>An action a compensation or rollback left in place, and why (policy, selection, or a dependent that could not be reverted).</summary>
public sealed record RevertNoteView
{
    [JsonPropertyName("action_uuid")]
    public required string ActionUuid { get; init; }

    [JsonPropertyName("reason")]
    public required string Reason { get; init; }
}
