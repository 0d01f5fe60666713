using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Watcher.Api;
using Watcher.ServiceDefaults;

namespace Watcher.LocalHost.Tests;

/// <summary>
/// The local host's endpoints as <see cref="LocalHostApp.Build"/> maps them (built, never started): the API's route
/// table once, on the API port only (the gRPC sidecar shares Kestrel), its 404 fallback once, and the health endpoints.
/// </summary>
public sealed class LocalHostEndpointTests
{
    private const int ApiPort = 9555;

    private static async Task<IReadOnlyList<RouteEndpoint>> EndpointsAsync()
    {
        var app = LocalHostApp.Build([$"--Watcher:Local:Url=http://127.0.0.1:{ApiPort}"]);
        await using (app)
        {
            return ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>().ToList();
        }
    }

    private static IEnumerable<string>? Hosts(Endpoint endpoint) => endpoint.Metadata.GetMetadata<IHostMetadata>()?.Hosts;

    [Fact]
    public async Task Build_ApiRoutes_MappedOnceEachOnlyOnTheApiPort()
    {
        var endpoints = await EndpointsAsync();

        foreach (var route in WatcherApi.Routes)
        {
            var endpoint = Assert.Single(endpoints, e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == route.Name);
            Assert.Equal([$"*:{ApiPort}"], Hosts(endpoint));
        }
    }

    [Fact]
    public async Task Build_Fallback_MappedOnce()
    {
        var endpoints = await EndpointsAsync();

        Assert.Single(endpoints, e => e.Order == int.MaxValue && e.RoutePattern.RawText == "{*path:nonfile}");
    }

    [Fact]
    public async Task Build_HealthEndpoints_MappedOnEveryPort()
    {
        var endpoints = await EndpointsAsync();

        foreach (var path in new[] { ServiceDefaultsExtensions.LivePath, ServiceDefaultsExtensions.ReadyPath })
        {
            var endpoint = Assert.Single(endpoints, e => e.RoutePattern.RawText == path);
            Assert.Null(Hosts(endpoint));
        }
    }
}
