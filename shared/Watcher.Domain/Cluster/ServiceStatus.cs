using System.Text.Json.Serialization;
using Watcher.Domain.Json;

namespace Watcher.Domain.Cluster;

/// <summary>Whether the compute service on a node accepts new instances (Nova's <c>status</c>).</summary>
[JsonConverter(typeof(LowerCaseEnumConverter<ServiceStatus>))]
public enum ServiceStatus
{
    Enabled,
    Disabled,
}
