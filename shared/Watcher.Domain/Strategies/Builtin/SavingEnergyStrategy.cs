using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary>
/// Watcher's <c>saving_energy</c> strategy (goal saving_energy): keep a pool of empty, powered-on standby nodes of
/// <c>max(nodes with VMs × free_used_percent / 100, min_free_hosts_num)</c> (truncated) nodes: power off the surplus
/// or power on empty powered-off nodes to make up a shortfall. Only power-managed nodes (with a known power state)
/// are considered. Watcher picks nodes at random; we keep the largest nodes as standby and power on the largest first.
/// </summary>
public sealed class SavingEnergyStrategy : Strategy<SavingEnergyParameters>
{
    public override string Name => "saving_energy";

    public override string DisplayName => "Saving Energy Strategy";

    public override string GoalName => GoalCatalog.SavingEnergy;

    public override ParameterSchema Parameters => SavingEnergyParameters.Schema;

    protected override StrategyResult Execute(StrategyContext context, SavingEnergyParameters parameters)
    {
        var cluster = context.Cluster;
        var percent = parameters.FreeUsedPercent;
        var minFree = parameters.MinFreeHostsNum;
        var withVms = 0;
        var freeOn = new List<ComputeNode>();
        var freeOff = new List<ComputeNode>();
        var warnings = new List<string>();
        foreach (var node in cluster.Hosts)
        {
            if (node.PowerState is not { } power || !context.Scope.IsNodeInScope(node))
            {
                continue;
            }

            if (cluster.InstancesOn(node.Uuid).Count > 0)
            {
                withVms++;
            }
            else if (node.Status != ServiceStatus.Enabled)
            {
                continue;
            }
            else if (power == NodePowerState.Off)
            {
                freeOff.Add(node);
            }
            else if (node.State == NodeState.Up)
            {
                freeOn.Add(node);
            }
        }

        var need = (int)Math.Min(int.MaxValue, Math.Floor(Math.Max(withVms * percent / 100.0, minFree)));
        var actions = new List<ProposedAction>();
        var poweredOff = 0;
        var poweredOn = 0;
        if (freeOn.Count > need)
        {
            foreach (var node in ByStandbyValue(freeOn).Skip(need))
            {
                actions.Add(PowerActionFactory.ChangeNodePowerState(node, NodePowerState.Off));
                poweredOff++;
            }
        }
        else if (freeOn.Count < need)
        {
            foreach (var node in ByStandbyValue(freeOff).Take(need - freeOn.Count))
            {
                actions.Add(PowerActionFactory.ChangeNodePowerState(node, NodePowerState.On));
                poweredOn++;
            }

            if (freeOn.Count + poweredOn < need)
            {
                warnings.Add($"{need} empty powered-on nodes are wanted but only {freeOn.Count + poweredOn} can be had: no more empty, enabled, powered-off nodes.");
            }
        }

        var managed = withVms + freeOn.Count + freeOff.Count;
        var offAfter = freeOff.Count - poweredOn + poweredOff;
        return new StrategyResult
        {
            Actions = actions,
            Warnings = warnings,
            EfficacyIndicators =
            [
                new("power_off_nodes_count", "The number of compute nodes to be powered off.", null, poweredOff),
                new("power_on_nodes_count", "The number of compute nodes to be powered on.", null, poweredOn),
                new("standby_nodes_count", "The number of empty, powered-on compute nodes after the plan.", null, freeOn.Count - poweredOff + poweredOn),
            ],
            GlobalEfficacy =
            [
                new("powered_off_nodes_ratio", "Share of the power-managed compute nodes that are powered off after the plan.", "%", managed == 0 ? 0 : 100.0 * offAfter / managed),
            ],
        };
    }

    /// <summary>The nodes worth keeping on first: most RAM, then vCPUs, then disk (allocatable), then hostname.</summary>
    private static IEnumerable<ComputeNode> ByStandbyValue(IEnumerable<ComputeNode> nodes) =>
        nodes.OrderByDescending(n => n.Capacity.MemoryMb)
            .ThenByDescending(n => n.Capacity.VCpus)
            .ThenByDescending(n => n.Capacity.DiskGb)
            .ThenBy(n => n.Hostname, StringComparer.Ordinal);
}
