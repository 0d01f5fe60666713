using System.Text.Json.Serialization;
using Watcher.Domain.Json;

namespace Watcher.Domain.Execution;

/// <summary>What a plan's execution undoes after an action fails for good.</summary>
[JsonConverter(typeof(LowerCaseEnumConverter<CompensationPolicy>))]
public enum CompensationPolicy
{
    /// <summary>Revert every action that succeeded (the default).</summary>
    All,

    /// <summary>Revert only the failed action's dependency chain: the succeeded actions it depends on, transitively.</summary>
    Branch,

    /// <summary>Revert nothing: stop and leave the cluster as it is.</summary>
    None,
}
