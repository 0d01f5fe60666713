using System.Text.Json.Serialization;
using Watcher.Domain.Json;

namespace Watcher.Domain.Cluster;

/// <summary>Whether a compute node's hypervisor is reachable (Nova's <c>state</c>).</summary>
[JsonConverter(typeof(LowerCaseEnumConverter<NodeState>))]
public enum NodeState
{
    Up,
    Down,
}
