using System.Text.Json.Nodes;

namespace Watcher.Domain.Strategies;

/// <summary>An action a strategy proposes, before the planner orders it.</summary>
public sealed record ProposedAction(string ActionType, JsonObject InputParameters)
{
    /// <summary>The instance or node the action works on (Watcher's <c>resource_id</c>).</summary>
    public string? ResourceId => InputParameters["resource_id"]?.GetValue<string>();
}
