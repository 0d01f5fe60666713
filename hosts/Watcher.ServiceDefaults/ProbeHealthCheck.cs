using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Watcher.ServiceDefaults;

/// <summary>
/// A readiness check that probes one dependency: healthy, with the probe's description, when it answers; the
/// registration's failure status when it throws, naming only the exception's type (an Azure SDK or HTTP message can
/// quote an endpoint or an account).
/// </summary>
internal abstract class ProbeHealthCheck : IHealthCheck
{
    /// <summary>What is probed, as the failure message names it (<c>The document store</c>).</summary>
    protected abstract string Subject { get; }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            return HealthCheckResult.Healthy(await ProbeAsync(cancellationToken));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"{Subject} did not answer ({e.GetType().Name}).");
        }
    }

    /// <summary>Probes the dependency; returns the description of a healthy answer, throws when it does not answer.</summary>
    protected abstract Task<string> ProbeAsync(CancellationToken cancellationToken);
}
