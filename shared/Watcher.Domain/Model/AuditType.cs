using System.Text.Json.Serialization;
using Watcher.Domain.Json;

namespace Watcher.Domain.Model;

/// <summary>How an audit runs: once, on a schedule, or when an event arrives.</summary>
[JsonConverter(typeof(UpperCaseEnumConverter<AuditType>))]
public enum AuditType
{
    Oneshot,
    Continuous,
    Event,
}
