using Microsoft.Extensions.DependencyInjection;
using Watcher.Domain.Metrics;

namespace Watcher.Prometheus;

/// <summary>Registers <see cref="PrometheusMetricsSource"/> as the <see cref="IMetricsSource"/>, a typed client of <see cref="IHttpClientFactory"/>.</summary>
public static class PrometheusServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Prometheus datasource. Its <see cref="HttpClient"/> comes from the factory with the standard resilience
    /// handler (retries, circuit breaker), its timeouts widened to <see cref="PrometheusOptions.Timeout"/>: the source
    /// enforces that timeout on each query itself, and the standard 10 s attempt timeout would cut a slow range query short.
    /// </summary>
    public static IServiceCollection AddPrometheusMetricsSource(
        this IServiceCollection services, PrometheusOptions options, Func<IServiceProvider, PrometheusTargetResolver> resolver)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(resolver);
        options.Validate();
        services.AddSingleton(options);
        // RemoveAllResilienceHandlers is marked experimental (EXTEXP0001) but is the documented way to replace the
        // handler ConfigureHttpClientDefaults put on every client (hosts/Watcher.ServiceDefaults) with one tuned here.
#pragma warning disable EXTEXP0001
        services.AddHttpClient("prometheus")
            .AddTypedClient((http, sp) => new PrometheusMetricsSource(http, options, resolver(sp)))
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler(r =>
            {
                r.AttemptTimeout.Timeout = options.Timeout + TimeSpan.FromSeconds(5);
                r.TotalRequestTimeout.Timeout = (3 * r.AttemptTimeout.Timeout) + TimeSpan.FromSeconds(10);
                r.CircuitBreaker.SamplingDuration = 2 * r.AttemptTimeout.Timeout;
            });
#pragma warning restore EXTEXP0001
        services.AddTransient<IMetricsSource>(sp => sp.GetRequiredService<PrometheusMetricsSource>());
        return services;
    }
}
