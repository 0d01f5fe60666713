namespace Watcher.Api;

/// <summary>A request the HTTP layer rejects with a specific 4xx status (406 for an unsupported microversion, ...).</summary>
public sealed class BadHttpRequest(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
