using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Watcher.Domain.Actions;
using Watcher.Domain.Metrics;
using Watcher.Domain.Planning;
using Watcher.Domain.Strategies;

namespace Watcher.Application.Plugins;

/// <summary>
/// The plugin seams, as Watcher's entry points but through DI: strategies, planners, action definitions and handlers,
/// clouds and metrics sources are registered by type (and clouds and sources by name); the registries are built
/// from what is registered, and configuration selects the cloud and metrics source by name.
/// </summary>
public static class WatcherPluginExtensions
{
    /// <summary>Registers a strategy (found by its <see cref="IStrategy.Name"/>).</summary>
    public static IServiceCollection AddStrategy<T>(this IServiceCollection services)
        where T : class, IStrategy
    {
        services.AddSingleton<IStrategy>(sp => ActivatorUtilities.CreateInstance<T>(sp));
        return services;
    }

    /// <summary>Registers a planner (found by its <see cref="IPlanner.Name"/>); its constructor may take the <see cref="ActionCatalog"/>.</summary>
    public static IServiceCollection AddPlanner<T>(this IServiceCollection services)
        where T : class, IPlanner
    {
        services.AddSingleton<IPlanner>(sp => ActivatorUtilities.CreateInstance<T>(sp));
        return services;
    }

    /// <summary>Registers an action type by its definition; planners, the verifier and the simulator then know it.</summary>
    public static IServiceCollection AddAction<T>(this IServiceCollection services)
        where T : class, IActionDefinition
    {
        services.AddSingleton<IActionDefinition>(sp => ActivatorUtilities.CreateInstance<T>(sp));
        return services;
    }

    /// <summary>Registers how one cloud (or any cloud) executes and reverts one action type.</summary>
    public static IServiceCollection AddActionHandler<T>(this IServiceCollection services)
        where T : class, IActionHandler
    {
        services.AddSingleton<IActionHandler>(sp => ActivatorUtilities.CreateInstance<T>(sp));
        return services;
    }

    /// <summary>Registers a cloud selectable as <c>Watcher:Cloud = <paramref name="name"/></c>.</summary>
    public static IServiceCollection AddCloud<T>(this IServiceCollection services, string name)
        where T : class, ICloud
    {
        services.TryAddSingleton<T>();
        services.AddSingleton(new NamedPlugin(PluginKinds.Cloud, name, typeof(T)));
        return services;
    }

    /// <summary>Registers a metrics source selectable as <c>Watcher:MetricsSource = <paramref name="name"/></c>.</summary>
    public static IServiceCollection AddMetricsSource<T>(this IServiceCollection services, string name)
        where T : class, IMetricsSource
    {
        services.TryAddSingleton<T>();
        services.AddSingleton(new NamedPlugin(PluginKinds.MetricsSource, name, typeof(T)));
        return services;
    }

    /// <summary>
    /// Registers every built-in strategy, planner, action definition and cloud-independent handler of the domain,
    /// the registries built from what is registered (so plugins added with the methods above join them), and the
    /// selected <see cref="ICloud"/> and <see cref="IMetricsSource"/>, validated at start-up.
    /// </summary>
    public static IServiceCollection AddWatcherPlugins(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        foreach (var strategy in StrategyRegistry.Discover(typeof(IStrategy).Assembly))
        {
            services.AddSingleton(strategy);
        }

        foreach (var definition in ActionCatalog.Discover(typeof(IActionDefinition).Assembly))
        {
            services.AddSingleton(definition);
        }

        services.AddActionHandler<Domain.Actions.Handlers.SleepHandler>();
        services.AddActionHandler<Domain.Actions.Handlers.NopHandler>();
        services.AddPlanner<ConflictPlanner>();
        services.AddPlanner<WeightPlanner>();
        services.AddPlanner<WorkloadStabilizationPlanner>();
        services.AddPlanner<NodeResourceConsolidationPlanner>();

        services.AddSingleton(sp => new StrategyRegistry(sp.GetServices<IStrategy>()));
        services.AddSingleton(sp => new ActionCatalog(sp.GetServices<IActionDefinition>()));
        services.AddSingleton(sp => new PlannerRegistry(sp.GetServices<IPlanner>(), PlannerRegistry.Default.DefaultName));
        services.AddSingleton(sp => new ActionRegistry(sp.GetRequiredService<ActionCatalog>(), sp.GetServices<IActionHandler>(), sp.GetRequiredService<ICloud>()));
        services.AddSingleton(sp => (ICloud)Selected(sp, PluginKinds.Cloud, sp.GetRequiredService<IOptions<PluginSelectionOptions>>().Value.Cloud));
        // Transient: a source may be a typed HttpClient (Prometheus), which must not be captured for the process' lifetime.
        // IMetricsSource is the ordered chain of configured datasources (Watcher:Datasources:Order, else Watcher:MetricsSource),
        // each seen through its MetricMap; an audit selects the first that serves its strategy's metrics.
        services.AddTransient(sp => DatasourceChain(sp));
        services.AddTransient<IMetricsSource>(sp => sp.GetRequiredService<MetricsSourceChain>());
        services.AddOptions<DatasourceOptions>().Configure<Microsoft.Extensions.Configuration.IConfiguration>((o, config) => o.Load(config.GetSection(DatasourceOptions.Section))).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DatasourceOptions>, DatasourceOptionsValidator>());
        services.AddOptions<PluginSelectionOptions>().BindConfiguration(PluginSelectionOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PluginSelectionOptions>, PluginSelectionValidator>());
        return services;
    }

    private static MetricsSourceChain DatasourceChain(IServiceProvider services)
    {
        var datasources = services.GetRequiredService<IOptions<DatasourceOptions>>().Value;
        var order = datasources.Effective(services.GetRequiredService<IOptions<PluginSelectionOptions>>().Value.MetricsSource);
        return new MetricsSourceChain(order.Select(name =>
        {
            var source = (IMetricsSource)Selected(services, PluginKinds.MetricsSource, name);
            var map = datasources.MetricMapFor(name);
            return map.Count == 0 ? source : new MappedMetricsSource(source, map);
        }).ToList());
    }

    private static object Selected(IServiceProvider services, string kind, string name)
    {
        var plugins = services.GetServices<NamedPlugin>().Where(p => p.Kind == kind).ToList();
        var plugin = plugins.LastOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new OptionsValidationException(PluginSelectionOptions.Section, typeof(PluginSelectionOptions),
                [$"'{name}' is not a registered {kind}; valid: {string.Join(", ", plugins.Select(p => p.Name).Order(StringComparer.Ordinal))}."]);
        return services.GetRequiredService(plugin.ImplementationType);
    }
}
