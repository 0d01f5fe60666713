namespace Watcher.AzureMonitor;

/// <summary>HTTP 404: the resource (or its subscription or group) does not exist.</summary>
public sealed class AzureMonitorResourceNotFoundException(string message, string? errorCode, string? resourceId)
    : AzureMonitorException(404, message, errorCode, resourceId);
