namespace Watcher.AzureMonitor;

/// <summary>The Azure resource behind a Watcher resource, and its memory in MB, which the memory conversions need (null when unknown).</summary>
public sealed record AzureMonitorTarget(string ResourceId, double? MemoryMb = null);
