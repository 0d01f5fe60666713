using Watcher.Domain.Cluster;

namespace Watcher.Testing;

/// <summary>Small hand-built clusters for Watcher-style scenarios.</summary>
public static class TestClusters
{
    public static ComputeNode Node(string name, int vcpus = 16, int memoryMb = 32768, int diskGb = 500, ServiceStatus status = ServiceStatus.Enabled, string? reason = null, NodeState state = NodeState.Up) => new()
    {
        Uuid = "uuid-" + name,
        Hostname = name,
        VCpus = vcpus,
        MemoryMb = memoryMb,
        DiskGb = diskGb,
        Status = status,
        DisabledReason = reason,
        State = state,
    };

    public static Instance Vm(string name, string host, int vcpus = 2, int memoryMb = 4096, int diskGb = 40, string state = InstanceState.Active) => new()
    {
        Uuid = "uuid-" + name,
        Name = name,
        HostUuid = "uuid-" + host,
        VCpus = vcpus,
        MemoryMb = memoryMb,
        DiskGb = diskGb,
        State = state,
    };
}
