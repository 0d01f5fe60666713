using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Watcher.Domain.Strategies;

namespace Watcher.Api.Hardening;

/// <summary>Registers the HTTP hardening (<c>Watcher:Http</c>) and the work limits (<c>Watcher:Http:Limits</c>) on a host.</summary>
public static class WatcherHttpExtensions
{
    /// <summary>
    /// Adds <see cref="WatcherHttp"/> from validated <see cref="WatcherHttpOptions"/> (checked at start-up) and sets
    /// <see cref="WorkLimits.Current"/> from <c>Watcher:Http:Limits</c>, validated here (a bad value stops the host).
    /// </summary>
    public static IServiceCollection AddWatcherHttp(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<WatcherHttpOptions>().Bind(configuration.GetSection(WatcherHttpOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new WatcherHttp(sp.GetRequiredService<IOptions<WatcherHttpOptions>>().Value));

        var limits = configuration.GetSection(WorkLimits.Section).Get<WorkLimits>() ?? new WorkLimits();
        var problems = new List<ValidationResult>();
        if (!Validator.TryValidateObject(limits, new ValidationContext(limits), problems, validateAllProperties: true))
        {
            throw new OptionsValidationException(WorkLimits.Section, typeof(WorkLimits), problems.Select(p => $"{WorkLimits.Section}: {p.ErrorMessage}"));
        }

        WorkLimits.Current = limits;
        return services;
    }

    /// <summary>Adds <see cref="SecurityHeaders"/> to every response of the app, also those no route of the table writes (health); gRPC calls are left alone.</summary>
    public static IApplicationBuilder UseWatcherSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((http, next) =>
        {
            if (http.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) != true)
            {
                SecurityHeaders.Apply(http);
            }

            return next(http);
        });
}
