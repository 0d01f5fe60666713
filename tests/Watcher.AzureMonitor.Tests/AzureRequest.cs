using System.Text.Json;
using System.Web;

namespace Watcher.AzureMonitor.Tests;

/// <summary>A request <see cref="MockTransport"/> saw: method, address, Authorization header and body.</summary>
public sealed record AzureRequest(string Method, Uri Uri, string? Authorization, string? Body = null)
{
    /// <summary>A decoded query-string parameter.</summary>
    public string? this[string name] => HttpUtility.ParseQueryString(Uri.Query)[name];

    /// <summary>The <c>resourceids</c> of a <c>metrics:getBatch</c> body.</summary>
    public string[] ResourceIds => Body is null ? [] : JsonDocument.Parse(Body).RootElement.GetProperty("resourceids").EnumerateArray().Select(e => e.GetString()!).ToArray();
}
