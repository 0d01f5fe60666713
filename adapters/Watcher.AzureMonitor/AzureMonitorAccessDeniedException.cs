namespace Watcher.AzureMonitor;

/// <summary>HTTP 401/403: the credential has no token or lacks the Monitoring Reader role on the resource.</summary>
public sealed class AzureMonitorAccessDeniedException(int status, string message, string? errorCode, string? resourceId)
    : AzureMonitorException(status, message, errorCode, resourceId);
