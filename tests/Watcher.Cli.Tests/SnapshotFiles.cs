using Watcher.Domain.Cluster;
using Watcher.Domain.Json;

namespace Watcher.Cli.Tests;

/// <summary>Small snapshot files in a per-test temporary folder, deleted on dispose.</summary>
public sealed class SnapshotFiles : IDisposable
{
    public SnapshotFiles()
    {
        Directory = Path.Combine(Path.GetTempPath(), "watcher-cli-tests-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    /// <summary>Three 16-vCPU / 32 GB / 500 GB nodes: A holds vm-1 (4 vCPU) and vm-2 (2 vCPU), B holds vm-3, C is empty.</summary>
    public static ClusterModel Small() => new(
        [Node("A"), Node("B"), Node("C")],
        [Vm("vm-1", "A", 4, 8192, 80), Vm("vm-2", "A", 2, 4096, 40), Vm("vm-3", "B", 2, 4096, 40)]);

    public string Write(ClusterModel cluster, string name = "snapshot.json") => WriteText(WatcherJson.Serialize(cluster, indented: true), name);

    public string WriteText(string text, string name)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    public string PathOf(string name) => Path.Combine(Directory, name);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private static ComputeNode Node(string name) => new()
    {
        Uuid = "uuid-" + name,
        Hostname = name,
        VCpus = 16,
        MemoryMb = 32768,
        DiskGb = 500,
    };

    private static Instance Vm(string name, string host, int vcpus, int memoryMb, int diskGb) => new()
    {
        Uuid = "uuid-" + name,
        Name = name,
        HostUuid = "uuid-" + host,
        VCpus = vcpus,
        MemoryMb = memoryMb,
        DiskGb = diskGb,
    };
}
