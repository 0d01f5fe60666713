namespace Watcher.Domain.Cluster;

/// <summary>
/// A Cinder storage pool (<c>host@backend#pool</c>) with its capacity, as <c>cinder get-pools --detail</c> reports it.
/// Sizes are in GB. Optional in the snapshot format (<c>"storage_pools": [...]</c>).
/// </summary>
public sealed record StoragePool
{
    /// <summary>The pool name, <c>host@backend#pool</c>; volumes name it in their <c>pool</c>.</summary>
    public required string Name { get; init; }

    public double TotalCapacityGb { get; init; }

    public double FreeCapacityGb { get; init; }

    /// <summary>Provisioned (allocated) capacity, for thin provisioning; null when unknown (the check is skipped).</summary>
    public double? AllocatedCapacityGb { get; init; }

    /// <summary>How far allocation may exceed total capacity (Cinder's <c>max_over_subscription_ratio</c>).</summary>
    public double MaxOverSubscriptionRatio { get; init; } = 1.0;

    /// <summary>The volume type bound to this pool's backend (<c>volume_backend_name</c>), if any.</summary>
    public string? VolumeType { get; init; }

    /// <summary>The storage availability zone.</summary>
    public string? Zone { get; init; }
}
