using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Watcher.Domain.Metrics;
using Watcher.Domain.Persistence;
using Watcher.Prometheus;

namespace Watcher.ServiceDefaults.Tests;

/// <summary>Traces include the Durable Task and Watcher sources; every factory-made HttpClient retries transient failures.</summary>
public sealed class TelemetryAndResilienceTests
{
    [Theory]
    [InlineData("Microsoft.DurableTask")]
    [InlineData("DurableTask.Core")]
    [InlineData(WatcherTelemetry.Name)]
    public async Task Tracing_SpanFromSource_IsExported(string source)
    {
        var spans = new List<Activity>();
        var builder = TestApps.Builder(new InMemoryDocumentStore());
        builder.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans));
        await using var app = await TestApps.StartAsync(builder);
        using var activitySource = new ActivitySource(source);

        using (activitySource.StartActivity("probe"))
        {
        }

        app.Services.GetRequiredService<TracerProvider>().ForceFlush();
        Assert.Contains(spans, s => s.Source.Name == source && s.DisplayName == "probe");
    }

    [Fact]
    public async Task HttpClientDefaults_TransientFailure_IsRetried()
    {
        var handler = new CountingHandler(failuresFirst: 1);
        var builder = TestApps.Builder(new InMemoryDocumentStore());
        builder.Services.AddHttpClient("any").ConfigurePrimaryHttpMessageHandler(() => handler);
        await using var app = await TestApps.StartAsync(builder);
        using var client = app.Services.GetRequiredService<IHttpClientFactory>().CreateClient("any");

        using var response = await client.GetAsync(new Uri("http://example.invalid/"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, handler.Calls);
    }

    [Fact]
    public async Task PrometheusSource_FromFactory_RetriesTransientFailure()
    {
        var handler = new CountingHandler(failuresFirst: 1);
        var builder = TestApps.Builder(new InMemoryDocumentStore());
        builder.Services.AddPrometheusMetricsSource(new PrometheusOptions { BaseUrl = new Uri("http://prometheus.invalid/") }, _ =>
            PrometheusTargetResolver.FromMaps(new Dictionary<string, string> { ["h1"] = "h1" }));
        builder.Services.AddHttpClient("prometheus").ConfigurePrimaryHttpMessageHandler(() => handler);
        await using var app = await TestApps.StartAsync(builder);
        IMetricsSource source = app.Services.GetRequiredService<PrometheusMetricsSource>();

        var end = DateTimeOffset.UnixEpoch.AddDays(1);
        await Assert.ThrowsAnyAsync<Exception>(() => source.QueryRangeAsync(
            new MetricRangeQuery(MetricNames.HostCpuUsage, MetricResource.Host, ["h1"], end.AddMinutes(-10), end, TimeSpan.FromMinutes(5))));

        Assert.IsType<PrometheusMetricsSource>(source);
        Assert.Equal(2, handler.Calls);
    }
}
