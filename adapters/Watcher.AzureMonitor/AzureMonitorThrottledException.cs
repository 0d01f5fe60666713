namespace Watcher.AzureMonitor;

/// <summary>HTTP 429 after the pipeline's retries: Azure Resource Manager throttled the caller; wait <see cref="RetryAfter"/>.</summary>
public sealed class AzureMonitorThrottledException(string message, string? errorCode, string? resourceId, TimeSpan? retryAfter)
    : AzureMonitorException(429, message, errorCode, resourceId)
{
    /// <summary>From the <c>Retry-After</c> (or <c>retry-after-ms</c>) header, when Azure sent one.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
