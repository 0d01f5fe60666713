using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Planning;
using Watcher.Domain.Strategies;
using Watcher.Domain.Tests.Planning;

namespace Watcher.Domain.Tests.Properties;

/// <summary>
/// Properties of the conflict planner on random action lists: strategy order kept, a DAG, every conflict ordered, at
/// most <c>maxPerHost</c> migrations per host at once, and, on random valid migration sequences, no host overloaded in
/// any interleaving tried.
/// </summary>
public sealed class ConflictPlannerProperties
{
    private static Gen<ProposedAction> Action(int hosts, int instances)
    {
        var host = Gen.Choose(0, hosts - 1).Select(h => $"h{h}");
        var instance = Gen.Choose(0, instances - 1).Select(i => $"i{i}");
        var migrate =
            from i in instance
            from s in Gen.Choose(0, hosts - 1)
            from d in Gen.Choose(0, hosts - 1)
            select s == d
                ? ActionFactory.Nop("same host")
                : new ProposedAction(ActionTypes.Migrate, new JsonObject { ["resource_id"] = i, ["migration_type"] = "live", ["source_node"] = $"h{s}", ["destination_node"] = $"h{d}" });
        return Gen.Frequency(
            (12, migrate),
            (2, from h in host from st in Gen.Elements("enabled", "disabled") select new ProposedAction(ActionTypes.ChangeNovaServiceState, new JsonObject { ["resource_id"] = "uuid-" + h, ["resource_name"] = h, ["state"] = st })),
            (1, from h in host from st in Gen.Elements("on", "off") select new ProposedAction(ActionTypes.ChangeNodePowerState, new JsonObject { ["resource_id"] = "uuid-" + h, ["resource_name"] = h, ["state"] = st })),
            (2, from i in instance select new ProposedAction(ActionTypes.Stop, new JsonObject { ["resource_id"] = i })),
            (1, from i in instance select new ProposedAction(ActionTypes.Resize, new JsonObject { ["resource_id"] = i, ["flavor"] = "m1.small" })),
            (1, from v in Gen.Choose(0, 3) select new ProposedAction(ActionTypes.VolumeMigrate, new JsonObject { ["resource_id"] = $"vol{v}", ["migration_type"] = "migrate", ["destination_node"] = "pool#a" })),
            (1, Gen.Elements(ActionFactory.Nop("n"), ActionFactory.Sleep(1))),
            (1, from i in instance select new ProposedAction(ActionTypes.Migrate, new JsonObject { ["resource_id"] = i, ["migration_type"] = "live" })));
    }

    private static Gen<(List<ProposedAction> Actions, int MaxPerHost)> Scripts =>
        from hosts in Gen.Choose(1, 8)
        from instances in Gen.Choose(1, 20)
        from count in Gen.Choose(0, 80)
        from actions in Gen.ListOf(Action(hosts, instances), count)
        from maxPerHost in Gen.Choose(1, 3)
        select (actions.ToList(), maxPerHost);

    private static Gen<(ClusterModel Cluster, List<ProposedAction> Actions)> ValidMigrations =>
        from cluster in RandomClusters.Cluster
        from picks in Gen.ListOf(Gen.Two(Gen.Choose(0, 10_000)), 60)
        select (cluster, Migrations(cluster, picks.ToList()));

    [Property(MaxTest = 300, Replay = "(20261125,12345679)")]
    public Property Plan_RandomActionLists_KeepsOrderIsADagOrdersConflictsAndCapsHosts() =>
        Prop.ForAll(Scripts.ToArbitrary(), script =>
        {
            var plan = new ConflictPlanner(null, script.MaxPerHost).Plan(script.Actions);

            Assert.Equal(script.Actions, plan.Select(p => p.Action));
            Assert.Empty(PlanGraphChecks.DagProblems(script.Actions, plan));
            Assert.Empty(PlanGraphChecks.UnorderedConflicts(plan));
            Assert.True(PlanGraphChecks.MaxConcurrentMigrationsPerHost(plan) <= script.MaxPerHost);

            // Barriers (nop, sleep, a migrate without a destination) are ordered against every other action.
            var ancestors = PlanGraphChecks.Ancestors(plan);
            for (var b = 0; b < plan.Count; b++)
            {
                if (plan[b].Action.ActionType is ActionTypes.Nop or ActionTypes.Sleep || (plan[b].Action.ActionType == ActionTypes.Migrate && plan[b].Action.InputParameters["destination_node"] is null))
                {
                    for (var other = 0; other < plan.Count; other++)
                    {
                        Assert.True(other == b || PlanGraphChecks.Precedes(ancestors, Math.Min(b, other), Math.Max(b, other)), $"barrier {b} and action {other} are unordered");
                    }
                }
            }
        });

    [Property(MaxTest = 200, Replay = "(20261126,12345679)")]
    public Property Plan_RandomValidMigrations_NeverOverloadsAHostInAnyInterleaving() =>
        Prop.ForAll(ValidMigrations.ToArbitrary(), c =>
        {
            Assert.Empty(PlanVerifier.Verify(c.Cluster, c.Actions));
            foreach (var planner in new[] { new ConflictPlanner(c.Cluster), new ConflictPlanner() })
            {
                var plan = planner.Plan(c.Actions);
                Assert.Empty(PlanGraphChecks.ScheduleProblems(c.Cluster, plan, planner.MaxPerHost, runs: 5, seed: c.Actions.Count));
            }
        });

    /// <summary>Random moves that the strategy-order replay accepts (to an up node with room): instance and destination picked by the pair of numbers.</summary>
    private static List<ProposedAction> Migrations(ClusterModel cluster, List<(int Instance, int Host)> picks)
    {
        var actions = new List<ProposedAction>();
        if (cluster.Instances.Count == 0 || cluster.Hosts.Count < 2)
        {
            return actions;
        }

        var placement = new Placement(cluster);
        foreach (var pick in picks)
        {
            var instance = cluster.Instances[pick.Instance % cluster.Instances.Count];
            var destination = cluster.Hosts[pick.Host % cluster.Hosts.Count];
            var source = cluster.FindNode(placement.HostOf(instance))!;
            if (source.Uuid != destination.Uuid && destination.State == NodeState.Up && placement.Fits(instance, destination))
            {
                placement.Move(instance, destination);
                actions.Add(ActionFactory.Migrate(instance, source, destination, "live"));
            }
        }

        return actions;
    }
}
