namespace Watcher.Simulator;

/// <summary>
/// One move of an instance between hosts in the simulated cloud, at the simulator's clock time. The history generator
/// replays these so a host's past series is computed from the instances that were really on it at each sample.
/// </summary>
/// <param name="InstanceUuid">The instance that moved.</param>
/// <param name="FromHost">The host it left.</param>
/// <param name="ToHost">The host it arrived on.</param>
/// <param name="At">When the move was applied (the cloud's <see cref="TimeProvider"/>).</param>
public sealed record PlacementChange(string InstanceUuid, string FromHost, string ToHost, DateTimeOffset At);
