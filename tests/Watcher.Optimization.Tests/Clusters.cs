using Watcher.Domain.Cluster;

namespace Watcher.Optimization.Tests;

/// <summary>Small hand-built clusters: vCPU is the binding resource unless a test says otherwise.</summary>
public static class Clusters
{
    public static ComputeNode Node(string name, int vcpus = 16, int memoryMb = 65536, int diskGb = 1000, ServiceStatus status = ServiceStatus.Enabled, NodeState state = NodeState.Up) => new()
    {
        Uuid = "uuid-" + name,
        Hostname = name,
        VCpus = vcpus,
        MemoryMb = memoryMb,
        DiskGb = diskGb,
        Status = status,
        State = state,
    };

    public static Instance Vm(string name, string host, int vcpus, int memoryMb = 1024, int diskGb = 10, string state = InstanceState.Active) => new()
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
