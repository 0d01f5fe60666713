using Microsoft.AspNetCore.Http;

namespace Watcher.Api.Hardening;

/// <summary>
/// The headers every response carries (docs/security.md "Web hardening"): no MIME sniffing, no framing, no referrer,
/// a Content-Security-Policy that allows nothing (an API answer is never a page; the dashboard's page sends its own,
/// <see cref="Handlers.UiHandlers.ContentSecurityPolicy"/>), and <c>Cache-Control: no-store</c> (the dashboard's files
/// set their own caching). A handler's own headers are written after these and win.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>The policy of every response that is not the dashboard's page.</summary>
    public const string ApiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>Sets the headers on <paramref name="http"/>'s response (before anything is written).</summary>
    public static void Apply(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = ApiContentSecurityPolicy;
        headers.CacheControl = "no-store";
    }
}
