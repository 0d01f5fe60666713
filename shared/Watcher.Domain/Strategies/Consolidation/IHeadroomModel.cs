using Watcher.Domain.Cluster;

namespace Watcher.Domain.Strategies.Consolidation;

/// <summary>
/// Extra capacity dimensions a strategy checks besides the flavor allocation (vCPU, RAM, disk), such as measured
/// utilization against capacity. Each dimension is linear: a node has a headroom, an instance needs
/// <c>check</c> of it to fit and takes <c>consume</c> of it when it moves in (and gives it back when it leaves).
/// </summary>
internal interface IHeadroomModel
{
    int Dimensions { get; }

    /// <summary>The node's headroom in each dimension before any move (may be negative when the node is overloaded).</summary>
    void Headroom(ComputeNode node, Span<double> headroom);

    /// <summary>What the instance needs free to fit, and what it takes when it moves, in each dimension.</summary>
    void Demand(Instance instance, Span<double> check, Span<double> consume);
}
