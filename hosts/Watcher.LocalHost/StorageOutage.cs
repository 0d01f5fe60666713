using System.Net.Sockets;
using Azure;

namespace Watcher.LocalHost;

/// <summary>
/// Tells a failure of Azure Storage to answer (an outage: refused or dropped connections, timeouts, 5xx, throttling)
/// from an answer that means something (404, 409, 412, a pop receipt that no longer matches). The engine's storage
/// clients wrap the first kind in an <see cref="AggregateException"/> ("Retry failed after 6 tries") or in their own
/// (internal) storage exception around the <see cref="RequestFailedException"/>, so the whole chain is looked at.
/// </summary>
internal static class StorageOutage
{
    /// <summary>Whether <paramref name="exception"/> (or what it wraps) says that storage did not answer.</summary>
    public static bool IsOutage(Exception? exception)
    {
        for (var depth = 0; exception is not null && depth < 16; depth++)
        {
            switch (exception)
            {
                case AggregateException aggregate:
                    return aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsOutage);
                case RequestFailedException failed:
                    return Unanswered(failed.Status);
                case HttpRequestException or SocketException or TimeoutException or IOException:
                    return true;
            }

            exception = exception.InnerException;
        }

        return false;
    }

    // 0: no response at all; 408 and 429: the service asks to come back; 5xx: the service failed.
    private static bool Unanswered(int status) => status is 0 or 408 or 429 or >= 500;
}
