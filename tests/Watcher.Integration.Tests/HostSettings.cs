using System.Globalization;

namespace Watcher.Integration.Tests;

/// <summary>The configuration a test host runs with: its own container, task hub and ports on the shared Azurite.</summary>
public sealed record HostSettings(string ConnectionString)
{
    public string Id { get; } = Guid.NewGuid().ToString("N")[..12];

    /// <summary>The API's port: a free one unless a test needs a particular kind (python-watcherclient 4.0.0 needs one not ending in 1).</summary>
    public int ApiPort { get; init; } = Ports.Free();

    public int SidecarPort { get; init; } = Ports.Free();

    public int Hosts { get; init; } = 6;

    public int Instances { get; init; } = 16;

    public int Seed { get; init; } = 3;

    public int OperationDelayMs { get; init; }

    public int VisibilityTimeoutSeconds { get; init; } = 30;

    /// <summary>Seconds between automatic-return checks (the service's default unless a test needs it quick).</summary>
    public int ReturnCheckSeconds { get; init; } = 30;

    /// <summary>More <c>--key=value</c> arguments, after the others (so they win): an auth mode, a worker id, a partition count, log levels.</summary>
    public IReadOnlyList<string> ExtraArgs { get; init; } = [];

    public string BaseUrl => $"http://127.0.0.1:{ApiPort}";

    public IReadOnlyList<string> Args =>
    [
        $"--Watcher:StorageConnectionString={ConnectionString}",
        $"--Watcher:Container=c{Id}",
        $"--Watcher:TaskHub=h{Id}",
        $"--Watcher:Local:Url={BaseUrl}",
        $"--Watcher:Local:SidecarPort={SidecarPort.ToString(CultureInfo.InvariantCulture)}",
        $"--Watcher:Local:VisibilityTimeoutSeconds={VisibilityTimeoutSeconds.ToString(CultureInfo.InvariantCulture)}",
        $"--Watcher:Simulator:Hosts={Hosts.ToString(CultureInfo.InvariantCulture)}",
        $"--Watcher:Simulator:Instances={Instances.ToString(CultureInfo.InvariantCulture)}",
        $"--Watcher:Simulator:Seed={Seed.ToString(CultureInfo.InvariantCulture)}",
        $"--Watcher:Simulator:OperationDelayMs={OperationDelayMs.ToString(CultureInfo.InvariantCulture)}",
        "--Watcher:ContinuousAuditCheckSeconds=1",
        $"--Watcher:ReturnCheckSeconds={ReturnCheckSeconds.ToString(CultureInfo.InvariantCulture)}",
        "--Logging:LogLevel:Default=Warning",
        "--Logging:LogLevel:DurableTask.AzureStorage=Error",
        "--Logging:LogLevel:DurableTask.Core=Error",
        .. ExtraArgs,
    ];
}
