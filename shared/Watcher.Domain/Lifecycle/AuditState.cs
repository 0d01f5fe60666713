using System.Text.Json.Serialization;
using Watcher.Domain.Json;

namespace Watcher.Domain.Lifecycle;

/// <summary>Watcher's audit states.</summary>
[JsonConverter(typeof(UpperCaseEnumConverter<AuditState>))]
public enum AuditState
{
    Pending,
    Ongoing,
    Succeeded,
    Failed,
    Cancelled,
    Suspended,
    Deleted,
}
