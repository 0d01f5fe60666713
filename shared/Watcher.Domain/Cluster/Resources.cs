namespace Watcher.Domain.Cluster;

/// <summary>An amount of the three placement resources: vCPUs, RAM in MB and disk in GB.</summary>
public readonly record struct Resources(double VCpus, double MemoryMb, double DiskGb)
{
    public static Resources Zero => default;

    public static Resources operator +(Resources a, Resources b) => new(a.VCpus + b.VCpus, a.MemoryMb + b.MemoryMb, a.DiskGb + b.DiskGb);

    public static Resources operator -(Resources a, Resources b) => new(a.VCpus - b.VCpus, a.MemoryMb - b.MemoryMb, a.DiskGb - b.DiskGb);

    /// <summary>True when every component of this amount fits in <paramref name="free"/> (with a tiny tolerance for float error).</summary>
    public bool FitsIn(Resources free) =>
        VCpus <= free.VCpus + 1e-9 && MemoryMb <= free.MemoryMb + 1e-9 && DiskGb <= free.DiskGb + 1e-9;

    /// <summary>True when no component is negative.</summary>
    public bool IsNonNegative => VCpus >= -1e-9 && MemoryMb >= -1e-9 && DiskGb >= -1e-9;
}
