using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Watcher.ServiceDefaults;

/// <summary>
/// Ready when the Durable engine answers a status query. In the Functions app the host owns the engine and no
/// <see cref="DurableTaskClient"/> is registered in the worker's container: the check then reports healthy.
/// </summary>
internal sealed class DurableTaskHealthCheck(IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var client = services.GetService<DurableTaskClient>();
        if (client is null)
        {
            return HealthCheckResult.Healthy("The Durable engine is run by the Functions host.");
        }

        try
        {
            await client.GetInstanceAsync("watcher-health-probe", getInputsAndOutputs: false, cancellationToken);
            return HealthCheckResult.Healthy("The Durable engine answered.");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"The Durable engine did not answer ({e.GetType().Name}).");
        }
    }
}
