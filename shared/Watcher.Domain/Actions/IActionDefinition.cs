using System.Text.Json.Nodes;
using Watcher.Domain.Cluster;

namespace Watcher.Domain.Actions;

/// <summary>
/// What an action type is, independent of any cloud (Watcher's action plugin minus the cloud calls): its input
/// schema, the resources it touches, its planner weight and parallelism, and its effect on the cluster model.
/// Planners, the plan verifier, the applier's pre- and post-conditions and the simulator all work from definitions,
/// so adding an action type means writing its definition and one <see cref="IActionHandler"/> per real cloud.
/// Every method that takes a <see cref="ClusterState"/> is pure: it reads or changes only that state.
/// </summary>
public interface IActionDefinition
{
    /// <summary>Watcher's action type name, e.g. <c>migrate</c>.</summary>
    string ActionType { get; }

    /// <summary>One line for catalogues and documentation.</summary>
    string Description { get; }

    /// <summary>JSON Schema (draft 2020-12) of the action's <c>input_parameters</c>.</summary>
    JsonObject InputSchema { get; }

    /// <summary>Watcher's weight planner weight: higher runs earlier.</summary>
    int Weight { get; }

    /// <summary>Watcher's weight planner parallelization: how many actions of this type run at once.</summary>
    int Parallelization { get; }

    /// <summary>
    /// False for actions with no effect on the cluster (nop, sleep): they always execute and have no post-condition.
    /// </summary>
    bool ChangesCluster { get; }

    /// <summary>The resources the action touches, for planners that order by conflicts.</summary>
    ActionFootprint Footprint(JsonObject input);

    /// <summary>Throws <see cref="ActionPreconditionException"/> naming the problem when the action cannot run on <paramref name="state"/>.</summary>
    void CheckPrecondition(ClusterState state, JsonObject input);

    /// <summary>True when the action's effect is already visible (a replay after a crash, or the post-condition).</summary>
    bool IsApplied(ClusterState state, JsonObject input);

    /// <summary>
    /// Why a PENDING action is no longer needed on <paramref name="state"/> (its instance or volume was deleted, or its
    /// effect is already in place before it ran), or null when it must run. The applier then marks it SKIPPED with this
    /// reason instead of running it, as Watcher 2026.1 does.
    /// </summary>
    string? NotNeededReason(ClusterState state, JsonObject input);

    /// <summary>What revert will need, read before the action runs (for example the previous service state).</summary>
    JsonObject? CaptureRevertData(ClusterState state, JsonObject input);

    /// <summary>
    /// Applies the action's effect to <paramref name="state"/> as the cloud would, and returns a one-line description.
    /// Throws <see cref="ActionFailedException"/> when the cloud would refuse (no room, a host still running instances).
    /// </summary>
    string Apply(ClusterState state, JsonObject input);

    /// <summary>Applies the effect of undoing the action (using <paramref name="revertData"/>) and returns a description; a no-op when already undone.</summary>
    string Revert(ClusterState state, JsonObject input, JsonObject? revertData);

    /// <summary>True when the revert's effect is visible (nothing left to undo).</summary>
    bool IsReverted(ClusterState state, JsonObject input, JsonObject? revertData);

    /// <summary>
    /// Throws <see cref="ActionPreconditionException"/> naming the drift when the cluster no longer shows what the
    /// action left (the instance deleted, or moved away from where the action put it), so reverting it would act on
    /// something else. Capacity is not checked here: <see cref="Revert"/> refuses a move to a full host. Nothing by default.
    /// </summary>
    void CheckRevertPrecondition(ClusterState state, JsonObject input, JsonObject? revertData)
    {
    }
}
