using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Watcher.BlobStorage;
using Watcher.Domain.Actions;
using Watcher.Domain.Metrics;
using Watcher.Domain.Persistence;
using Watcher.Domain.Strategies;
using Watcher.Prometheus;
using Watcher.Orchestrations.Activities;
using Watcher.Simulator;

namespace Watcher.Api;

/// <summary>Registers the services every host needs: storage, repository, registries, the cloud adapter and the activities.</summary>
public static class WatcherServices
{
    public static IServiceCollection AddWatcherCore(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Watcher").Get<WatcherOptions>() ?? new WatcherOptions();
        var simulator = configuration.GetSection("Watcher:Simulator").Get<SimulatorOptions>() ?? new SimulatorOptions();
        services.AddSingleton(options);
        services.AddSingleton(simulator);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IDocumentStore>(_ => new BlobDocumentStore(options.StorageConnectionString, options.Container));
        services.AddSingleton<WatcherRepository>();
        services.AddSingleton(StrategyRegistry.FromAssemblies(typeof(StrategyRegistry).Assembly, typeof(Watcher.Optimization.OptimalConsolidationStrategy).Assembly));
        services.AddSingleton(ActionRegistry.Default);
        if (!string.Equals(options.Cloud, "simulator", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Watcher:Cloud '{options.Cloud}' is not supported; use 'simulator'.");
        }

        services.AddSingleton(sp => new SimulatedCloud(sp.GetRequiredService<IDocumentStore>(), simulator, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ICloudClient>(sp => sp.GetRequiredService<SimulatedCloud>());
        switch (options.MetricsSource.ToLowerInvariant())
        {
            case "simulator":
                services.AddSingleton<IMetricsSource>(sp => new SimulatedMetrics(sp.GetRequiredService<SimulatedCloud>()));
                break;
            case "prometheus":
                var prometheus = new PrometheusOptions();
                configuration.GetSection("Watcher:Prometheus").Bind(prometheus);
                services.AddPrometheusMetricsSource(prometheus, sp =>
                {
                    var cloud = sp.GetRequiredService<ICloudClient>();
                    return PrometheusTargetResolver.FromCluster(ct => cloud.GetClusterAsync(ct));
                });
                break;
            default:
                throw new InvalidOperationException($"Watcher:MetricsSource '{options.MetricsSource}' is not supported; use 'simulator' or 'prometheus'.");
        }
        services.AddSingleton<WatcherActivities>();
        return services;
    }
}
