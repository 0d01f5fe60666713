using System.Text.Json.Serialization;

namespace Watcher.Orchestrations.Contracts;

/// <summary>Custom status of a running plan or rollback orchestration.</summary>
public sealed record PlanProgress(
    [property: JsonPropertyName("phase")] string Phase,
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("succeeded")] int Succeeded,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("running")] int Running,
    [property: JsonPropertyName("reverted")] int Reverted,
    [property: JsonPropertyName("revert_failed")] int RevertFailed,
    [property: JsonPropertyName("failed_action_uuid")] string? FailedActionUuid,
    [property: JsonPropertyName("failure")] string? Failure);
