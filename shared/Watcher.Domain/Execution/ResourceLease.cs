namespace Watcher.Domain.Execution;

/// <summary>
/// The lease document of one resource (a host or an instance), one per resource key in the <c>leases</c> collection.
/// <see cref="Holder"/> is the plan whose execution or rollback may act on the resource, or null once released; a
/// lease whose holder plan is no longer running (terminal, deleted, never started) is free to take.
/// </summary>
/// <param name="Resource">The resource key, e.g. <c>host:compute-01</c> or <c>instance:6f1c...</c>.</param>
/// <param name="Holder">The uuid of the holding plan, or null when released.</param>
/// <param name="AcquiredAt">When the holder took it (or when it was released).</param>
public sealed record ResourceLease(string Resource, string? Holder, DateTimeOffset AcquiredAt);
