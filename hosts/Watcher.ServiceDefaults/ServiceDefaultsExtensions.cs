using System.Text.Json;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Watcher.ServiceDefaults;

/// <summary>
/// Operations defaults both hosts share, after eShop's ServiceDefaults: OpenTelemetry traces, metrics and logs (OTLP
/// when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, Azure Monitor when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is),
/// health checks behind <c>/health/live</c> and <c>/health/ready</c>, and the standard resilience handler on every
/// <see cref="HttpClient"/> made by <see cref="IHttpClientFactory"/>.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Liveness: the process is up.</summary>
    public const string LivePath = "/health/live";

    /// <summary>Readiness: storage, the Durable engine, the cloud and the datasource answer.</summary>
    public const string ReadyPath = "/health/ready";

    /// <summary>
    /// How long a dependency may take to answer a readiness check before it counts as down: each check answers within
    /// 1 s (a cached, single-flight probe; see ProbeHealthCheck), and the registration's timeout is a backstop, so
    /// <c>/health/ready</c> answers within 2 s even while storage is unreachable.
    /// </summary>
    public static readonly TimeSpan ReadyCheckTimeout = TimeSpan.FromSeconds(1.5);

    private static readonly JsonSerializerOptions HealthJson = new() { WriteIndented = false };

    /// <summary>
    /// Thread-pool threads started at once, before the pool's own slow injection (about one a second) begins. On 2 cores
    /// the default minimum is 2, so two calls that block a pool thread (sync over async in a library below us) would
    /// hold up every request of the process until more threads are injected. CI saw whole-process stalls of 15-30 s
    /// whose cause is not proven; <see cref="ThreadPoolWatchdog"/> logs when the pool runs late, so the next one says
    /// whether this was it.
    /// </summary>
    public const int MinPoolThreads = 16;

    /// <summary>Adds OpenTelemetry, the health checks, resilient HTTP clients and the thread-pool watchdog, and raises the pool's minimum.</summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddResilientHttpClients();
        builder.Services.AddHostedService<ThreadPoolWatchdog>();
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        if (workers < MinPoolThreads)
        {
            ThreadPool.SetMinThreads(MinPoolThreads, completionPorts);
        }

        return builder;
    }

    /// <summary>Maps <c>/health/live</c> and <c>/health/ready</c>: 200 with a JSON report when healthy, 503 otherwise.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = r => r.Tags.Contains(HealthTags.Live), ResponseWriter = WriteReportAsync });
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = r => r.Tags.Contains(HealthTags.Ready), ResponseWriter = WriteReportAsync });
        return app;
    }

    /// <summary>
    /// Serves <c>/health/live</c> and <c>/health/ready</c> on a host without endpoint routing (the Functions app's
    /// catch-all HTTP trigger), with the same checks, status codes and report as <see cref="MapDefaultEndpoints"/>.
    /// Returns false, writing nothing, for any other path.
    /// </summary>
    public static async Task<bool> TryWriteHealthAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var path = http.Request.Path.Value?.TrimEnd('/');
        var tag = string.Equals(path, LivePath, StringComparison.OrdinalIgnoreCase) ? HealthTags.Live
            : string.Equals(path, ReadyPath, StringComparison.OrdinalIgnoreCase) ? HealthTags.Ready
            : null;
        if (tag is null || !HttpMethods.IsGet(http.Request.Method))
        {
            return false;
        }

        var report = await http.RequestServices.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Tags.Contains(tag), http.RequestAborted);
        http.Response.StatusCode = report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        await WriteReportAsync(http, report);
        return true;
    }

    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to a configuration section and validates its data annotations when the host
    /// starts, so a bad setting stops the process with a message naming it instead of failing the first request.
    /// </summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions>(this IHostApplicationBuilder builder, string section)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Services.AddOptions<TOptions>()
            .Bind(builder.Configuration.GetSection(section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
    }

    private static void ConfigureOpenTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Environment.ApplicationName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddMeter(WatcherTelemetry.Name))
            .WithTracing(tracing => tracing
                .AddSource(WatcherTelemetry.Name)
                .AddSource([.. WatcherTelemetry.DurableTaskSources])
                // Probes every few seconds would drown the traces that matter.
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase))
                .AddHttpClientInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        if (!string.IsNullOrWhiteSpace(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
        {
            telemetry.UseAzureMonitorExporter();
        }
    }

    private static void AddDefaultHealthChecks(this IHostApplicationBuilder builder)
    {
        // Singletons, so each check's probe and its cached outcome are shared by every request (AddCheck<T> resolves a
        // registered T before creating one per run).
        builder.Services.TryAddSingleton<StorageHealthCheck>();
        builder.Services.TryAddSingleton<DurableTaskHealthCheck>();
        builder.Services.TryAddSingleton<CloudHealthCheck>();
        builder.Services.TryAddSingleton<MetricsSourceHealthCheck>();
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy("The process is up."), [HealthTags.Live])
            .AddCheck<StorageHealthCheck>("storage", HealthStatus.Unhealthy, [HealthTags.Ready], ReadyCheckTimeout)
            .AddCheck<DurableTaskHealthCheck>("durable", HealthStatus.Unhealthy, [HealthTags.Ready], ReadyCheckTimeout)
            .AddCheck<CloudHealthCheck>("cloud", HealthStatus.Unhealthy, [HealthTags.Ready], ReadyCheckTimeout)
            .AddCheck<MetricsSourceHealthCheck>("datasource", HealthStatus.Unhealthy, [HealthTags.Ready], ReadyCheckTimeout);
    }

    private static void AddResilientHttpClients(this IServiceCollection services) =>
        services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());

    // Hand-written: the health-check UI package that formats reports (AspNetCore.HealthChecks.UI.Client) pulls a UI we do
    // not need; this is the same JSON in a few lines.
    private static Task WriteReportAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        var body = new Dictionary<string, object?>
        {
            ["status"] = report.Status.ToString(),
            ["duration_ms"] = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            ["checks"] = report.Entries.ToDictionary(
                e => e.Key,
                e => new Dictionary<string, object?>
                {
                    ["status"] = e.Value.Status.ToString(),
                    ["description"] = e.Value.Description,
                    ["duration_ms"] = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
                }),
        };
        return http.Response.WriteAsync(JsonSerializer.Serialize(body, HealthJson), http.RequestAborted);
    }
}
