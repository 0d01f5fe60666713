using System.Text.Json.Serialization;

namespace Watcher.Orchestrations.Contracts;

/// <summary>
/// Custom status of a plan or rollback orchestration. While it runs, <see cref="Phase"/> is "executing",
/// "compensating" or "rolling_back"; once it ends it is "finished", <see cref="State"/> names the plan's terminal
/// state, and the counts match the actions' final states. <see cref="WaitingFor"/> is "window" or "budget" while the
/// plan waits for its maintenance window or disruption budget, and <see cref="NextRunAt"/> when it will next start an
/// action (null when that depends on a running action finishing).
/// </summary>
public sealed record PlanProgress(
    [property: JsonPropertyName("phase")] string Phase,
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("succeeded")] int Succeeded,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("running")] int Running,
    [property: JsonPropertyName("reverted")] int Reverted,
    [property: JsonPropertyName("revert_failed")] int RevertFailed,
    [property: JsonPropertyName("failed_action_uuid")] string? FailedActionUuid,
    [property: JsonPropertyName("failure")] string? Failure,
    [property: JsonPropertyName("cancelled")] int Cancelled = 0,
    [property: JsonPropertyName("state")] string? State = null,
    [property: JsonPropertyName("skipped")] int Skipped = 0,
    [property: JsonPropertyName("waiting_for")] string? WaitingFor = null,
    [property: JsonPropertyName("next_run_at")] DateTimeOffset? NextRunAt = null);
