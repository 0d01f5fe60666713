using Microsoft.DurableTask;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Persistence;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Activities.Audit;

/// <summary>Reads the cluster from the cloud once per audit run and stores it as the run's snapshot.</summary>
public sealed class CollectClusterModelActivity(WatcherRepository repository, ICloud cloud) : TaskActivity<AuditRunInput, SnapshotRef>
{
    public const string Name = "CollectClusterModel";

    public override async Task<SnapshotRef> RunAsync(TaskActivityContext context, AuditRunInput input)
    {
        var id = AuditRunDocuments.Id(input.AuditUuid, input.PlanUuid);
        var cluster = await AuditRunDocuments.GetOrCreateAsync(repository.Store, WatcherRepository.Snapshots, id, () => cloud.GetClusterAsync());
        return new SnapshotRef(id, cluster.Hosts.Count, cluster.Instances.Count);
    }
}
