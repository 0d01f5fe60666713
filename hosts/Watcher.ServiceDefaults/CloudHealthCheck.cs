using Watcher.Domain.Actions;

namespace Watcher.ServiceDefaults;

/// <summary>Ready when the cloud returns its cluster model.</summary>
internal sealed class CloudHealthCheck(ICloud cloud) : ProbeHealthCheck
{
    protected override string Subject => "The cloud";

    protected override async Task<string> ProbeAsync(CancellationToken cancellationToken)
    {
        var cluster = await cloud.GetClusterAsync(cancellationToken);
        return $"The cloud answered: {cluster.Hosts.Count} hosts.";
    }
}
