using Watcher.Domain.Model;
using Watcher.Domain.Strategies;

namespace Watcher.Domain.Planning;

/// <summary>
/// What <see cref="ReturnPlanner"/> proposes to move back after a maintenance: the actions (re-enable the node if the
/// maintenance still holds it disabled, then one migration per returning instance), the instances returned, those
/// skipped with the reason, and the warnings to put on the return plan.
/// </summary>
public sealed record ReturnProposal
{
    /// <summary>The maintenance plan the return undoes.</summary>
    public required string MaintenancePlanUuid { get; init; }

    /// <summary>The node the instances return to (hostname).</summary>
    public required string MaintainedHost { get; init; }

    /// <summary>The actions, in order: the service enable (when needed) first, then migrations.</summary>
    public IReadOnlyList<ProposedAction> Actions { get; init; } = [];

    /// <summary>True when the first action re-enables the maintained node's compute service.</summary>
    public bool EnablesHost { get; init; }

    /// <summary>The evacuations that are moved back.</summary>
    public IReadOnlyList<MaintenanceEvacuation> Returned { get; init; } = [];

    /// <summary>Instances not moved back (uuid to reason): deleted, moved since, moved by a newer plan, no room, ...</summary>
    public IReadOnlyDictionary<string, string> Skipped { get; init; } = new Dictionary<string, string>();

    /// <summary>One line per skipped instance and per other thing the return cannot do, for the plan's <c>warnings</c>.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The proposal as a strategy result, for <see cref="PlanBuilder"/> and <see cref="PlanVerifier"/>.</summary>
    public StrategyResult ToStrategyResult() => new()
    {
        Actions = Actions,
        Warnings = Warnings,
        EfficacyIndicators =
        [
            new EfficacyIndicator("instance_migrations_count", "The number of VM migrations to be performed.", null, Returned.Count),
            new EfficacyIndicator("skipped_instances_count", "The number of evacuated instances the return plan leaves where they are.", null, Skipped.Count),
        ],
    };
}
