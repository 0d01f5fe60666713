namespace Watcher.AzureMonitor;

/// <summary>How an Azure Monitor value becomes a Watcher value (before <see cref="AzureMetricMapping.Scale"/>).</summary>
public enum AzureMetricConversion
{
    /// <summary>The value as Azure gives it.</summary>
    None,

    /// <summary>Free bytes to used MB: resource memory (MB, from the resolver) minus bytes / 2^20 (instance_ram_usage).</summary>
    UsedMbFromAvailableBytes,

    /// <summary>Free bytes to used KiB: resource memory (MB, from the resolver) × 1024 minus bytes / 1024 (host_ram_usage).</summary>
    UsedKibFromAvailableBytes,
}
