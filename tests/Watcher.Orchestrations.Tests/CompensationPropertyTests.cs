using System.Text.Json.Nodes;
using Watcher.Application.Ports;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Execution;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Testing;
using Xunit.Abstractions;

namespace Watcher.Orchestrations.Tests;

/// <summary>
/// Acceptance property of compensation (issue 7): random clusters, random plans of migrations (chains per instance)
/// and service-state changes with random dependencies, a fault injected at a random action and, in the second variant,
/// at a random revert too. For each policy the final cluster is exactly the initial one plus the effects of the actions
/// that succeeded and were not reverted (computed independently with the definitions' Apply), the set reverted is the
/// policy's, and every revert that failed or did not run is reported in the record and the status message.
/// Seeded: a failure names its seed. Cases run on separate in-process hosts, a few at once.
/// </summary>
public sealed class CompensationPropertyTests(ITestOutputHelper output)
{
    private const int CasesPerVariant = 8;
    private const int AtOnce = 5;

    [Theory]
    [InlineData(CompensationPolicy.All, false)]
    [InlineData(CompensationPolicy.All, true)]
    [InlineData(CompensationPolicy.Branch, false)]
    [InlineData(CompensationPolicy.Branch, true)]
    [InlineData(CompensationPolicy.None, false)]
    [InlineData(CompensationPolicy.None, true)]
    public async Task Run_FaultAtRandomActionOrRevert_FinalClusterMatchesPolicyAndEveryRevertFailureIsReported(CompensationPolicy policy, bool faultAtRevert)
    {
        var baseSeed = 7000 + ((int)policy * 100) + (faultAtRevert ? 50 : 0);
        using var gate = new SemaphoreSlim(AtOnce);
        var outcomes = await Task.WhenAll(Enumerable.Range(baseSeed, CasesPerVariant).Select(async seed =>
        {
            await gate.WaitAsync();
            try
            {
                return await RunCaseAsync(seed, policy, faultAtRevert);
            }
            catch (Exception ex)
            {
                throw new InvalidOperationException($"seed {seed} ({policy}, fault at revert: {faultAtRevert}): {ex.Message}", ex);
            }
            finally
            {
                gate.Release();
            }
        }));

        foreach (var (o, seed) in outcomes.Select((o, i) => (o, baseSeed + i)))
        {
            output.WriteLine($"seed {seed}: reverted {o.Reverted}, revert failed {o.RevertFailed}");
        }

        // The property means something only if cases reverted things and, in the second variant, some revert failed.
        if (policy != CompensationPolicy.None)
        {
            Assert.Contains(outcomes, o => o.Reverted > 0 || (faultAtRevert && o.RevertFailed > 0));
            Assert.True(!faultAtRevert || outcomes.Any(o => o.RevertFailed > 0), "no case had a revert fail");
        }
    }

    private static async Task<(int Reverted, int RevertFailed)> RunCaseAsync(int seed, CompensationPolicy policy, bool faultAtRevert)
    {
        var random = new Random(seed);
        var cluster = RandomCluster(random);
        var plan = RandomPlan(random, cluster, $"plan-{seed}", policy);
        await using var host = await OrchestrationHost.StartAsync();
        await host.Cloud.ResetAsync(cluster);
        await host.Repository.CreatePlanAsync(plan);
        List<SimulatorFault> faults = [new SimulatorFault { ActionType = "*", Occurrence = random.Next(1, plan.Actions.Count + 1), Times = 0, Message = "injected execute fault" }];
        if (faultAtRevert)
        {
            faults.Add(new SimulatorFault { ActionType = "*", Occurrence = random.Next(3) == 0 ? 2 : 1, Times = 0, Phase = "revert", Message = "injected revert fault" });
        }

        await host.Cloud.SetFaultsAsync(faults);

        var outcome = await host.ExecuteAsync(plan.Uuid);

        Assert.Equal(ActionPlanState.Failed, outcome.State);
        var stored = await host.Repository.GetPlanAsync(plan.Uuid);
        var failed = Assert.Single(stored.Actions, a => a.State == ActionState.Failed);
        var ran = stored.Actions.Where(a => a.State is ActionState.Succeeded or ActionState.Reverted or ActionState.RevertFailed).ToList();
        var revertFailed = stored.Actions.Where(a => a.State == ActionState.RevertFailed).Select(a => a.Uuid).ToHashSet();
        var reverted = stored.Actions.Where(a => a.State == ActionState.Reverted).Select(a => a.Uuid).ToHashSet();
        Assert.DoesNotContain(stored.Actions, a => a.State is ActionState.Ongoing or ActionState.Reverting or ActionState.Pending);

        // What the policy reverts, computed here from the graph: targets, then each target whose dependents that ran
        // are all targets and reverted (latest first), unless its own revert failed.
        var ancestors = PlanGraphs.Reach(stored, failed.Uuid, down: false);
        var targets = policy switch
        {
            CompensationPolicy.None => [],
            CompensationPolicy.Branch => ran.Where(a => ancestors.Contains(a.Uuid)).Select(a => a.Uuid).ToHashSet(),
            _ => ran.Select(a => a.Uuid).ToHashSet(),
        };
        Assert.Subset(targets, revertFailed);
        Assert.True(revertFailed.Count <= 1, "one revert fault rule fails one action's revert");
        var expectedReverted = new HashSet<string>();
        foreach (var action in ran.OrderByDescending(a => a.CompletionSequence))
        {
            var dependentsThatRan = PlanGraphs.Reach(stored, action.Uuid, down: true).Where(d => ran.Any(r => r.Uuid == d));
            if (targets.Contains(action.Uuid) && !revertFailed.Contains(action.Uuid) && dependentsThatRan.All(expectedReverted.Contains))
            {
                expectedReverted.Add(action.Uuid);
            }
        }

        Assert.Equal(expectedReverted.Order(), reverted.Order());

        // The final cluster: the initial one plus the effects of what ran and was not reverted, in completion order.
        var expected = new ClusterState(cluster);
        foreach (var action in ran.Where(a => !reverted.Contains(a.Uuid)).OrderBy(a => a.CompletionSequence))
        {
            ActionCatalog.Default.Get(action.ActionType).Apply(expected, action.InputParameters);
        }

        Assert.Equal(Placement(expected.ToModel()), Placement(await host.Cloud.GetClusterAsync()));

        // Reported: the record lists what was reverted, what failed and what stays in place (with a reason), and the
        // status message names every one of them.
        var record = stored.Compensation!;
        Assert.Equal(policy, record.Policy);
        Assert.Equal(failed.Uuid, record.FailedActionUuid);
        Assert.Equal(reverted.Order(), record.Reverted.Order());
        Assert.Equal(revertFailed.Order(), record.RevertFailed.Order());
        Assert.Equal(ran.Select(a => a.Uuid).Except(reverted).Except(revertFailed).Order(), record.NotReverted.Select(n => n.ActionUuid).Order());
        Assert.All(record.NotReverted, n => Assert.False(string.IsNullOrWhiteSpace(n.Reason)));
        var message = stored.StatusMessage!;
        Assert.Contains("injected execute fault", message, StringComparison.Ordinal);
        Assert.Contains($"policy {policy.ToString().ToLowerInvariant()}", message, StringComparison.Ordinal);
        Assert.All(record.Reverted.Concat(record.RevertFailed).Concat(record.NotReverted.Select(n => n.ActionUuid)), uuid => Assert.Contains(uuid, message, StringComparison.Ordinal));
        if (revertFailed.Count > 0)
        {
            Assert.Contains("Could not revert", message, StringComparison.Ordinal);
            Assert.Contains("injected revert fault", message, StringComparison.Ordinal);
        }

        await host.AssertFinalStatusAsync(TaskNames.PlanInstanceId(plan.Uuid), plan.Uuid);
        return (reverted.Count, revertFailed.Count);
    }

    /// <summary>4–7 roomy hosts (capacity never binds, so effects commute) and 3–8 active instances (so migrations often chain) placed at random.</summary>
    private static ClusterModel RandomCluster(Random random)
    {
        var hosts = Enumerable.Range(0, random.Next(4, 8)).Select(h => TestClusters.Node($"h{h}", vcpus: 128, memoryMb: 524288, diskGb: 8000)).ToList();
        var instances = Enumerable.Range(0, random.Next(3, 9)).Select(i => TestClusters.Vm($"vm{i}", hosts[random.Next(hosts.Count)].Hostname, vcpus: random.Next(1, 5))).ToList();
        return new ClusterModel(hosts, instances);
    }

    /// <summary>
    /// 3–10 actions: live migrations (a later migration of the same instance depends on the earlier one) and at most one
    /// service-state change per host, each with random extra dependencies on earlier actions.
    /// </summary>
    private static ActionPlan RandomPlan(Random random, ClusterModel cluster, string uuid, CompensationPolicy policy)
    {
        var position = cluster.Instances.ToDictionary(i => i.Uuid, i => cluster.FindNode(i.HostUuid)!.Hostname);
        var lastMove = new Dictionary<string, string>();
        var serviceHosts = new HashSet<string>();
        var actions = new List<WatcherAction>();
        var count = random.Next(3, 11);
        for (var i = 0; i < count; i++)
        {
            var id = $"{uuid}-a{i}";
            // Often a chain on the previous action, so the failed action has a branch to undo; sometimes more parents.
            var parents = actions.Where((a, n) => random.Next(n == actions.Count - 1 ? 2 : 6) == 0).Select(a => a.Uuid).ToList();
            string type;
            JsonObject input;
            var host = cluster.Hosts[random.Next(cluster.Hosts.Count)].Hostname;
            if (random.Next(4) == 0 && serviceHosts.Add(host))
            {
                type = ActionTypes.ChangeNovaServiceState;
                input = new JsonObject { ["resource_id"] = "uuid-" + host, ["resource_name"] = host, ["state"] = "disabled", ["disabled_reason"] = "watcher " + id };
            }
            else
            {
                var instance = cluster.Instances[random.Next(cluster.Instances.Count)].Uuid;
                var destinations = cluster.Hosts.Select(h => h.Hostname).Where(h => h != position[instance]).ToList();
                var destination = destinations[random.Next(destinations.Count)];
                type = ActionTypes.Migrate;
                input = new JsonObject { ["resource_id"] = instance, ["migration_type"] = "live", ["source_node"] = position[instance], ["destination_node"] = destination };
                if (lastMove.TryGetValue(instance, out var previous) && !parents.Contains(previous))
                {
                    parents.Add(previous);
                }

                position[instance] = destination;
                lastMove[instance] = id;
            }

            actions.Add(new WatcherAction { Uuid = id, ActionPlanUuid = uuid, ActionType = type, InputParameters = input, Parents = parents });
        }

        int? Cap() => random.Next(2) == 0 ? null : random.Next(1, 4);
        return new ActionPlan
        {
            Uuid = uuid,
            AuditUuid = "audit-" + uuid,
            StrategyUuid = "s",
            StrategyName = "random",
            State = ActionPlanState.Recommended,
            Actions = actions,
            ExecutionPolicy = new ExecutionPolicy { Compensation = policy, MaxConcurrentMigrations = Cap(), MaxConcurrentMigrationsPerHost = Cap() },
        };
    }

    /// <summary>Where every instance is and each node's service state.</summary>
    private static string Placement(ClusterModel cluster) =>
        string.Join(';', cluster.Instances.OrderBy(i => i.Uuid, StringComparer.Ordinal).Select(i => $"{i.Uuid}@{i.HostUuid}"))
        + "|" + string.Join(';', cluster.Hosts.OrderBy(h => h.Hostname, StringComparer.Ordinal).Select(h => $"{h.Hostname}:{h.State}:{h.Status}:{h.DisabledReason}"));
}
