using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Watcher.Api.Auth;
using Watcher.Api.Handlers;
using Watcher.Api.Hardening;
using Watcher.Api.Routes;

namespace Watcher.Api;

/// <summary>
/// The route table, once for every host, composed of one group per resource (<c>Routes/*Routes.cs</c>): the local host
/// maps it with minimal APIs (<see cref="WatcherEndpoints.MapWatcherApi"/>), the Functions app dispatches its one
/// catch-all trigger through it with <see cref="ApiRouteMatcher"/> (a test checks both resolve alike), and
/// <see cref="WatcherOpenApi"/> documents it. <see cref="InvokeAsync"/> runs a handler with Watcher's microversion
/// negotiation and filtering and its error mapping.
/// </summary>
public static class WatcherApi
{
    public const string MinVersion = "1.0";
    public const string MaxVersion = "1.7";

    /// <summary>How response bodies are written: readable, without escaping quotes or apostrophes.</summary>
    public static System.Text.Json.JsonSerializerOptions WriteOptions { get; } = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        new("Health", "GET", "health", ClusterHandlers.Health) { Summary = "Service health (storage reachable)." },
        new("Dashboard", "GET", "ui", UiHandlers.Dashboard) { Summary = "The dashboard page (HTML)." },
        new("DashboardFile", "GET", "ui/{file}", UiHandlers.File) { Summary = "The dashboard's own script or style sheet." },
        new("DashboardVendorFile", "GET", "ui/vendor/{file}", UiHandlers.Vendor) { Summary = "A third-party script the dashboard loads (vendored from npm: Cytoscape.js, its dagre layout, uPlot), or its licence." },
        .. CatalogRoutes.All,
        .. ServiceRoutes.All,
        .. AuditRoutes.All,
        .. ActionPlanRoutes.All,
        .. ClusterRoutes.All,
        .. MetricsRoutes.All,
    ];

    public static ApiRoute Find(string name) => Routes.Single(r => r.Name == name);

    /// <summary>
    /// Runs a route's handler and writes the response. First the hardening (<see cref="WatcherHttp"/>, docs/security.md
    /// "Web hardening"): security headers, the Host, identity, the caller's rate budget, the request's origin and media
    /// type. Known errors become Watcher's 4xx body; anything else a 500 without details.
    /// </summary>
    public static async Task InvokeAsync(ApiRoute route, ApiRequest request, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(request);
        var http = request.Http;
        var hardening = WatcherHttp.For(http);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        ApiResponse response;
        try
        {
            SecurityHeaders.Apply(http);
            // As Watcher: bare versions in the range headers (python-watcherclient parses them as "X.Y" to negotiate after a 406).
            http.Response.Headers["OpenStack-API-Minimum-Version"] = MinVersion;
            http.Response.Headers["OpenStack-API-Maximum-Version"] = MaxVersion;
            http.Response.Headers.Vary = "OpenStack-API-Version";
            hardening.ApplyCors(http);

            // The Host first (DNS rebinding: a page of another site must not reach a loopback service through its own name).
            // Then identity (Auth/ApiAuthorization): an anonymous or under-privileged caller learns nothing more; its
            // attempts still spend its address's budget, so guessing keys is throttled too.
            if (hardening.CheckHost(http) is { } badHost)
            {
                response = badHost;
            }
            else if (await ApiAuthorization.AuthorizeAsync(route, http) is var denied && hardening.Throttle(http) is { } throttled)
            {
                response = throttled;
            }
            else if (denied is not null)
            {
                response = denied;
            }
            else if (hardening.CheckRequest(http) is { } refused)
            {
                response = refused;
            }
            else
            {
                var version = NegotiateVersion(http);
                http.Response.Headers["OpenStack-API-Version"] = $"infra-optim {version.Major}.{version.Minor}";
                request.Version = version;
                if (route.MinVersion is { } min && version < min)
                {
                    throw new BadHttpRequest(406, $"{route.Method} /{route.Template} needs microversion {min.Major}.{min.Minor} or later; {version.Major}.{version.Minor} was requested.");
                }

                response = await route.Handler(request);
                Microversions.Filter(route.Template, response.Body, version);
            }
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            logger.LogWarning("{Method} {Route}: the caller went away after {Seconds:F1} s, before the answer.", route.Method, route.Name, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
            return;
        }
        catch (Exception ex)
        {
            response = ApiErrors.FromException(ex) ?? Unexpected(ex, route, logger);
        }

        if (System.Diagnostics.Stopwatch.GetElapsedTime(started) is var took && took.TotalSeconds >= hardening.Options.SlowRequestSeconds)
        {
            // A slow answer shows in the log with its route, so a stall (storage, the engine) can be told from a client's timeout.
            logger.LogWarning("{Method} {Route} took {Seconds:F1} s (status {Status}).", route.Method, route.Name, took.TotalSeconds, response.Status);
        }

        await WriteAsync(http, response);
    }

    /// <summary>
    /// Writes Watcher's 404 error body for a request that no route serves, or the answer to a CORS preflight
    /// (<see cref="WatcherHttp.Preflight"/>: no route serves OPTIONS, so preflights end here on both hosts).
    /// </summary>
    public static Task WriteNotFoundAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        SecurityHeaders.Apply(http);
        return WriteAsync(http, WatcherHttp.For(http).Preflight(http) ?? ApiErrors.Error(404, $"No route for {http.Request.Method} {http.Request.Path}."));
    }

    private static async Task WriteAsync(HttpContext http, ApiResponse response)
    {
        http.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
        {
            http.Response.Headers[name] = value;
        }

        if (response.Raw is { } raw)
        {
            http.Response.ContentType = raw.ContentType;
            http.Response.ContentLength = raw.Content.Length;
            await http.Response.Body.WriteAsync(raw.Content, http.RequestAborted);
        }
        else if (response.Body is not null)
        {
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(response.Body.ToJsonString(WriteOptions), http.RequestAborted);
        }
    }

    private static ApiResponse Unexpected(Exception ex, ApiRoute route, ILogger logger)
    {
        logger.LogError(ex, "Unhandled error in {Route}", route.Name);
        return ApiErrors.Error(500, "An internal error occurred; it has been logged.");
    }

    private static Version NegotiateVersion(HttpContext http)
    {
        var header = http.Request.Headers["OpenStack-API-Version"].ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return Version.Parse(MinVersion);
        }

        var parts = header.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var requested = parts.Length == 2 && parts[0] == "infra-optim" ? parts[1] : null;
        if (requested == "latest")
        {
            return Version.Parse(MaxVersion);
        }

        if (requested is null || !Version.TryParse(requested.Contains('.', StringComparison.Ordinal) ? requested : requested + ".0", out var v))
        {
            throw new BadHttpRequest(400, $"Invalid OpenStack-API-Version header '{header}'; expected 'infra-optim X.Y'.");
        }

        if (v < Version.Parse(MinVersion) || v > Version.Parse(MaxVersion))
        {
            throw new BadHttpRequest(406, $"Version {requested} was requested but the minor version is not supported by this service. The supported version range is: [{MinVersion}, {MaxVersion}].");
        }

        return new Version(v.Major, v.Minor);
    }
}
