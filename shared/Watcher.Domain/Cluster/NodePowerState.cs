using System.Text.Json.Serialization;
using Watcher.Domain.Json;

namespace Watcher.Domain.Cluster;

/// <summary>Whether a compute node's machine is powered on or off (Ironic / MaaS power state).</summary>
[JsonConverter(typeof(LowerCaseEnumConverter<NodePowerState>))]
public enum NodePowerState
{
    On,
    Off,
}
