using System.Text.Json.Serialization;
using Watcher.Domain.Json;

namespace Watcher.Domain.Lifecycle;

/// <summary>Watcher's action states, plus the revert states of compensation and rollback.</summary>
[JsonConverter(typeof(UpperCaseEnumConverter<ActionState>))]
public enum ActionState
{
    Pending,
    Ongoing,
    Succeeded,
    Failed,
    Skipped,
    Cancelled,
    Reverting,
    Reverted,
    RevertFailed,
    Deleted,
}
