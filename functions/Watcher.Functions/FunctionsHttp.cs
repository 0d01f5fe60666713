using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Watcher.Api;
using Watcher.ServiceDefaults;

namespace Watcher.Functions;

/// <summary>
/// Dispatches a request of the catch-all trigger through <see cref="WatcherApi.Routes"/>: the route is found with
/// <see cref="ApiRouteMatcher"/> (the same precedence as the local host's endpoint routing), its values come from the
/// template, and an unmatched request gets Watcher's 404 error body, as on the local host. <c>/health/live</c> and
/// <c>/health/ready</c> come first, from the service defaults, as the local host maps them.
/// </summary>
public static class FunctionsHttp
{
    public static async Task<IActionResult> DispatchAsync(HttpRequest req, DurableTaskClient client, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(req);
        ArgumentNullException.ThrowIfNull(context);
        await DispatchAsync(req.HttpContext, client, context.GetLogger<ApiRoute>());
        return new EmptyResult();
    }

    /// <summary>Serves one request: the service defaults' health endpoints, else the route table, else Watcher's 404.</summary>
    public static async Task DispatchAsync(HttpContext http, DurableTaskClient client, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(http);
        // Every response, health included, carries the security headers (docs/security.md "Web hardening").
        Watcher.Api.Hardening.SecurityHeaders.Apply(http);
        if (await ServiceDefaultsExtensions.TryWriteHealthAsync(http))
        {
            return;
        }

        if (Resolve(http.Request.Method, http.Request.Path) is not { } match)
        {
            await WatcherApi.WriteNotFoundAsync(http);
            return;
        }

        await WatcherApi.InvokeAsync(match.Route, new ApiRequest(http, client, match.Values), logger);
    }

    /// <summary>The route of the table that serves <paramref name="method"/> on <paramref name="path"/>, or null.</summary>
    public static ApiRouteMatch? Resolve(string method, PathString path) => ApiRouteMatcher.Default.Match(method, path);
}
