using System.Globalization;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Errors;
using Watcher.Domain.Json;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Strategies;

namespace Watcher.Domain.Planning;

/// <summary>
/// Plans the move back after a host maintenance (the Victoria spec's missing half). A <c>host_maintenance</c> plan
/// records its node in <see cref="ActionPlan.MaintainedHost"/>, and each instance's origin and destination in its
/// SUCCEEDED migrate actions (<see cref="Evacuations"/>). The return moves back only what is still where the
/// maintenance put it: instances deleted, moved since, or touched by a newer plan's migration are skipped with the
/// reason; the node must be up and enabled (its service is re-enabled first only when this very maintenance still
/// holds it disabled and no newer plan changed it); each move is checked against the node's capacity cumulatively on
/// a <see cref="ClusterState"/> with the migrate definition, so the node is never overloaded. Pure: reads only its
/// arguments.
/// </summary>
public static class ReturnPlanner
{
    /// <summary>The strategy whose plans can be returned (and which return plans carry as their strategy).</summary>
    public const string MaintenanceStrategy = "host_maintenance";

    /// <summary>True for a <c>host_maintenance</c> plan that is not itself a return plan.</summary>
    public static bool IsMaintenancePlan(ActionPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.StrategyName == MaintenanceStrategy && plan.ReturnOf is null;
    }

    /// <summary>
    /// True while a return plan stands for its maintenance plan: not yet run, running, or SUCCEEDED. A return plan
    /// that was cancelled, failed, superseded, rolled back (in whole or in part) or deleted no longer blocks a new one.
    /// </summary>
    public static bool IsLive(ActionPlan returnPlan)
    {
        ArgumentNullException.ThrowIfNull(returnPlan);
        return returnPlan.State is ActionPlanState.Recommended or ActionPlanState.Pending or ActionPlanState.Ongoing
            or ActionPlanState.Cancelling or ActionPlanState.Succeeded or ActionPlanState.RollingBack;
    }

    /// <summary>
    /// The node a maintenance plan took out of service: <see cref="ActionPlan.MaintainedHost"/>, or for a plan stored
    /// before that field existed, the node its maintenance disable or its migrations name. Null when nothing says.
    /// </summary>
    public static string? MaintainedHostOf(ActionPlan maintenance)
    {
        ArgumentNullException.ThrowIfNull(maintenance);
        return maintenance.MaintainedHost
            ?? maintenance.Actions.Where(IsMaintenanceDisable).Select(a => JsonText.NonEmpty(a.InputParameters, "resource_name") ?? JsonText.NonEmpty(a.InputParameters, "resource_id")).FirstOrDefault(h => h is not null)
            ?? maintenance.Actions.Where(a => a.ActionType == ActionTypes.Migrate).Select(a => JsonText.NonEmpty(a.InputParameters, "source_node")).FirstOrDefault(h => h is not null);
    }

    /// <summary>Every instance the maintenance moved off its node: one per SUCCEEDED migrate action leaving the maintained node, in plan order.</summary>
    public static IReadOnlyList<MaintenanceEvacuation> Evacuations(ActionPlan maintenance)
    {
        ArgumentNullException.ThrowIfNull(maintenance);
        var host = MaintainedHostOf(maintenance);
        var list = new List<MaintenanceEvacuation>();
        foreach (var action in maintenance.Actions)
        {
            if (action.ActionType != ActionTypes.Migrate || action.State != ActionState.Succeeded)
            {
                continue;
            }

            var input = action.InputParameters;
            if (JsonText.NonEmpty(input, "resource_id") is not { } instance || JsonText.NonEmpty(input, "source_node") is not { } from
                || JsonText.NonEmpty(input, "destination_node") is not { } to || (host is not null && from != host))
            {
                continue;
            }

            list.Add(new MaintenanceEvacuation(action.Uuid, instance, JsonText.NonEmpty(input, "resource_name"), from, to,
                JsonText.NonEmpty(input, "migration_type") ?? "live", action.UpdatedAt ?? action.CreatedAt));
        }

        return list;
    }

    /// <summary>
    /// Refuses (409) a return for a plan that is not a <c>host_maintenance</c> plan, did not succeed, or already has a
    /// live return plan among <paramref name="plans"/> (named in the message).
    /// </summary>
    /// <exception cref="ConflictException">The plan cannot be returned now.</exception>
    public static void EnsureReturnable(ActionPlan maintenance, IEnumerable<ActionPlan> plans)
    {
        ArgumentNullException.ThrowIfNull(maintenance);
        ArgumentNullException.ThrowIfNull(plans);
        if (maintenance.ReturnOf is { } of)
        {
            throw new ConflictException($"Action plan {maintenance.Uuid} is itself the return plan of {of}; only a host_maintenance plan can be returned.");
        }

        if (maintenance.StrategyName != MaintenanceStrategy)
        {
            throw new ConflictException($"Action plan {maintenance.Uuid} is a {maintenance.StrategyName} plan; only a host_maintenance plan can be returned.");
        }

        if (maintenance.State != ActionPlanState.Succeeded)
        {
            throw new ConflictException($"Action plan {maintenance.Uuid} is {StateMachine<ActionPlanState>.Name(maintenance.State)}; only a SUCCEEDED host_maintenance plan can be returned.");
        }

        if (plans.FirstOrDefault(p => p.ReturnOf == maintenance.Uuid && IsLive(p)) is { } live)
        {
            throw new ConflictException($"Action plan {maintenance.Uuid} already has return plan {live.Uuid} ({StateMachine<ActionPlanState>.Name(live.State)}); cancel, roll back or delete it first.");
        }
    }

    /// <summary>
    /// Proposes the return of <paramref name="maintenance"/> on <paramref name="cluster"/> as it is now, given every
    /// stored plan (<paramref name="plans"/>, to find newer plans' moves). Call <see cref="EnsureReturnable"/> first.
    /// </summary>
    /// <exception cref="ConflictException">The maintained node is gone, down, or disabled by someone else: nothing can return to it.</exception>
    public static ReturnProposal Propose(ActionPlan maintenance, ClusterModel cluster, IReadOnlyList<ActionPlan> plans, ActionCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(maintenance);
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(plans);
        catalog ??= ActionCatalog.Default;
        var hostName = MaintainedHostOf(maintenance)
            ?? throw new ConflictException($"Action plan {maintenance.Uuid} does not record which node it maintained.");
        var host = cluster.FindNode(hostName)
            ?? throw new ConflictException($"Maintained node {hostName} of action plan {maintenance.Uuid} is no longer in the cluster.");
        if (host.State != NodeState.Up)
        {
            throw new ConflictException($"Maintained node {host.Hostname} is {host.State.ToString().ToLowerInvariant()}; instances return only to a node that is up and enabled.");
        }

        var others = plans.Where(p => p.Uuid != maintenance.Uuid && p.State != ActionPlanState.Deleted).ToList();
        var state = new ClusterState(cluster);
        var actions = new List<ProposedAction>();
        var enables = false;
        if (host.Status == ServiceStatus.Disabled)
        {
            EnsureStillDisabledByMaintenance(maintenance, host, others);
            var enable = ActionFactory.ChangeServiceState(host, ServiceStatus.Enabled);
            catalog.Get(enable.ActionType).Apply(state, enable.InputParameters);
            actions.Add(enable);
            enables = true;
        }

        var returned = new List<MaintenanceEvacuation>();
        var skipped = new Dictionary<string, string>(StringComparer.Ordinal);
        var warnings = new List<string>();
        var migrate = catalog.Get(ActionTypes.Migrate);
        foreach (var evacuation in Evacuations(maintenance))
        {
            var reason = SkipReason(evacuation, host, state, others);
            ProposedAction? move = null;
            if (reason is null)
            {
                var instance = state.FindInstance(evacuation.InstanceUuid)!;
                move = ActionFactory.Migrate(instance, state.FindNode(instance.HostUuid)!, host, evacuation.MigrationType);
                try
                {
                    migrate.CheckPrecondition(state, move.InputParameters);
                    var free = state.Free(state.FindNode(host.Uuid)!);
                    if (!instance.Demand.FitsIn(free))
                    {
                        reason = $"no room on {host.Hostname}: it needs {Describe(instance.Demand)}, {Describe(free)} is free after the returns before it";
                    }
                }
                catch (ActionPreconditionException ex)
                {
                    reason = ex.Message;
                }
            }

            if (reason is not null)
            {
                skipped[evacuation.InstanceUuid] = reason;
                warnings.Add($"Instance {evacuation.InstanceUuid}{(evacuation.InstanceName is { } name ? $" ({name})" : string.Empty)} is not moved back to {host.Hostname}: {reason}.");
                continue;
            }

            migrate.Apply(state, move!.InputParameters);
            actions.Add(move);
            returned.Add(evacuation);
        }

        foreach (var stop in maintenance.Actions.Where(a => a.ActionType == ActionTypes.Stop && a.State == ActionState.Succeeded))
        {
            var id = JsonText.NonEmpty(stop.InputParameters, "resource_id");
            warnings.Add($"Instance {id} was stopped in place on {host.Hostname} by maintenance plan {maintenance.Uuid} (migration was disabled); the return plan does not start it.");
        }

        return new ReturnProposal
        {
            MaintenancePlanUuid = maintenance.Uuid,
            MaintainedHost = host.Hostname,
            Actions = actions,
            EnablesHost = enables,
            Returned = returned,
            Skipped = skipped,
            Warnings = warnings,
        };
    }

    /// <summary>Why an evacuated instance stays where it is, or null when it can go back (capacity is checked after).</summary>
    private static string? SkipReason(MaintenanceEvacuation evacuation, ComputeNode host, ClusterState state, IReadOnlyList<ActionPlan> others)
    {
        if (state.FindInstance(evacuation.InstanceUuid) is not { } instance)
        {
            return "it was deleted";
        }

        if (instance.HostUuid == host.Uuid)
        {
            return "it is already back";
        }

        if (NewerMove(evacuation, others) is { } newer)
        {
            return $"newer action plan {newer.Uuid} ({newer.StrategyName}) moved it or is moving it, and a return never undoes a newer plan";
        }

        var destination = state.FindNode(evacuation.ToHost);
        if (destination is null || instance.HostUuid != destination.Uuid)
        {
            var now = state.FindNode(instance.HostUuid)?.Hostname ?? instance.HostUuid;
            return $"it moved since: it is on {now}, not on {evacuation.ToHost} where the maintenance put it";
        }

        if (instance.WatcherExclude)
        {
            return "it is excluded from optimization (watcher_exclude)";
        }

        return null;
    }

    /// <summary>
    /// A plan other than the maintenance whose migration of the instance is in effect and happened after the
    /// maintenance moved it (SUCCEEDED, ONGOING, REVERTING or REVERT_FAILED), or which is about to run one (a PENDING
    /// action of a PENDING or ONGOING plan). Reverted moves are undone and do not count.
    /// </summary>
    private static ActionPlan? NewerMove(MaintenanceEvacuation evacuation, IReadOnlyList<ActionPlan> others) =>
        others.FirstOrDefault(p => p.Actions.Any(a => a.ActionType == ActionTypes.Migrate
            && JsonText.NonEmpty(a.InputParameters, "resource_id") == evacuation.InstanceUuid
            && IsNewerEffect(p, a, evacuation.CompletedAt)));

    private static bool IsNewerEffect(ActionPlan plan, WatcherAction action, DateTimeOffset since) =>
        action.State is ActionState.Succeeded or ActionState.Ongoing or ActionState.Reverting or ActionState.RevertFailed
            ? (action.UpdatedAt ?? action.CreatedAt) > since
            : action.State == ActionState.Pending && plan.State is (ActionPlanState.Pending or ActionPlanState.Ongoing);

    /// <summary>
    /// The node is disabled: the return may re-enable it only when this maintenance disabled it (a SUCCEEDED disable
    /// with reason watcher_maintaining), it still carries that reason, and no newer plan changed its service since.
    /// </summary>
    private static void EnsureStillDisabledByMaintenance(ActionPlan maintenance, ComputeNode host, IReadOnlyList<ActionPlan> others)
    {
        var disable = maintenance.Actions.FirstOrDefault(a => IsMaintenanceDisable(a) && a.State == ActionState.Succeeded && Names(a, host));
        if (disable is null || host.DisabledReason != ActionFactory.MaintenanceReason)
        {
            throw new ConflictException($"Maintained node {host.Hostname} is disabled{(host.DisabledReason is { } r ? $" (reason '{r}')" : string.Empty)}, not by maintenance plan {maintenance.Uuid}; enable it first, then ask for the return.");
        }

        var since = disable.UpdatedAt ?? disable.CreatedAt;
        var newer = others.FirstOrDefault(p => p.Actions.Any(a => a.ActionType == ActionTypes.ChangeNovaServiceState && Names(a, host) && IsNewerEffect(p, a, since)));
        if (newer is not null)
        {
            throw new ConflictException($"Maintained node {host.Hostname} is disabled, and newer action plan {newer.Uuid} ({newer.StrategyName}) changed its service after maintenance plan {maintenance.Uuid}; a return never undoes a newer plan: enable it first, then ask for the return.");
        }
    }

    private static bool IsMaintenanceDisable(WatcherAction action) =>
        action.ActionType == ActionTypes.ChangeNovaServiceState && JsonText.NonEmpty(action.InputParameters, "state") == "disabled"
        && JsonText.NonEmpty(action.InputParameters, "disabled_reason") == ActionFactory.MaintenanceReason;

    private static bool Names(WatcherAction action, ComputeNode host) =>
        (JsonText.NonEmpty(action.InputParameters, "resource_id") is { } id && (id == host.Uuid || id == host.Hostname))
        || JsonText.NonEmpty(action.InputParameters, "resource_name") == host.Hostname;

    private static string Describe(Resources r) =>
        string.Create(CultureInfo.InvariantCulture, $"{r.VCpus:0.##} vCPU / {r.MemoryMb:0.##} MB / {r.DiskGb:0.##} GB");
}
