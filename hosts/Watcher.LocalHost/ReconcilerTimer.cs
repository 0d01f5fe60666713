using Microsoft.Extensions.Options;
using Watcher.Application.Services;
using Watcher.Orchestrations;

namespace Watcher.LocalHost;

/// <summary>
/// The local host's reconciler (the Functions app's <c>ReconcilerTimer</c>): every
/// <see cref="ReconcilerOptions.CheckSeconds"/>, <see cref="Reconciler.RunOnceAsync"/> repairs records a crash left
/// without their workflow.
/// </summary>
internal sealed class ReconcilerTimer(IServiceProvider services, IOptions<ReconcilerOptions> options, ILogger<ReconcilerTimer> logger)
    : PeriodicCheck(options.Value.CheckSeconds, "Reconciler", logger)
{
    protected override async Task RunOnceAsync(CancellationToken cancellationToken) =>
        ReconcileLog.Write(await services.GetRequiredService<Reconciler>().RunOnceAsync(cancellationToken), logger);
}
