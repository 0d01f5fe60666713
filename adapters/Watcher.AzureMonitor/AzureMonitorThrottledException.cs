namespace Watcher.AzureMonitor;

/// <summary>HTTP 429 (ARM) or 529 (metrics data plane) after the pipeline's retries: Azure throttled the caller; wait <see cref="RetryAfter"/>.</summary>
public sealed class AzureMonitorThrottledException(string message, string? errorCode, string? resourceId, TimeSpan? retryAfter, int status = 429)
    : AzureMonitorException(status, message, errorCode, resourceId)
{
    /// <summary>From the <c>Retry-After</c> (or <c>retry-after-ms</c>) header, when Azure sent one.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
