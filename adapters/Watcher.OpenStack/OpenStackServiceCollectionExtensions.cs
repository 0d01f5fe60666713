using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Watcher.Application.Plugins;

namespace Watcher.OpenStack;

/// <summary>
/// Registers the OpenStack cloud, selectable as <c>Watcher:Cloud = openstack</c>, with its settings from
/// <c>Watcher:OpenStack</c>, its handlers for migrate, change_nova_service_state, resize and stop, and an
/// <see cref="HttpClient"/> from the factory whose resilience pipeline retries 5xx and 409 (Nova's "busy") with
/// exponential backoff and jitter and times out every attempt.
/// </summary>
public static class OpenStackServiceCollectionExtensions
{
    /// <summary>The name of the HttpClient.</summary>
    public const string HttpClientName = "openstack";

    /// <summary>Adds the OpenStack cloud and its action handlers.</summary>
    public static IServiceCollection AddOpenStack(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection("Watcher:OpenStack");
        var options = new OpenStackOptions();
        section.Bind(options);
        services.AddOptions<OpenStackOptions>().Bind(section).ValidateDataAnnotations();
        return services.AddOpenStack(options);
    }

    /// <summary>Adds the OpenStack cloud with <paramref name="options"/>.</summary>
    public static IServiceCollection AddOpenStack(this IServiceCollection services, OpenStackOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        // RemoveAllResilienceHandlers is experimental (EXTEXP0001) but the documented way to replace the handler that
        // ConfigureHttpClientDefaults puts on every client (hosts/Watcher.ServiceDefaults) with this one.
#pragma warning disable EXTEXP0001
        services.AddHttpClient(HttpClientName)
            .RemoveAllResilienceHandlers()
            .AddResilienceHandler("openstack", pipeline => Configure(pipeline, options));
#pragma warning restore EXTEXP0001
        services.AddSingleton(sp => new OpenStackClient(sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName), options));
        services.AddSingleton<NovaOperations>();
        services.AddCloud<OpenStackCloud>(OpenStackCloud.CloudName);
        services.AddActionHandler<OpenStackMigrateHandler>();
        services.AddActionHandler<OpenStackServiceStateHandler>();
        services.AddActionHandler<OpenStackResizeHandler>();
        services.AddActionHandler<OpenStackStopHandler>();
        return services;
    }

    /// <summary>The retry (5xx, 408, 429 and 409 with exponential backoff) and per-attempt timeout every OpenStack call goes through.</summary>
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, OpenStackOptions options)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxRetries > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is HttpRequestException or Polly.Timeout.TimeoutRejectedException
                    || args.Outcome.Result is { } r && ((int)r.StatusCode >= 500 || r.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)),
            });
        }

        pipeline.AddTimeout(options.RequestTimeout);
    }
}
