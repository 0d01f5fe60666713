using Azure;

namespace Watcher.AzureMonitor;

/// <summary>
/// Azure Monitor refused or failed a metrics request. A <see cref="RequestFailedException"/> (Status, ErrorCode), so
/// code that handles Azure SDK failures handles it too; the subclasses name the cases callers act on.
/// </summary>
public class AzureMonitorException : RequestFailedException
{
    public AzureMonitorException(int status, string message, string? errorCode, string? resourceId, Exception? innerException = null)
        : base(status, message, errorCode, innerException) => ResourceId = resourceId;

    /// <summary>The Azure resource the request was for.</summary>
    public string? ResourceId { get; }
}
