using System.Web;

namespace Watcher.AzureMonitor.Tests;

/// <summary>A request <see cref="MockTransport"/> saw: method, address and Authorization header.</summary>
public sealed record AzureRequest(string Method, Uri Uri, string? Authorization)
{
    /// <summary>A decoded query-string parameter.</summary>
    public string? this[string name] => HttpUtility.ParseQueryString(Uri.Query)[name];
}
