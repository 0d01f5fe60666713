using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Watcher.Domain.Actions;
using Watcher.Domain.Metrics;
using Watcher.Domain.Persistence;
using Watcher.Simulator;

namespace Watcher.ServiceDefaults.Tests;

/// <summary>Small in-memory web apps with the service defaults and the simulator's cloud and datasource on a given store.</summary>
internal static class TestApps
{
    public static WebApplicationBuilder Builder(IDocumentStore store, params string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.AddServiceDefaults();
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => new SimulatedCloud(store, new SimulatorOptions { Hosts = 3, Instances = 4, Seed = 1 }));
        builder.Services.AddSingleton<ICloud>(sp => sp.GetRequiredService<SimulatedCloud>());
        builder.Services.AddSingleton<IMetricsSource>(sp => new SimulatedMetrics(sp.GetRequiredService<SimulatedCloud>()));
        return builder;
    }

    public static async Task<WebApplication> StartAsync(WebApplicationBuilder builder)
    {
        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync();
        return app;
    }
}
