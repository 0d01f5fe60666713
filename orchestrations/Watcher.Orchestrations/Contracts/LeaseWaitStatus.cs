using System.Text.Json.Serialization;

namespace Watcher.Orchestrations.Contracts;

/// <summary>Custom status of a plan or rollback orchestration while it waits for another plan's resource leases.</summary>
/// <param name="Phase">Always <c>waiting</c>.</param>
/// <param name="Message">E.g. <c>waiting for action plan X (host compute-01)</c>.</param>
/// <param name="WaitingFor">The running plan it waits for.</param>
/// <param name="Resources">The shared resources.</param>
public sealed record LeaseWaitStatus(
    [property: JsonPropertyName("phase")] string Phase,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("waiting_for")] string WaitingFor,
    [property: JsonPropertyName("resources")] string Resources);
