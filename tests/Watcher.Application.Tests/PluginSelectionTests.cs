using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Watcher.Domain.Actions;
using Watcher.Domain.Metrics;
using Watcher.Prometheus;
using Watcher.Simulator;

namespace Watcher.Application.Tests;

/// <summary>Configuration selects the cloud and the metrics source by name; an unknown name fails start-up listing the valid ones.</summary>
public sealed class PluginSelectionTests
{
    [Fact]
    public void AddWatcherApplication_Default_SelectsSimulatorCloudAndHistory()
    {
        using var services = ComposedServices.Build();

        services.GetRequiredService<IStartupValidator>().Validate();
        Assert.IsType<SimulatedCloud>(services.GetRequiredService<ICloud>());
        Assert.IsType<SimulatedMetrics>(services.GetRequiredService<IMetricsSource>());
    }

    [Fact]
    public void AddWatcherApplication_PrometheusConfigured_UsesPrometheusWithItsSettings()
    {
        using var services = ComposedServices.Build(null, ("Watcher:MetricsSource", "prometheus"), ("Watcher:Prometheus:BaseUrl", "http://127.0.0.1:19090/"), ("Watcher:Prometheus:HostLabel", "instance"));

        services.GetRequiredService<IStartupValidator>().Validate();
        Assert.IsType<PrometheusMetricsSource>(services.GetRequiredService<IMetricsSource>());
        var options = services.GetRequiredService<PrometheusOptions>();
        Assert.Equal(new Uri("http://127.0.0.1:19090/"), options.BaseUrl);
        Assert.Equal("instance", options.HostLabel);
    }

    [Fact]
    public void StartupValidation_UnknownMetricsSource_FailsListingTheValidNames()
    {
        using var services = ComposedServices.Build(null, ("Watcher:MetricsSource", "graphite"));

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Watcher:MetricsSource 'graphite'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("valid: prometheus, simulator", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StartupValidation_UnknownCloud_FailsListingTheValidNames()
    {
        using var services = ComposedServices.Build(null, ("Watcher:Cloud", "vsphere"));

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Watcher:Cloud 'vsphere'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("valid: simulator", ex.Message, StringComparison.Ordinal);
    }
}
