using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Watcher.ServiceDefaults;

/// <summary>
/// Ready when the Durable engine answers a status query. In the Functions app the host owns the engine and no
/// <see cref="DurableTaskClient"/> is registered in the worker's container: the check then reports healthy.
/// </summary>
internal sealed class DurableTaskHealthCheck(IServiceProvider services) : ProbeHealthCheck
{
    protected override string Subject => "The Durable engine";

    protected override async Task<string> ProbeAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<DurableTaskClient>() is not { } client)
        {
            return "The Durable engine is run by the Functions host.";
        }

        await client.GetInstanceAsync("watcher-health-probe", getInputsAndOutputs: false, cancellationToken);
        return "The Durable engine answered.";
    }
}
