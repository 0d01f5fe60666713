namespace Watcher.Orchestrations.Contracts;

/// <summary>
/// Outcome of one attempt to take a plan's resource leases: taken (or nothing to protect), or blocked by a running
/// plan, with the shared resources and how long to wait before the next attempt.
/// </summary>
/// <param name="Acquired">True when the plan may act now.</param>
/// <param name="HolderPlanUuid">When blocked: the running plan holding the leases.</param>
/// <param name="Resources">When blocked: the shared resources, for people (<c>host compute-01</c>).</param>
/// <param name="RetrySeconds">When blocked: seconds until the next attempt (configuration <c>Watcher:Leases:PollSeconds</c>).</param>
public sealed record LeaseAcquisition(bool Acquired, string? HolderPlanUuid, string? Resources, int RetrySeconds);
