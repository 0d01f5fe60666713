using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Api;
using Watcher.Domain.Metrics;
using Watcher.Prometheus;
using Watcher.Simulator;

namespace Watcher.Functions.Tests;

/// <summary>The service wiring both hosts share picks the configured metrics source and rejects unknown ones.</summary>
public sealed class WatcherServicesTests
{
    private static ServiceProvider Build(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))
            .Build();
        return new ServiceCollection().AddWatcherCore(configuration).BuildServiceProvider();
    }

    [Fact]
    public void AddWatcherCore_Default_UsesSimulatorHistory()
    {
        using var services = Build();

        Assert.IsType<SimulatedMetrics>(services.GetRequiredService<IMetricsSource>());
    }

    [Fact]
    public void AddWatcherCore_PrometheusConfigured_UsesPrometheusWithItsSettings()
    {
        using var services = Build(("Watcher:MetricsSource", "prometheus"), ("Watcher:Prometheus:BaseUrl", "http://127.0.0.1:19090/"), ("Watcher:Prometheus:HostLabel", "instance"));

        Assert.IsType<PrometheusMetricsSource>(services.GetRequiredService<IMetricsSource>());
        var options = services.GetRequiredService<PrometheusOptions>();
        Assert.Equal(new Uri("http://127.0.0.1:19090/"), options.BaseUrl);
        Assert.Equal("instance", options.HostLabel);
    }

    [Fact]
    public void AddWatcherCore_UnknownMetricsSource_FailsNamingIt()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Build(("Watcher:MetricsSource", "graphite")));

        Assert.Contains("graphite", ex.Message, StringComparison.Ordinal);
    }
}
