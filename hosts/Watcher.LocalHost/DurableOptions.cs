using System.ComponentModel.DataAnnotations;

namespace Watcher.LocalHost;

/// <summary>
/// How the local host runs the Durable Task Azure Storage engine (configuration section <c>Watcher:Durable</c>); see
/// docs/scale.md. Every host process on one task hub must use the same <see cref="PartitionCount"/>.
/// </summary>
public sealed class DurableOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string Section = "Watcher:Durable";

    /// <summary>The most partitions (control queues) the Azure Storage engine supports.</summary>
    public const int MaxPartitions = 16;

    /// <summary>
    /// Partitions (control queues) of the task hub: at most this many host processes share orchestration work (all of
    /// them share activities). Fixed when the task hub is created; a host started with another value stops at start-up.
    /// </summary>
    [Range(1, MaxPartitions)]
    public int PartitionCount { get; set; } = 4;

    /// <summary>
    /// How long a partition lease lasts without renewal: after a worker dies, its partitions move to the others once
    /// their leases expire, so this bounds the orchestration part of the recovery time (docs/scale.md).
    /// </summary>
    [Range(5, 300)]
    public int LeaseIntervalSeconds { get; set; } = 15;

    /// <summary>How often a worker renews its leases and looks for expired or unbalanced ones to take.</summary>
    [Range(1, 60)]
    public int LeaseRenewIntervalSeconds { get; set; } = 5;

    /// <summary>
    /// Keep an activity's queue message invisible while the activity runs by renewing it (as DurableTask.Core's own
    /// activity dispatcher does; the gRPC sidecar's dispatcher does not). When off, the visibility timeout alone must
    /// cover the longest action, which start-up checks.
    /// </summary>
    public bool RenewActivityLocks { get; set; } = true;

    /// <summary>
    /// The problems with these settings given the queue visibility timeout and the longest action timeout
    /// (<c>Watcher:Execution</c>), each naming the settings involved; empty when they fit together.
    /// </summary>
    public IReadOnlyList<string> Problems(int visibilityTimeoutSeconds, int longestActionSeconds)
    {
        var problems = new List<string>();
        if (LeaseRenewIntervalSeconds * 2 > LeaseIntervalSeconds)
        {
            problems.Add($"{Section}:LeaseRenewIntervalSeconds ({LeaseRenewIntervalSeconds}) must be at most half of {Section}:LeaseIntervalSeconds ({LeaseIntervalSeconds}), or leases expire between renewals.");
        }

        if (RenewActivityLocks && visibilityTimeoutSeconds < 2)
        {
            problems.Add($"Watcher:Local:VisibilityTimeoutSeconds ({visibilityTimeoutSeconds}) must be at least 2 s: running activities renew their message every half of it.");
        }

        if (!RenewActivityLocks && visibilityTimeoutSeconds <= longestActionSeconds)
        {
            problems.Add($"Watcher:Local:VisibilityTimeoutSeconds ({visibilityTimeoutSeconds}) must exceed the longest action timeout ({longestActionSeconds} s, Watcher:Execution) when {Section}:RenewActivityLocks is false, or a long action's message is delivered again while it runs and the action runs twice.");
        }

        return problems;
    }
}
