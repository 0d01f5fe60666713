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
        var chain = Assert.IsType<MetricsSourceChain>(services.GetRequiredService<IMetricsSource>());
        Assert.IsType<SimulatedMetrics>(Assert.Single(chain.Sources));
    }

    [Fact]
    public void AddWatcherApplication_PrometheusConfigured_UsesPrometheusWithItsSettings()
    {
        using var services = ComposedServices.Build(null, ("Watcher:MetricsSource", "prometheus"), ("Watcher:Prometheus:BaseUrl", "http://127.0.0.1:19090/"), ("Watcher:Prometheus:HostLabel", "instance"));

        services.GetRequiredService<IStartupValidator>().Validate();
        var chain = Assert.IsType<MetricsSourceChain>(services.GetRequiredService<IMetricsSource>());
        Assert.IsType<PrometheusMetricsSource>(Assert.Single(chain.Sources));
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
    public void AddWatcherApplication_DatasourceOrder_ChainsTheSourcesInThatOrder()
    {
        using var services = ComposedServices.Build(null, ("Watcher:Datasources:Order", "prometheus, simulator"), ("Watcher:Prometheus:BaseUrl", "http://127.0.0.1:19090/"));

        services.GetRequiredService<IStartupValidator>().Validate();
        var chain = Assert.IsType<MetricsSourceChain>(services.GetRequiredService<IMetricsSource>());
        Assert.Equal(["prometheus", "simulator"], chain.Sources.Select(s => s.Name));
        Assert.Equal("prometheus,simulator", chain.Name);
    }

    [Fact]
    public void AddWatcherApplication_DatasourceOrderAsList_ChainsTheSourcesInThatOrder()
    {
        using var services = ComposedServices.Build(null, ("Watcher:Datasources:Order:0", "simulator"), ("Watcher:Datasources:Order:1", "prometheus"));

        var chain = Assert.IsType<MetricsSourceChain>(services.GetRequiredService<IMetricsSource>());

        Assert.Equal(["simulator", "prometheus"], chain.Sources.Select(s => s.Name));
    }

    [Fact]
    public void Select_PrometheusLacksAirflow_FallsToTheSimulatorAndAMetricMapCanServeIt()
    {
        using var services = ComposedServices.Build(null, ("Watcher:Datasources:Order", "prometheus,simulator"), ("Watcher:Prometheus:BaseUrl", "http://127.0.0.1:19090/"));
        using var mapped = ComposedServices.Build(null,
            ("Watcher:Datasources:Order", "prometheus,simulator"),
            ("Watcher:Prometheus:BaseUrl", "http://127.0.0.1:19090/"),
            ("Watcher:Datasources:prometheus:MetricMap:host_airflow", "host_power"),
            ("Watcher:Datasources:prometheus:MetricMap:host_cpu_usage", ""));

        var chain = services.GetRequiredService<MetricsSourceChain>();
        var mappedChain = mapped.GetRequiredService<MetricsSourceChain>();

        Assert.Equal("simulator", chain.Select([MetricNames.HostAirflow]).Name);
        Assert.Equal("prometheus", chain.Select([MetricNames.HostCpuUsage]).Name);
        Assert.Equal("prometheus", mappedChain.Select([MetricNames.HostAirflow]).Name);
        Assert.Equal("simulator", mappedChain.Select([MetricNames.HostPower]).Name);
        Assert.Equal("simulator", mappedChain.Select([MetricNames.HostCpuUsage]).Name);
    }

    [Fact]
    public void StartupValidation_UnknownDatasourceInOrder_FailsListingTheValidNames()
    {
        using var services = ComposedServices.Build(null, ("Watcher:Datasources:Order", "simulator,gnocchi"));

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("'gnocchi'", ex.Message, StringComparison.Ordinal);
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
