namespace Watcher.Domain.Cluster;

/// <summary>Well-known Cinder volume statuses the strategies look at.</summary>
public static class VolumeStatus
{
    public const string Available = "available";
    public const string InUse = "in-use";
    public const string Error = "error";
}
