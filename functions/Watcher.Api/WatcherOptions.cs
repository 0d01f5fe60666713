namespace Watcher.Api;

/// <summary>Service settings (configuration section <c>Watcher</c>, environment variables <c>Watcher__...</c>).</summary>
public sealed class WatcherOptions
{
    /// <summary>Blob storage connection string; the default is the local Azurite emulator.</summary>
    public string StorageConnectionString { get; set; } = "UseDevelopmentStorage=true";

    /// <summary>The blob container holding audits, plans, actions, journals and the simulator state.</summary>
    public string Container { get; set; } = "watcher";

    /// <summary>The Durable Task hub name (queues and tables of the Azure Storage backend).</summary>
    public string TaskHub { get; set; } = "watcher";

    /// <summary>Which cloud actions drive: <c>simulator</c> (the embedded default).</summary>
    public string Cloud { get; set; } = "simulator";

    /// <summary>Where metric history comes from: <c>simulator</c> (the default) or <c>prometheus</c> (section <c>Watcher:Prometheus</c>).</summary>
    public string MetricsSource { get; set; } = "simulator";

    /// <summary>Seconds between checks for due continuous audits.</summary>
    public int ContinuousAuditCheckSeconds { get; set; } = 30;
}
