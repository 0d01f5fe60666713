using System.Text.Json.Serialization;
using Watcher.Domain.Json;

namespace Watcher.Domain.Lifecycle;

/// <summary>Watcher's action plan states, plus the rollback states Watcher never had.</summary>
[JsonConverter(typeof(UpperCaseEnumConverter<ActionPlanState>))]
public enum ActionPlanState
{
    Recommended,
    Pending,
    Ongoing,
    Succeeded,
    Failed,
    Cancelling,
    Cancelled,
    Superseded,
    RollingBack,
    RolledBack,
    PartiallyRolledBack,
    RollbackFailed,
    Deleted,
}
