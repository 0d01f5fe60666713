using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Watcher.Api;

namespace Watcher.Functions;

/// <summary>
/// Dispatches a request of the catch-all trigger through <see cref="WatcherApi.Routes"/>: the route is found with
/// <see cref="ApiRouteMatcher"/> (the same precedence as the local host's endpoint routing), its values come from the
/// template, and an unmatched request gets Watcher's 404 error body, as on the local host.
/// </summary>
public static class FunctionsHttp
{
    public static async Task<IActionResult> DispatchAsync(HttpRequest req, DurableTaskClient client, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(req);
        ArgumentNullException.ThrowIfNull(context);
        var logger = context.GetLogger<ApiRoute>();
        if (Resolve(req.Method, req.Path) is not { } match)
        {
            await WatcherApi.WriteNotFoundAsync(req.HttpContext);
            return new EmptyResult();
        }

        await WatcherApi.InvokeAsync(match.Route, new ApiRequest(req.HttpContext, client, match.Values), logger);
        return new EmptyResult();
    }

    /// <summary>The route of the table that serves <paramref name="method"/> on <paramref name="path"/>, or null.</summary>
    public static ApiRouteMatch? Resolve(string method, PathString path) => ApiRouteMatcher.Default.Match(method, path);
}
