using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Application.Plugins;
using Watcher.Domain.Actions;

namespace Watcher.AzureMonitor;

/// <summary>
/// Registers Azure Monitor as a metrics source selectable as <c>azure_monitor</c>, with its settings from
/// <c>Watcher:AzureMonitor</c> and <see cref="DefaultAzureCredential"/> (managed identity in Azure, environment or
/// developer credentials locally). Hosts and instances map to Azure resource ids by
/// <see cref="AzureMonitorOptions.ResourceIds"/> and <see cref="AzureMonitorOptions.ResourceIdTemplate"/> over the
/// selected cloud's current model.
/// </summary>
public static class AzureMonitorServiceCollectionExtensions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Watcher:AzureMonitor";

    /// <summary>
    /// Adds the Azure Monitor datasource with its settings read from <paramref name="configuration"/>, authenticated by
    /// <paramref name="credential"/> or, when null, <see cref="DefaultAzureCredential"/>.
    /// </summary>
    public static IServiceCollection AddAzureMonitor(this IServiceCollection services, IConfiguration configuration, TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new AzureMonitorOptions();
        configuration.GetSection(Section).Bind(options);
        return services.AddAzureMonitorMetricsSource(
            options,
            _ => credential ?? new DefaultAzureCredential(),
            sp =>
            {
                var cloud = sp.GetRequiredService<ICloud>();
                return AzureResourceResolver.FromCluster(
                    ct => cloud.GetClusterAsync(ct), new Dictionary<string, string>(options.ResourceIds, StringComparer.Ordinal), options.ResourceIdTemplate);
            });
    }

    /// <summary>
    /// Adds the Azure Monitor datasource with a credential and resolver of the caller's. The source is built (and its
    /// options checked) when first used, so a host that does not select it never trips on its settings.
    /// </summary>
    public static IServiceCollection AddAzureMonitorMetricsSource(
        this IServiceCollection services, AzureMonitorOptions options, Func<IServiceProvider, TokenCredential> credential, Func<IServiceProvider, AzureResourceResolver> resolver)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(resolver);
        services.AddSingleton(options);
        services.AddSingleton(sp => new AzureMonitorMetricsSource(credential(sp), options, resolver(sp)));
        services.AddMetricsSource<AzureMonitorMetricsSource>("azure_monitor");
        return services;
    }
}
