using System.Collections.Frozen;
using System.Security.Cryptography;
using Watcher.Domain.Errors;

namespace Watcher.Api.Handlers;

/// <summary>
/// The dashboard: one static page (<c>Ui/dashboard.html</c>, its script and style) that drives the API (cluster,
/// audits, plans as a dependency graph with start/cancel/rollback/return), and the third-party scripts it loads,
/// vendored from npm into <c>Ui/vendor/</c> (Cytoscape.js and its dagre layout). All are embedded resources, so both
/// hosts serve them and the page loads nothing from elsewhere (its Content-Security-Policy says so to the browser).
/// </summary>
public static class UiHandlers
{
    /// <summary>What the page may load: only this origin; scripts only from files (no inline script, no eval).</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private const string Prefix = "Watcher.Api.Ui.";
    private const string VendorPrefix = Prefix + "vendor.";

    // Every embedded file under Ui/, read once, by logical name; only these names can be served (no path is ever built
    // from the request, so nothing outside them is reachable).
    private static readonly Lazy<FrozenDictionary<string, Asset>> Assets = new(() =>
        typeof(UiHandlers).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .ToFrozenDictionary(n => n, Load, StringComparer.Ordinal));

    public static Task<ApiResponse> Dashboard(ApiRequest request) =>
        Task.FromResult(Serve(request, Prefix + "dashboard.html", "no-cache"));

    /// <summary>The page's own script and style (<c>/ui/{file}</c>): revalidated on every load, so a new version shows at once.</summary>
    public static Task<ApiResponse> File(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var file = request.Route("file");
        return Task.FromResult(file.EndsWith(".html", StringComparison.Ordinal) || file.StartsWith("vendor.", StringComparison.Ordinal)
            ? throw new NotFoundException("Dashboard file", file)
            : Serve(request, Prefix + file, "no-cache"));
    }

    /// <summary>A vendored third-party file (<c>/ui/vendor/{file}</c>): cached for a day, then revalidated by its ETag.</summary>
    public static Task<ApiResponse> Vendor(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(Serve(request, VendorPrefix + request.Route("file"), "public, max-age=86400"));
    }

    private static ApiResponse Serve(ApiRequest request, string name, string cacheControl)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Assets.Value.TryGetValue(name, out var asset))
        {
            throw new NotFoundException("Dashboard file", name[Prefix.Length..]);
        }

        var headers = new Dictionary<string, string>
        {
            ["ETag"] = asset.ETag,
            ["Cache-Control"] = cacheControl,
            ["X-Content-Type-Options"] = "nosniff",
        };
        if (asset.ContentType.StartsWith("text/html", StringComparison.Ordinal))
        {
            headers["Content-Security-Policy"] = ContentSecurityPolicy;
        }

        // A browser revalidating its cached copy gets a bodiless 304 when the file is unchanged.
        var ifNoneMatch = request.Http.Request.Headers.IfNoneMatch.ToString();
        if (ifNoneMatch.Split(',').Any(tag => tag.Trim() == asset.ETag || tag.Trim() == "*"))
        {
            return new ApiResponse(304, Headers: headers);
        }

        return new ApiResponse(200, Headers: headers) { Raw = (asset.ContentType, asset.Content) };
    }

    private static Asset Load(string name)
    {
        using var stream = typeof(UiHandlers).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The dashboard file {name} is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var content = copy.ToArray();
        return new Asset(ContentTypeOf(name), content, $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..32]}\"");
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };

    private sealed record Asset(string ContentType, byte[] Content, string ETag);
}
