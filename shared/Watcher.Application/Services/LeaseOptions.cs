namespace Watcher.Application.Services;

/// <summary>
/// Settings of the resource leases that keep two plans off the same hosts and instances (section
/// <c>Watcher:Leases</c>): how often a waiting plan's orchestration tries its leases again.
/// </summary>
public sealed class LeaseOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Watcher:Leases";

    /// <summary>Seconds between two attempts of a plan waiting for another plan's leases (a durable timer); at least 1.</summary>
    public int PollSeconds { get; set; } = 5;
}
