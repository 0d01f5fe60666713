namespace Watcher.Domain.Cluster;

/// <summary>
/// A Cinder volume: size in GB, status, the pool it lives in and the instances it is attached to.
/// Optional in the snapshot format (<c>"volumes": [...]</c>).
/// </summary>
public sealed record Volume
{
    public required string Uuid { get; init; }

    public string Name { get; init; } = "";

    /// <summary>Size in GB.</summary>
    public double Size { get; init; }

    /// <summary>Cinder status: <c>available</c>, <c>in-use</c>, <c>error</c>, ... (see <see cref="VolumeStatus"/>).</summary>
    public string Status { get; init; } = VolumeStatus.Available;

    /// <summary>The pool the volume lives in (Cinder's <c>os-vol-host-attr:host</c>), or null when unscheduled.</summary>
    public string? Pool { get; init; }

    /// <summary>Uuids of the instances the volume is attached to.</summary>
    public IReadOnlyList<string> Attachments { get; init; } = [];

    public string? VolumeType { get; init; }

    public string? ProjectId { get; init; }

    public bool Bootable { get; init; }

    /// <summary>True when the volume has snapshots (Cinder refuses to migrate such a volume).</summary>
    public bool HasSnapshots { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }
}
