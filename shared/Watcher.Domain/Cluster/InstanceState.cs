namespace Watcher.Domain.Cluster;

/// <summary>Well-known Nova instance states (vm_state) the strategies look at.</summary>
public static class InstanceState
{
    public const string Active = "active";
    public const string Stopped = "stopped";
    public const string Paused = "paused";
    public const string Suspended = "suspended";
    public const string Error = "error";
    public const string Building = "building";
}
