using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Watcher.Application.Plugins;
using Watcher.Application.Ports;

namespace Watcher.Simulator;

/// <summary>
/// Registers the simulator as a cloud (<c>simulator</c>) and a metrics source (<c>simulator</c>), with its settings from
/// <c>Watcher:Simulator</c>, and its controls as the application's <see cref="ISimulatorControl"/> port.
/// </summary>
public static class SimulatorServiceCollectionExtensions
{
    public static IServiceCollection AddSimulator(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection("Watcher:Simulator");
        services.AddSingleton(section.Get<SimulatorOptions>() ?? new SimulatorOptions());
        // Bad settings stop start-up with a message naming them.
        services.AddOptions<SimulatorOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        services.AddCloud<SimulatedCloud>(SimulatedCloud.CloudName);
        services.AddMetricsSource<SimulatedMetrics>(SimulatedCloud.CloudName);
        services.TryAddSingleton<ISimulatorControl>(sp => sp.GetRequiredService<SimulatedCloud>());
        return services;
    }
}
