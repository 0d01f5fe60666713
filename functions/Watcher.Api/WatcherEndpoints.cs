using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Watcher.Api;

/// <summary>Maps <see cref="WatcherApi.Routes"/> on an ASP.NET Core host with endpoint routing (the local host, the in-memory test host).</summary>
public static class WatcherEndpoints
{
    /// <summary>One endpoint per route, named after it; unmatched requests are left to the caller's fallback (<see cref="WatcherApi.WriteNotFoundAsync"/>).</summary>
    public static IEndpointRouteBuilder MapWatcherApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        foreach (var route in WatcherApi.Routes)
        {
            endpoints.MapMethods("/" + route.Template, [route.Method], (HttpContext http, DurableTaskClient client, ILogger<ApiRoute> logger) =>
                WatcherApi.InvokeAsync(route, new ApiRequest(http, client, http.Request.RouteValues.ToDictionary(kv => kv.Key, kv => kv.Value?.ToString())), logger))
                .WithName(route.Name);
        }

        return endpoints;
    }
}
