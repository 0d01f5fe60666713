using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Watcher.Domain.Actions;
using Watcher.Domain.Metrics;
using Watcher.Domain.Planning;
using Watcher.Domain.Strategies;
using Watcher.Simulator;

namespace Watcher.LocalHost.Tests;

/// <summary>
/// The local host's container as <see cref="LocalHostApp.Build"/> composes it: the selected cloud, the registries and
/// start-up validation of the plugin selection. The app is built, never started (no Azurite, no ports).
/// </summary>
public sealed class LocalHostCompositionTests
{
    private static async Task WithAppAsync(string[] args, Action<WebApplication> test)
    {
        var app = LocalHostApp.Build(args);
        try
        {
            test(app);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public Task Build_UnknownCloud_StartupValidationFailsListingValidClouds() =>
        WithAppAsync(["--Watcher:Cloud=nope"], app =>
        {
            var validator = app.Services.GetRequiredService<IStartupValidator>();

            var ex = Assert.Throws<OptionsValidationException>(validator.Validate);

            var failure = Assert.Single(ex.Failures);
            Assert.Contains("Watcher:Cloud 'nope'", failure, StringComparison.Ordinal);
            Assert.Contains("valid: openstack, " + SimulatedCloud.CloudName, failure, StringComparison.Ordinal);
        });

    [Fact]
    public Task Build_UnknownCloud_ResolvingCloudFailsListingValidClouds() =>
        WithAppAsync(["--Watcher:Cloud=nope"], app =>
        {
            var ex = Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<ICloud>());

            Assert.Contains(SimulatedCloud.CloudName, ex.Message, StringComparison.Ordinal);
        });

    [Fact]
    public Task Build_Defaults_StartupValidationPasses() =>
        WithAppAsync([], app => app.Services.GetRequiredService<IStartupValidator>().Validate());

    [Fact]
    public Task Build_Defaults_CloudAndMetricsSourceAreTheSimulatorSingletons() =>
        WithAppAsync([], app =>
        {
            var cloud = app.Services.GetRequiredService<ICloud>();

            Assert.IsType<SimulatedCloud>(cloud);
            Assert.Same(app.Services.GetRequiredService<SimulatedCloud>(), cloud);
            Assert.Same(cloud, app.Services.GetRequiredService<ICloud>());
            Assert.IsType<SimulatedMetrics>(Assert.Single(Assert.IsType<MetricsSourceChain>(app.Services.GetRequiredService<IMetricsSource>()).Sources));
        });

    [Fact]
    public Task Build_Defaults_RegistriesAreSingletons() =>
        WithAppAsync([], app =>
        {
            Assert.Same(app.Services.GetRequiredService<ActionRegistry>(), app.Services.GetRequiredService<ActionRegistry>());
            Assert.Same(app.Services.GetRequiredService<PlannerRegistry>(), app.Services.GetRequiredService<PlannerRegistry>());
            Assert.Same(app.Services.GetRequiredService<StrategyRegistry>(), app.Services.GetRequiredService<StrategyRegistry>());
            using var scope = app.Services.CreateScope();
            Assert.Same(app.Services.GetRequiredService<StrategyRegistry>(), scope.ServiceProvider.GetRequiredService<StrategyRegistry>());
        });

    [Fact]
    public Task Build_Defaults_StrategyRegistryHasOptimalConsolidationAndTheDomainStrategies() =>
        WithAppAsync([], app =>
        {
            var registry = app.Services.GetRequiredService<StrategyRegistry>();

            Assert.Equal("optimal_consolidation", registry.Find("optimal_consolidation")?.Name);
            Assert.All(StrategyRegistry.Default.All, s => Assert.NotNull(registry.Find(s.Name)));
        });

    [Fact]
    public Task Build_Defaults_ActionRegistryUsesTheContainersCatalogAndRunsEveryAction() =>
        WithAppAsync([], app =>
        {
            var catalog = app.Services.GetRequiredService<ActionCatalog>();
            var registry = app.Services.GetRequiredService<ActionRegistry>();

            Assert.Same(catalog, registry.Catalog);
            Assert.NotEmpty(catalog.All);
            Assert.All(catalog.All, d => Assert.NotNull(registry.Get(d.ActionType)));
        });
}
