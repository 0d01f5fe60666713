using Watcher.Domain.Cluster;

namespace Watcher.Domain.Strategies.Consolidation;

/// <summary>One migration of a consolidation plan: the instance, the node it leaves and the node it goes to.</summary>
public sealed record ConsolidationMove(Instance Instance, ComputeNode Source, ComputeNode Destination);
