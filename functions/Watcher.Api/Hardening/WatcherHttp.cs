using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Watcher.Api.Hardening;

/// <summary>
/// The HTTP hardening both hosts run in <see cref="WatcherApi.InvokeAsync"/> (docs/security.md "Web hardening"): the
/// Host header against <see cref="WatcherHttpOptions.AllowedHosts"/> (DNS rebinding), the base URL of links, the
/// Content-Type of bodies and the Origin of mutations (cross-site forms and scripts), CORS grants for configured origins
/// only, and per-identity rate limits with System.Threading.RateLimiting's token buckets (ASP.NET Core's rate limiter
/// primitives, used directly so the Functions app's catch-all trigger, which has no ASP.NET middleware, gets them too).
/// Each refusal is Watcher's error body naming the problem and the setting.
/// </summary>
public sealed class WatcherHttp : IDisposable
{
    private static readonly string[] LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];
    private static readonly Lazy<WatcherHttp> Fallback = new(() => new WatcherHttp(new WatcherHttpOptions()));

    private readonly List<StringSegment> allowedHosts;
    private readonly bool anyHost;
    private readonly HashSet<string> corsOrigins;
    private readonly string? publicBaseUrl;
    private readonly PartitionedRateLimiter<string>? reads;
    private readonly PartitionedRateLimiter<string>? mutations;

    public WatcherHttp(WatcherHttpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        var hosts = options.AllowedHosts.Select(h => h.Trim()).Where(h => h.Length > 0).ToList();
        if (hosts.Count == 0)
        {
            hosts.AddRange(LoopbackHosts);
            if (Environment.GetEnvironmentVariable("WEBSITE_HOSTNAME") is { Length: > 0 } azure)
            {
                hosts.Add(azure);
            }
        }

        anyHost = hosts.Contains("*");
        allowedHosts = hosts.Select(h => new StringSegment(h)).ToList();
        corsOrigins = new HashSet<string>(options.CorsOrigins, StringComparer.OrdinalIgnoreCase);
        publicBaseUrl = options.PublicBaseUrl?.TrimEnd('/');
        reads = Limiter(options.ReadsPerMinute);
        mutations = Limiter(options.MutationsPerMinute);
    }

    /// <summary>The settings in force.</summary>
    public WatcherHttpOptions Options { get; }

    /// <summary>The host's hardening (registered by <see cref="WatcherHttpExtensions.AddWatcherHttp"/>), or the defaults where none is registered.</summary>
    public static WatcherHttp For(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.RequestServices?.GetService<WatcherHttp>() ?? Fallback.Value;
    }

    /// <summary>A 400 when the request's Host is not an allowed host; null when it is (or the request names none, as in-process callers).</summary>
    public ApiResponse? CheckHost(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var host = http.Request.Host;
        return !host.HasValue || anyHost || HostString.MatchesAny(host.Value, allowedHosts)
            ? null
            : ApiErrors.Error(400, $"Host '{host.Value}' is not allowed; the allowed hosts are {string.Join(", ", allowedHosts)} (Watcher:Http:AllowedHosts).");
    }

    /// <summary>The scheme and authority links start with: <see cref="WatcherHttpOptions.PublicBaseUrl"/>, else the request's, once its Host is checked.</summary>
    public string BaseUrl(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (publicBaseUrl is not null)
        {
            return publicBaseUrl;
        }

        if (CheckHost(http) is not null)
        {
            throw new BadHttpRequest(400, $"Host '{http.Request.Host.Value}' is not allowed (Watcher:Http:AllowedHosts).");
        }

        return $"{http.Request.Scheme}://{http.Request.Host}";
    }

    /// <summary>
    /// The CORS grant of a response: <c>Access-Control-Allow-Origin</c> for a request from a configured origin, nothing otherwise
    /// (CORS is off by default). Credentials are headers, never cookies, so no <c>Allow-Credentials</c>.
    /// </summary>
    public void ApplyCors(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var origin = http.Request.Headers.Origin.ToString();
        if (origin.Length > 0 && corsOrigins.Contains(origin))
        {
            http.Response.Headers.AccessControlAllowOrigin = origin;
            http.Response.Headers.AccessControlExposeHeaders = "OpenStack-API-Version, OpenStack-API-Minimum-Version, OpenStack-API-Maximum-Version, Location, Retry-After";
            http.Response.Headers.Append(HeaderNames.Vary, "Origin");
        }
    }

    /// <summary>
    /// The answer to a CORS preflight (<c>OPTIONS</c> with <c>Access-Control-Request-Method</c>), or null for any other
    /// request: 204 with the grant for a configured origin asking for a method a route serves on this path, else a 403
    /// without any <c>Access-Control-*</c> header.
    /// </summary>
    public ApiResponse? Preflight(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var method = http.Request.Headers.AccessControlRequestMethod.ToString();
        if (!HttpMethods.IsOptions(http.Request.Method) || method.Length == 0)
        {
            return null;
        }

        var origin = http.Request.Headers.Origin.ToString();
        if (!corsOrigins.Contains(origin))
        {
            return ApiErrors.Error(403, $"Cross-origin requests from '{origin}' are not allowed (CORS is off unless Watcher:Http:CorsOrigins lists the origin).");
        }

        if (ApiRouteMatcher.Default.Match(method, http.Request.Path) is null)
        {
            return ApiErrors.Error(403, $"No route serves {method} {http.Request.Path}; nothing to allow.");
        }

        return new ApiResponse(204, Headers: new Dictionary<string, string>
        {
            [HeaderNames.AccessControlAllowOrigin] = origin,
            [HeaderNames.AccessControlAllowMethods] = method.ToUpperInvariant(),
            [HeaderNames.AccessControlAllowHeaders] = "Content-Type, OpenStack-API-Version, X-Auth-Token, X-Api-Key, Authorization",
            [HeaderNames.AccessControlMaxAge] = "600",
            [HeaderNames.Vary] = "Origin",
        });
    }

    /// <summary>
    /// Checks a mutation's origin and every body's media type: a browser's cross-site request (an <c>Origin</c> other
    /// than this service's own, the public base URL's or a configured CORS origin) gets a 403; a body that is not
    /// <c>application/json</c> (UTF-8; <c>application/json-patch+json</c> also for PATCH) a 415, so HTML forms, which can
    /// only send form or text bodies, never reach a handler.
    /// </summary>
    public ApiResponse? CheckRequest(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var request = http.Request;
        var method = request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method))
        {
            return null;
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !IsOwnOrigin(origin, request) && !corsOrigins.Contains(origin))
        {
            return ApiErrors.Error(403, $"Origin '{origin}' may not call {method} {request.Path}: cross-site requests are refused (Watcher:Http:CorsOrigins lists the origins allowed).");
        }

        var contentType = request.ContentType;
        var hasBody = request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;
        if (string.IsNullOrEmpty(contentType))
        {
            return hasBody ? ApiErrors.Error(415, "The request has a body but no Content-Type; send it as application/json.") : null;
        }

        if (!MediaTypeHeaderValue.TryParse(contentType, out var media)
            || !(media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || (HttpMethods.IsPatch(method) && media.MediaType.Equals("application/json-patch+json", StringComparison.OrdinalIgnoreCase))))
        {
            return ApiErrors.Error(415, $"Content-Type '{contentType}' is not supported; send the body as application/json" + (HttpMethods.IsPatch(method) ? " (or application/json-patch+json)." : "."));
        }

        if (media.Charset.HasValue && !media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return ApiErrors.Error(415, $"Content-Type charset '{media.Charset}' is not supported; send the body as UTF-8.");
        }

        return null;
    }

    /// <summary>
    /// Takes one request from the caller's budget (reads or mutations): a 429 with <c>Retry-After</c> when it is spent.
    /// The partition is the authenticated identity (scheme and subject, user or key name), else the client's address.
    /// </summary>
    public ApiResponse? Throttle(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var method = http.Request.Method;
        var mutation = !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));
        var limiter = mutation ? mutations : reads;
        if (limiter is null)
        {
            return null;
        }

        var partition = PartitionOf(http);
        using var lease = limiter.AttemptAcquire(partition);
        if (lease.IsAcquired)
        {
            return null;
        }

        var retry = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 1;
        var (budget, setting) = mutation ? (Options.MutationsPerMinute, "MutationsPerMinute") : (Options.ReadsPerMinute, "ReadsPerMinute");
        var error = ApiErrors.Error(429, $"Too many {(mutation ? "mutations" : "reads")} from {partition}: the budget is {budget} per minute (Watcher:Http:{setting}); retry after {retry} s.");
        return error with { Headers = new Dictionary<string, string> { [HeaderNames.RetryAfter] = retry.ToString(CultureInfo.InvariantCulture) } };
    }

    /// <inheritdoc />
    public void Dispose()
    {
        reads?.Dispose();
        mutations?.Dispose();
    }

    /// <summary>The rate-limit partition: the authenticated subject (object id, subject or name claim) within its scheme, else the client address.</summary>
    internal static string PartitionOf(HttpContext http)
    {
        if (http.User.Identity is { IsAuthenticated: true } identity)
        {
            var subject = http.User.FindFirst("oid")?.Value ?? http.User.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? http.User.FindFirst("sub")?.Value ?? identity.Name ?? "?";
            return $"{identity.AuthenticationType} identity '{subject}'";
        }

        return $"anonymous client {http.Connection.RemoteIpAddress?.ToString() ?? "in-process"}";
    }

    private bool IsOwnOrigin(string origin, HttpRequest request)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri))
        {
            return false; // "null" (sandboxed frames, file: pages) and anything unparsable
        }

        if (publicBaseUrl is not null && Uri.TryCreate(publicBaseUrl, UriKind.Absolute, out var configured)
            && string.Equals(configured.GetLeftPart(UriPartial.Authority), uri.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // The page this service served itself (the dashboard): same host and port; the scheme is not compared, as a
        // TLS-terminating proxy makes the request look like http while the page's origin is https.
        return request.Host.HasValue && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }

    private static PartitionedRateLimiter<string>? Limiter(int perMinute)
    {
        if (perMinute <= 0)
        {
            return null;
        }

        // A minute's budget as the burst, refilled evenly: every second when the budget allows a token a second, else one token every 60/perMinute s.
        var (period, tokens) = perMinute >= 60 ? (TimeSpan.FromSeconds(1), perMinute / 60) : (TimeSpan.FromSeconds(60.0 / perMinute), 1);
        return PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }
}
