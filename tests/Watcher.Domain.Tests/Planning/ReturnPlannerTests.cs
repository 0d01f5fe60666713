using System.Text.Json.Nodes;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Errors;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Planning;
using Watcher.Domain.Strategies;
using Watcher.Domain.Strategies.Builtin;
using static Watcher.Testing.TestClusters;

namespace Watcher.Domain.Tests.Planning;

/// <summary>The return after maintenance: what goes back, what is skipped and why, and what is refused.</summary>
public sealed class ReturnPlannerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A: three VMs to drain; B and C take them; D is a spare.</summary>
    private static ClusterModel Initial() => new(
        [Node("A"), Node("B"), Node("C"), Node("D")],
        [Vm("i1", "A"), Vm("i2", "A", vcpus: 4), Vm("i3", "A", state: InstanceState.Stopped), Vm("x", "B")]);

    /// <summary>Runs host_maintenance on <paramref name="cluster"/> and marks every action SUCCEEDED, one minute apart; returns the plan and the cluster after it.</summary>
    private static (ActionPlan Plan, ClusterModel After) Maintain(ClusterModel cluster, string node = "A", string uuid = "plan-m")
    {
        var strategy = new HostMaintenanceStrategy();
        var result = strategy.Execute(new StrategyContext(cluster, strategy.Parameters.Resolve(new JsonObject { ["maintenance_node"] = node }, strategy.Name)));
        var audit = new Audit { Uuid = "audit-m", Name = "m", GoalUuid = "g", GoalName = GoalCatalog.ClusterMaintaining, StrategyUuid = "s", StrategyName = strategy.Name };
        var plan = PlanBuilder.Build(uuid, audit, strategy, result, new ConflictPlanner(cluster), T0);
        var state = new ClusterState(cluster);
        var sequence = 0;
        var actions = plan.Actions.Select(a =>
        {
            ActionCatalog.Default.Get(a.ActionType).Apply(state, a.InputParameters);
            sequence++;
            return a with { State = ActionState.Succeeded, CompletionSequence = sequence, UpdatedAt = T0.AddMinutes(sequence) };
        }).ToList();
        return (plan with { State = ActionPlanState.Succeeded, Actions = actions }, state.ToModel());
    }

    private static ClusterModel Enable(ClusterModel cluster, string node) =>
        cluster.WithNode(cluster.FindNode(node)! with { Status = ServiceStatus.Enabled, DisabledReason = null });

    private static ClusterModel Apply(ClusterModel cluster, IEnumerable<ProposedAction> actions)
    {
        var state = new ClusterState(cluster);
        foreach (var action in actions)
        {
            ActionCatalog.Default.Get(action.ActionType).Apply(state, action.InputParameters);
        }

        return state.ToModel();
    }

    /// <summary>A plan of another audit with one action in <paramref name="state"/>, finished at <paramref name="at"/>.</summary>
    private static ActionPlan Other(string uuid, ProposedAction action, ActionState state, DateTimeOffset at, ActionPlanState planState = ActionPlanState.Succeeded) => new()
    {
        Uuid = uuid,
        AuditUuid = "audit-other",
        StrategyUuid = "s2",
        StrategyName = "workload_balance",
        State = planState,
        CreatedAt = at,
        Actions = [new WatcherAction { Uuid = uuid + "-a", ActionPlanUuid = uuid, ActionType = action.ActionType, InputParameters = action.InputParameters, State = state, CreatedAt = at, UpdatedAt = at }],
    };

    [Fact]
    public void Build_HostMaintenancePlan_RecordsMaintainedHostAndEvacuations()
    {
        var (plan, _) = Maintain(Initial());

        Assert.Equal("A", plan.MaintainedHost);
        var evacuations = ReturnPlanner.Evacuations(plan);
        Assert.Equal(["uuid-i1", "uuid-i2", "uuid-i3"], evacuations.Select(e => e.InstanceUuid).Order(StringComparer.Ordinal));
        Assert.All(evacuations, e => Assert.Equal("A", e.FromHost));
        Assert.All(evacuations, e => Assert.NotEqual("A", e.ToHost));
    }

    [Fact]
    public void Evacuations_RevertedMigration_IsNotListed()
    {
        var (plan, _) = Maintain(Initial());
        var first = plan.Actions.First(a => a.ActionType == ActionTypes.Migrate);
        plan = plan.WithAction(first with { State = ActionState.Reverted });

        Assert.DoesNotContain(ReturnPlanner.Evacuations(plan), e => e.ActionUuid == first.Uuid);
        Assert.Equal(2, ReturnPlanner.Evacuations(plan).Count);
    }

    [Fact]
    public void Propose_HostEnabledAgain_MovesEveryInstanceBackExactly()
    {
        var initial = Initial();
        var (plan, after) = Maintain(initial);
        after = Enable(after, "A");

        var proposal = ReturnPlanner.Propose(plan, after, [plan]);

        Assert.False(proposal.EnablesHost);
        Assert.Empty(proposal.Warnings);
        Assert.All(proposal.Actions, a => Assert.Equal(ActionTypes.Migrate, a.ActionType));
        Assert.Equal(3, proposal.Returned.Count);
        Assert.Empty(PlanVerifier.Verify(after, proposal.Actions));
        var back = Apply(after, proposal.Actions);
        Assert.All(initial.Instances, i => Assert.Equal(i.HostUuid, back.FindInstance(i.Uuid)!.HostUuid));
    }

    [Fact]
    public void Propose_StoppedInstance_GoesBackCold()
    {
        var (plan, after) = Maintain(Initial());

        var proposal = ReturnPlanner.Propose(plan, Enable(after, "A"), [plan]);

        var i3 = Assert.Single(proposal.Actions, a => a.ResourceId == "uuid-i3");
        Assert.Equal("cold", i3.InputParameters["migration_type"]!.GetValue<string>());
    }

    [Fact]
    public void Propose_HostStillDisabledByMaintenance_ReenablesItBeforeEveryMigration()
    {
        var (plan, after) = Maintain(Initial());

        var proposal = ReturnPlanner.Propose(plan, after, [plan]);

        Assert.True(proposal.EnablesHost);
        var enable = proposal.Actions[0];
        Assert.Equal(ActionTypes.ChangeNovaServiceState, enable.ActionType);
        Assert.Equal("enabled", enable.InputParameters["state"]!.GetValue<string>());
        Assert.Empty(PlanVerifier.Verify(after, proposal.Actions));
        var planned = new ConflictPlanner(after).Plan(proposal.Actions);
        Assert.All(planned.Skip(1), p => Assert.Contains(0, Ancestors(planned, planned.ToList().IndexOf(p))));
    }

    [Fact]
    public void Propose_DeletedAndMovedInstances_AreSkippedWithReasons()
    {
        var (plan, after) = Maintain(Initial());
        var i2Host = after.FindInstance("uuid-i2")!.HostUuid;
        var elsewhere = after.Hosts.First(h => h.Uuid != i2Host && h.Hostname != "A").Uuid;
        after = new ClusterModel(after.Hosts, after.Instances.Where(i => i.Uuid != "uuid-i1").ToList())
            .WithInstance(after.FindInstance("uuid-i2")! with { HostUuid = elsewhere });

        var proposal = ReturnPlanner.Propose(plan, Enable(after, "A"), [plan]);

        Assert.Equal(["uuid-i3"], proposal.Returned.Select(e => e.InstanceUuid));
        Assert.Contains("deleted", proposal.Skipped["uuid-i1"], StringComparison.Ordinal);
        Assert.Contains("moved since", proposal.Skipped["uuid-i2"], StringComparison.Ordinal);
        Assert.Contains(proposal.Warnings, w => w.Contains("uuid-i1", StringComparison.Ordinal) && w.Contains("deleted", StringComparison.Ordinal));
        Assert.Equal(2, proposal.Warnings.Count);
    }

    [Fact]
    public void Propose_InstanceMovedByNewerPlan_IsSkippedEvenWhereTheMaintenancePutIt()
    {
        var (plan, after) = Maintain(Initial());
        var i1 = after.FindInstance("uuid-i1")!;
        var here = after.FindNode(i1.HostUuid)!;
        // A newer plan moved i1 off and back (its net effect leaves i1 where the maintenance put it).
        var newer = Other("plan-newer", ActionFactory.Migrate(i1, here, after.FindNode("D")!, "live"), ActionState.Succeeded, T0.AddHours(1));

        var proposal = ReturnPlanner.Propose(plan, Enable(after, "A"), [plan, newer]);

        Assert.DoesNotContain(proposal.Returned, e => e.InstanceUuid == "uuid-i1");
        Assert.Contains("plan-newer", proposal.Skipped["uuid-i1"], StringComparison.Ordinal);
    }

    [Fact]
    public void Propose_OlderOrRevertedMoveByAnotherPlan_DoesNotBlockTheReturn()
    {
        var (plan, after) = Maintain(Initial());
        var i1 = after.FindInstance("uuid-i1")!;
        var move = ActionFactory.Migrate(i1, after.FindNode(i1.HostUuid)!, after.FindNode("D")!, "live");
        var older = Other("plan-older", move, ActionState.Succeeded, T0.AddSeconds(-1));
        var reverted = Other("plan-reverted", move, ActionState.Reverted, T0.AddHours(1), ActionPlanState.RolledBack);

        var proposal = ReturnPlanner.Propose(plan, Enable(after, "A"), [plan, older, reverted]);

        Assert.Contains(proposal.Returned, e => e.InstanceUuid == "uuid-i1");
    }

    [Fact]
    public void Propose_PendingMoveOfARunningPlan_SkipsTheInstance()
    {
        var (plan, after) = Maintain(Initial());
        var i2 = after.FindInstance("uuid-i2")!;
        var running = Other("plan-running", ActionFactory.Migrate(i2, after.FindNode(i2.HostUuid)!, after.FindNode("D")!, "live"), ActionState.Pending, T0.AddSeconds(-5), ActionPlanState.Ongoing);

        var proposal = ReturnPlanner.Propose(plan, Enable(after, "A"), [plan, running]);

        Assert.Contains("plan-running", proposal.Skipped["uuid-i2"], StringComparison.Ordinal);
    }

    [Fact]
    public void Propose_HostFilledMeanwhile_ReturnsWhatFitsCumulativelyAndNeverOverloads()
    {
        // A holds 8 vCPU; i1 (2) and i2 (4) left it; a newcomer of 4 vCPU landed on it since: only 4 vCPU are free.
        var initial = new ClusterModel(
            [Node("A", vcpus: 8), Node("B", vcpus: 32)],
            [Vm("i1", "A"), Vm("i2", "A", vcpus: 4)]);
        var (plan, after) = Maintain(initial);
        after = new ClusterModel(after.Hosts, [.. after.Instances, Vm("newcomer", "A", vcpus: 4)]);

        var proposal = ReturnPlanner.Propose(plan, Enable(after, "A"), [plan]);

        Assert.Single(proposal.Returned);
        var skipped = Assert.Single(proposal.Skipped);
        Assert.Contains("no room on A", skipped.Value, StringComparison.Ordinal);
        Assert.Empty(PlanVerifier.Verify(Enable(after, "A"), proposal.Actions));
        var back = Apply(Enable(after, "A"), proposal.Actions);
        Assert.Empty(new ClusterState(back).OverloadedNodes());
    }

    [Fact]
    public void Propose_HostDown_IsRefused()
    {
        var (plan, after) = Maintain(Initial());
        after = after.WithNode(after.FindNode("A")! with { State = NodeState.Down, Status = ServiceStatus.Enabled, DisabledReason = null });

        var ex = Assert.Throws<ConflictException>(() => ReturnPlanner.Propose(plan, after, [plan]));

        Assert.Contains("down", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Propose_HostDisabledForAnotherReason_IsRefusedNotReenabled()
    {
        var (plan, after) = Maintain(Initial());
        after = after.WithNode(after.FindNode("A")! with { DisabledReason = "hardware fault" });

        var ex = Assert.Throws<ConflictException>(() => ReturnPlanner.Propose(plan, after, [plan]));

        Assert.Contains("hardware fault", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Propose_NewerPlanDisabledTheHostAgain_IsRefused()
    {
        var (plan, after) = Maintain(Initial());
        var again = Other("plan-again", ActionFactory.ChangeServiceState(after.FindNode("A")!, ServiceStatus.Disabled, ActionFactory.MaintenanceReason), ActionState.Succeeded, T0.AddHours(2));

        var ex = Assert.Throws<ConflictException>(() => ReturnPlanner.Propose(plan, after, [plan, again]));

        Assert.Contains("plan-again", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EnsureReturnable_NotMaintenanceNotSucceededOrLiveReturn_IsRefusedNamingWhy()
    {
        var (plan, _) = Maintain(Initial());
        var live = new ActionPlan { Uuid = "plan-r1", AuditUuid = plan.AuditUuid, StrategyUuid = plan.StrategyUuid, StrategyName = plan.StrategyName, ReturnOf = plan.Uuid, State = ActionPlanState.Ongoing };
        var cancelled = live with { Uuid = "plan-r0", State = ActionPlanState.Cancelled };

        Assert.Contains("workload_balance", Assert.Throws<ConflictException>(() => ReturnPlanner.EnsureReturnable(plan with { StrategyName = "workload_balance" }, [])).Message, StringComparison.Ordinal);
        Assert.Contains("FAILED", Assert.Throws<ConflictException>(() => ReturnPlanner.EnsureReturnable(plan with { State = ActionPlanState.Failed }, [])).Message, StringComparison.Ordinal);
        Assert.Contains("plan-r1", Assert.Throws<ConflictException>(() => ReturnPlanner.EnsureReturnable(plan, [plan, cancelled, live])).Message, StringComparison.Ordinal);
        Assert.Throws<ConflictException>(() => ReturnPlanner.EnsureReturnable(live, [plan, live]));
        ReturnPlanner.EnsureReturnable(plan, [plan, cancelled]);
    }

    [Fact]
    public void MaintainedHostOf_PlanStoredBeforeTheField_FallsBackToItsDisableAction()
    {
        var (plan, _) = Maintain(Initial());

        Assert.Equal("A", ReturnPlanner.MaintainedHostOf(plan with { MaintainedHost = null }));
    }

    private static HashSet<int> Ancestors(IReadOnlyList<PlannedAction> planned, int index)
    {
        var seen = new HashSet<int>();
        var stack = new Stack<int>(planned[index].Parents);
        while (stack.Count > 0)
        {
            var i = stack.Pop();
            if (seen.Add(i))
            {
                foreach (var p in planned[i].Parents)
                {
                    stack.Push(p);
                }
            }
        }

        return seen;
    }
}
