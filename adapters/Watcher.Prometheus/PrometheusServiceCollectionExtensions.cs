using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Application.Plugins;
using Watcher.Domain.Actions;

namespace Watcher.Prometheus;

/// <summary>
/// Registers Prometheus as a metrics source (<c>prometheus</c>) with its settings from <c>Watcher:Prometheus</c>; its
/// HttpClient comes from IHttpClientFactory (so the host's standard resilience handler applies), and hosts and
/// instances map to series through the selected cloud's current model.
/// </summary>
public static class PrometheusServiceCollectionExtensions
{
    /// <summary>The name of the typed HttpClient.</summary>
    public const string HttpClientName = "prometheus";

    public static IServiceCollection AddPrometheus(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new PrometheusOptions();
        configuration.GetSection("Watcher:Prometheus").Bind(options);
        services.AddSingleton(options);
        services.AddHttpClient(HttpClientName);
        services.AddSingleton(sp =>
        {
            var cloud = sp.GetRequiredService<ICloud>();
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
            return new PrometheusMetricsSource(http, options, PrometheusTargetResolver.FromCluster(ct => cloud.GetClusterAsync(ct)));
        });
        services.AddMetricsSource<PrometheusMetricsSource>("prometheus");
        return services;
    }
}
