using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Application.Plugins;
using Watcher.Domain.Actions;

namespace Watcher.Prometheus;

/// <summary>
/// Registers Prometheus as a metrics source selectable as <c>prometheus</c>, with its settings from
/// <c>Watcher:Prometheus</c>. Hosts and instances map to series through the selected cloud's current model.
/// </summary>
public static class PrometheusServiceCollectionExtensions
{
    /// <summary>The name of the typed HttpClient.</summary>
    public const string HttpClientName = "prometheus";

    /// <summary>Adds the Prometheus datasource with its settings read from <paramref name="configuration"/>.</summary>
    public static IServiceCollection AddPrometheus(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection("Watcher:Prometheus");
        var options = new PrometheusOptions();
        section.Bind(options);
        // Bad settings stop start-up with a message naming them.
        services.AddOptions<PrometheusOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        return services.AddPrometheusMetricsSource(options, sp =>
        {
            var cloud = sp.GetRequiredService<ICloud>();
            return PrometheusTargetResolver.FromCluster(ct => cloud.GetClusterAsync(ct));
        });
    }

    /// <summary>
    /// Adds the Prometheus datasource. Its <see cref="HttpClient"/> comes from the factory with the standard resilience
    /// handler (retries per <see cref="PrometheusOptions.MaxRetries"/> and <see cref="PrometheusOptions.RetryDelay"/>,
    /// circuit breaker), its timeouts widened to <see cref="PrometheusOptions.Timeout"/>: the source
    /// enforces that timeout on each query itself, and the standard 10 s attempt timeout would cut a slow range query short.
    /// </summary>
    public static IServiceCollection AddPrometheusMetricsSource(
        this IServiceCollection services, PrometheusOptions options, Func<IServiceProvider, PrometheusTargetResolver> resolver)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(resolver);
        services.AddSingleton(options);
        // RemoveAllResilienceHandlers is marked experimental (EXTEXP0001) but is the documented way to replace the
        // handler ConfigureHttpClientDefaults put on every client (hosts/Watcher.ServiceDefaults) with one tuned here.
#pragma warning disable EXTEXP0001
        services.AddHttpClient(HttpClientName)
            .AddTypedClient((http, sp) =>
            {
                // Checked when the source is first used, so a host that does not select Prometheus never trips on its settings.
                options.Validate();
                return new PrometheusMetricsSource(http, options, resolver(sp));
            })
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler(r =>
            {
                r.AttemptTimeout.Timeout = options.Timeout + TimeSpan.FromSeconds(5);
                r.TotalRequestTimeout.Timeout = (3 * r.AttemptTimeout.Timeout) + TimeSpan.FromSeconds(10);
                r.CircuitBreaker.SamplingDuration = 2 * r.AttemptTimeout.Timeout;
                // Transient failures (5xx, 408, 429 honouring Retry-After, connection errors, attempt timeouts) are retried
                // with exponential backoff and jitter; POSTed queries are read-only, so retrying them is safe.
                r.Retry.MaxRetryAttempts = Math.Max(1, options.MaxRetries);
                r.Retry.Delay = options.RetryDelay;
                r.Retry.BackoffType = Polly.DelayBackoffType.Exponential;
                r.Retry.UseJitter = true;
                if (options.MaxRetries == 0)
                {
                    r.Retry.ShouldHandle = _ => ValueTask.FromResult(false);
                }
            });
#pragma warning restore EXTEXP0001
        services.AddMetricsSource<PrometheusMetricsSource>("prometheus");
        return services;
    }
}
