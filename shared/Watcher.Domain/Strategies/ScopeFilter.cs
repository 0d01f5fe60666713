using Watcher.Domain.Cluster;
using Watcher.Domain.Model;

namespace Watcher.Domain.Strategies;

/// <summary>Answers "may the strategy touch this node / move this instance?" for an audit scope.</summary>
public sealed class ScopeFilter
{
    private readonly HashSet<string> _nodesInScope;
    private readonly HashSet<string> _excludedInstances;
    private readonly HashSet<string> _excludedProjects;

    public ScopeFilter(ClusterModel cluster, AuditScope scope)
    {
        Scope = scope;
        _excludedInstances = scope.ExcludeInstances.ToHashSet(StringComparer.Ordinal);
        _excludedProjects = scope.ExcludeProjects.ToHashSet(StringComparer.Ordinal);
        var includeHosts = scope.IncludeHosts.ToHashSet(StringComparer.Ordinal);
        var excludeHosts = scope.ExcludeHosts.ToHashSet(StringComparer.Ordinal);
        var includeZones = scope.IncludeZones.ToHashSet(StringComparer.Ordinal);
        var excludeZones = scope.ExcludeZones.ToHashSet(StringComparer.Ordinal);
        _nodesInScope = cluster.Hosts
            .Where(n => includeHosts.Count == 0 || includeHosts.Contains(n.Uuid) || includeHosts.Contains(n.Hostname))
            .Where(n => includeZones.Count == 0 || (n.Zone is not null && includeZones.Contains(n.Zone)))
            .Where(n => !excludeHosts.Contains(n.Uuid) && !excludeHosts.Contains(n.Hostname))
            .Where(n => n.Zone is null || !excludeZones.Contains(n.Zone))
            .Select(n => n.Uuid)
            .ToHashSet(StringComparer.Ordinal);
    }

    public AuditScope Scope { get; }

    public bool IsNodeInScope(ComputeNode node) => _nodesInScope.Contains(node.Uuid);

    /// <summary>An instance may be moved when its node is in scope and neither it nor its project is excluded.</summary>
    public bool IsInstanceMovable(Instance instance) =>
        !instance.WatcherExclude
        && _nodesInScope.Contains(instance.HostUuid)
        && !_excludedInstances.Contains(instance.Uuid)
        && (instance.ProjectId is null || !_excludedProjects.Contains(instance.ProjectId));
}
