using System.Text.Json.Nodes;
using Watcher.Domain.Cluster;
using Watcher.Domain.Metrics;
using Watcher.Domain.Model;

namespace Watcher.Domain.Strategies;

/// <summary>Everything a strategy may look at: the cluster, its metrics, resolved parameters and the audit scope.</summary>
public sealed class StrategyContext
{
    public StrategyContext(ClusterModel cluster, JsonObject parameters, AuditScope? scope = null, IMetricsView? metrics = null, IMetricsHistory? history = null)
    {
        Cluster = cluster;
        Parameters = parameters;
        Scope = new ScopeFilter(cluster, scope ?? AuditScope.All);
        Metrics = metrics ?? new ModelMetricsView(cluster);
        History = history ?? MetricsHistory.Empty;
    }

    public ClusterModel Cluster { get; }

    /// <summary>Parameters already validated against the strategy's schema, with defaults filled in.</summary>
    public JsonObject Parameters { get; }

    public ScopeFilter Scope { get; }

    public IMetricsView Metrics { get; }

    /// <summary>Raw series the strategy asked for with <see cref="IStrategy.History"/>; empty otherwise.</summary>
    public IMetricsHistory History { get; }
}
