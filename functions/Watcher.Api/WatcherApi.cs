using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Watcher.Api.Auth;
using Watcher.Api.Handlers;
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

    /// <summary>Runs a route's handler and writes the response. Known errors become Watcher's 4xx body; anything else a 500 without details.</summary>
    public static async Task InvokeAsync(ApiRoute route, ApiRequest request, ILogger logger)
    {
        var http = request.Http;
        ApiResponse response;
        try
        {
            // As Watcher: bare versions in the range headers (python-watcherclient parses them as "X.Y" to negotiate after a 406).
            http.Response.Headers["OpenStack-API-Minimum-Version"] = MinVersion;
            http.Response.Headers["OpenStack-API-Maximum-Version"] = MaxVersion;
            http.Response.Headers.Vary = "OpenStack-API-Version";
            // Identity first (Auth/ApiAuthorization): an anonymous or under-privileged caller learns nothing more.
            if (await ApiAuthorization.AuthorizeAsync(route, http) is { } denied)
            {
                response = denied;
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
            return;
        }
        catch (Exception ex)
        {
            response = ApiErrors.FromException(ex) ?? Unexpected(ex, route, logger);
        }

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

    /// <summary>Writes Watcher's 404 error body for a request that no route serves.</summary>
    public static Task WriteNotFoundAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.StatusCode = 404;
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(ApiErrors.Error(404, $"No route for {http.Request.Method} {http.Request.Path}.").Body!.ToJsonString(WriteOptions), http.RequestAborted);
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
