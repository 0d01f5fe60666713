using System.Net;

namespace Watcher.OpenStack;

/// <summary>An OpenStack API answered with an error; <see cref="Exception.Message"/> is the service's own message.</summary>
public sealed class OpenStackApiException(HttpStatusCode status, string message) : Exception(message)
{
    /// <summary>The HTTP status the service answered with.</summary>
    public HttpStatusCode Status { get; } = status;
}
