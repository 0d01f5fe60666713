using Microsoft.Extensions.Diagnostics.HealthChecks;
using Watcher.Domain.Actions;

namespace Watcher.ServiceDefaults;

/// <summary>Ready when the cloud returns its cluster model.</summary>
internal sealed class CloudHealthCheck(ICloud cloud) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var cluster = await cloud.GetClusterAsync(cancellationToken);
            return HealthCheckResult.Healthy($"The cloud answered: {cluster.Hosts.Count} hosts.");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"The cloud did not answer ({e.GetType().Name}).");
        }
    }
}
