using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary>
/// Watcher's <c>saving_energy</c> strategy (goal saving_energy): keep a pool of empty, powered-on standby nodes of
/// <c>max(nodes with VMs × free_used_percent / 100, min_free_hosts_num)</c> (truncated) nodes: power off the surplus
/// or power on empty powered-off nodes to make up a shortfall. Only power-managed nodes (with a known power state)
/// whose hypervisor is up are considered, as in Watcher. Watcher picks nodes at random; we keep the largest nodes as
/// standby and power on the largest first. Like Watcher, empty nodes whose compute service is disabled (what a
/// consolidation leaves behind) are powered off too; unlike Watcher they never count as standby, since the scheduler
/// cannot place new instances on them, and they are not powered on to make up a shortfall.
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
        var disabledOn = new List<ComputeNode>();
        var disabledOff = 0;
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
            else if (power == NodePowerState.Off)
            {
                if (node.Status == ServiceStatus.Enabled)
                {
                    freeOff.Add(node);
                }
                else
                {
                    disabledOff++;
                }
            }
            else if (node.State == NodeState.Up)
            {
                (node.Status == ServiceStatus.Enabled ? freeOn : disabledOn).Add(node);
            }
        }

        var need = (int)Math.Min(int.MaxValue, Math.Floor(Math.Max(withVms * percent / 100.0, minFree)));
        var actions = new List<ProposedAction>();
        var poweredOff = 0;
        var poweredOn = 0;

        // Empty disabled nodes (a consolidation's leftovers) cannot serve as standby: power them off.
        foreach (var node in disabledOn.OrderBy(n => n.Hostname, StringComparer.Ordinal))
        {
            actions.Add(PowerActionFactory.ChangeNodePowerState(node, NodePowerState.Off));
            poweredOff++;
        }

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
            var powerOn = 0;
            foreach (var node in ByStandbyValue(freeOff).Take(need - freeOn.Count))
            {
                actions.Add(PowerActionFactory.ChangeNodePowerState(node, NodePowerState.On));
                powerOn++;
            }

            poweredOn = powerOn;
            if (freeOn.Count + poweredOn < need)
            {
                warnings.Add($"{need} empty powered-on nodes are wanted but only {freeOn.Count + poweredOn} can be had: no more empty, enabled, powered-off nodes"
                    + (disabledOff + disabledOn.Count > 0 ? $" ({disabledOff + disabledOn.Count} empty node(s) are disabled and cannot be standby)." : "."));
            }
        }

        var managed = withVms + freeOn.Count + freeOff.Count + disabledOn.Count + disabledOff;
        var offAfter = freeOff.Count + disabledOff - poweredOn + poweredOff;
        return new StrategyResult
        {
            Actions = actions,
            Warnings = warnings,
            EfficacyIndicators =
            [
                new("power_off_nodes_count", "The number of compute nodes to be powered off.", null, poweredOff),
                new("power_on_nodes_count", "The number of compute nodes to be powered on.", null, poweredOn),
                new("standby_nodes_count", "The number of empty, enabled, powered-on compute nodes after the plan.", null, freeOn.Count - (poweredOff - disabledOn.Count) + poweredOn),
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
