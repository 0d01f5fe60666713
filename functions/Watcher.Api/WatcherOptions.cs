using System.ComponentModel.DataAnnotations;

namespace Watcher.Api;

/// <summary>Service settings (configuration section <c>Watcher</c>, environment variables <c>Watcher__...</c>).</summary>
public sealed class WatcherOptions
{
    /// <summary>Blob storage connection string; the default is the local Azurite emulator.</summary>
    [Required]
    public string StorageConnectionString { get; set; } = "UseDevelopmentStorage=true";

    /// <summary>The blob container holding audits, plans, actions, journals and the simulator state.</summary>
    [Required]
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", ErrorMessage = "Watcher:Container must be a blob container name: 3-63 lower-case letters, digits and single hyphens.")]
    public string Container { get; set; } = "watcher";

    /// <summary>The Durable Task hub name (queues and tables of the Azure Storage backend).</summary>
    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,44}$", ErrorMessage = "Watcher:TaskHub must be 3-45 letters and digits, starting with a letter.")]
    public string TaskHub { get; set; } = "watcher";

    /// <summary>Which cloud actions drive: <c>simulator</c> (the embedded default).</summary>
    [Required]
    public string Cloud { get; set; } = "simulator";

    /// <summary>Where metric history comes from: <c>simulator</c> (the default) or <c>prometheus</c> (section <c>Watcher:Prometheus</c>).</summary>
    [Required]
    public string MetricsSource { get; set; } = "simulator";

    /// <summary>Seconds between checks for due continuous audits.</summary>
    [Range(1, 86_400)]
    public int ContinuousAuditCheckSeconds { get; set; } = 30;

    /// <summary>Seconds between checks for maintained nodes back in service whose audit asked for <c>auto_return</c> (local host; the Functions timer runs every 30 s).</summary>
    [Range(1, 86_400)]
    public int ReturnCheckSeconds { get; set; } = 30;
}
