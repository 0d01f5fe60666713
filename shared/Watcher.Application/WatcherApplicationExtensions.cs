using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Watcher.Application.Plugins;
using Watcher.Application.Services;
using Watcher.Domain.Execution;
using Watcher.Domain.Metrics.Storage;
using Watcher.Domain.Persistence;

namespace Watcher.Application;

/// <summary>Registers the application layer: the plugin seams and registries, the repository over the configured store, and the clock.</summary>
public static class WatcherApplicationExtensions
{
    /// <summary>
    /// Adds what every host needs above the adapters: the plugin registries, the repository and the application
    /// services (audits, templates, plans, rollback, return after maintenance, the reconciler). The host then adds a document store, at least one cloud and
    /// metrics source (each adapter's <c>AddXxx()</c>), an <see cref="Ports.IWorkflowEngine"/> and any extra plugins.
    /// </summary>
    public static IServiceCollection AddWatcherApplication(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<WatcherRepository>();
        // Where audits cache history chunks; AddBlobStorage replaces it with blobs.
        services.TryAddSingleton<ISeriesStore, InMemorySeriesStore>();
        services.TryAddSingleton<ResourceLeases>();
        services.AddOptions<LeaseOptions>().BindConfiguration(LeaseOptions.Section);
        services.TryAddTransient<AuditTemplateService>();
        services.TryAddTransient<AuditService>();
        services.TryAddTransient<QuietWindowResolver>();
        services.TryAddTransient<ActionPlanService>();
        services.TryAddTransient<RollbackService>();
        // Defaults until a host binds the section (AddValidatedOptions<ExecutionOptions>(ExecutionOptions.Section)).
        services.AddOptions<ExecutionOptions>();
        services.AddOptions<RollbackOptions>().BindConfiguration(RollbackOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddTransient<ReturnPlanService>();
        // Repairs records a crash left without their workflow; each host runs it on a timer (docs/reliability.md).
        services.AddOptions<ReconcilerOptions>().BindConfiguration(ReconcilerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<ReconcilerObservations>();
        services.TryAddTransient<Reconciler>();
        return services.AddWatcherPlugins();
    }
}
