using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Application.Plugins;

namespace Watcher.Simulator;

/// <summary>Registers the simulator as a cloud (<c>simulator</c>) and a metrics source (<c>simulator</c>), with its settings from <c>Watcher:Simulator</c>.</summary>
public static class SimulatorServiceCollectionExtensions
{
    public static IServiceCollection AddSimulator(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton(configuration.GetSection("Watcher:Simulator").Get<SimulatorOptions>() ?? new SimulatorOptions());
        services.AddCloud<SimulatedCloud>(SimulatedCloud.CloudName);
        services.AddMetricsSource<SimulatedMetrics>(SimulatedCloud.CloudName);
        return services;
    }
}
