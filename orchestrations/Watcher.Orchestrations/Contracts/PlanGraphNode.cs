using Watcher.Domain.Actions;
using Watcher.Domain.Lifecycle;

namespace Watcher.Orchestrations.Contracts;

/// <summary>
/// One action of a plan as the orchestrator sees it. <paramref name="SleepSeconds"/> is set for a <c>sleep</c>, which
/// runs as a durable timer; <paramref name="TimeoutSeconds"/> is how long its execution may take (from configuration,
/// read by the activity so the orchestrator stays deterministic); <paramref name="Footprint"/> is what it touches, for
/// the disruption budget.
/// </summary>
public sealed record PlanGraphNode(
    string Uuid,
    string ActionType,
    IReadOnlyList<string> Parents,
    ActionState State,
    double? SleepSeconds = null,
    int? TimeoutSeconds = null,
    ActionFootprint? Footprint = null);
