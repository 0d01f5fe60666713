using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Errors;
using Watcher.Domain.Model;
using Watcher.Domain.Planning;
using Watcher.Domain.Strategies;
using Watcher.Domain.Tests.Planning;
using Watcher.Optimization;
using Xunit.Abstractions;

namespace Watcher.Domain.Tests.Properties;

/// <summary>
/// Property tests over every registered strategy (the registry is iterated, so a strategy added later is covered):
/// on random clusters, scopes and valid parameters, a strategy either rejects the parameters with a
/// <see cref="ValidationException"/> (counted as discarded) or returns a plan that PlanVerifier accepts, loses no
/// instance, migrates each instance from where it is to a different, schedulable, in-scope node, moves only movable
/// instances, and that the weight and conflict planners (and the planner the strategy names) turn into a DAG covering
/// every action; the conflict planner's graph also orders every conflict, caps migrations per host and never overloads
/// a host in any interleaving tried. The registry is the default one of the hosts (<see cref="BuiltinStrategies"/>),
/// so CP-SAT's <c>optimal_consolidation</c> is covered too, on a short time budget (see <see cref="Fast"/>).
/// </summary>
public sealed class StrategyInvariantProperties(ITestOutputHelper output)
{
    /// <summary>Fixed seed: a failure prints its case; the same seed replays the same cases.</summary>
    private const ulong Seed = 0x5EED_2026_1125UL;

    /// <summary>FsCheck's golden gamma (must be odd).</summary>
    private const ulong Gamma = 0x9E37_79B9_7F4A_7C15UL;

    private const int Cases = 200;

    public static TheoryData<string> StrategyNames()
    {
        var data = new TheoryData<string>();
        foreach (var strategy in BuiltinStrategies.Registry.All)
        {
            data.Add(strategy.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(StrategyNames))]
    public void Execute_RandomClustersAndParameters_KeepsEveryInvariant(string strategyName)
    {
        var strategy = BuiltinStrategies.Registry.Find(strategyName)!;
        var cases =
            from cluster in RandomClusters.Cluster
            from scope in RandomClusters.Scope(cluster)
            from parameters in RandomParameters.For(strategy, cluster)
            select new StrategyCase(strategy.Name, cluster, scope, AsParsed(Fast(strategy.Name, parameters)));
        int ran = 0, discarded = 0, actions = 0;
        var property = Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var count = Run(strategy, c);
            if (count is null)
            {
                discarded++;
            }
            else
            {
                ran++;
                actions += count.Value;
            }
        });

        var seed = Seed ^ Fnv(strategy.Name);
        var config = Config.QuickThrowOnFailure
            .WithMaxTest(Cases)
            .WithQuietOnSuccess(true)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed, Gamma), FSharpOption<int>.None)));
        Check.One(config, property);

        output.WriteLine($"{strategy.Name}: {ran} cases ran ({actions} actions), {discarded} discarded as invalid parameters; seed {seed}");
        Assert.True(ran > 0, $"every generated case of {strategy.Name} was rejected as invalid");
    }

    /// <summary>Runs one case; returns the number of actions, or null when the strategy rejected the parameters.</summary>
    private static int? Run(IStrategy strategy, StrategyCase c)
    {
        StrategyContext context;
        StrategyResult result;
        try
        {
            context = new StrategyContext(c.Cluster, strategy.Parameters.Resolve(c.Parameters, strategy.Name), c.Scope);
            result = strategy.Execute(context);
        }
        catch (ValidationException)
        {
            return null;
        }

        var actions = result.Actions;
        var problems = new List<string>(PlanVerifier.Verify(c.Cluster, actions));
        problems.AddRange(ReplayProblems(context, actions));
        Assert.True(problems.Count == 0, string.Join("; ", problems.Take(5)));

        var planners = new List<IPlanner> { new WeightPlanner(), new ConflictPlanner(), new ConflictPlanner(c.Cluster) };
        if (result.Planner is { } named)
        {
            planners.Add(PlannerRegistry.Default.Get(named));
        }

        foreach (var planner in planners)
        {
            var plan = planner.Plan(actions);
            var graph = PlanGraphChecks.DagProblems(actions, plan);
            Assert.True(graph.Count == 0, $"{planner.Name}: {string.Join("; ", graph.Take(5))}");
            if (planner is ConflictPlanner conflict)
            {
                var unordered = PlanGraphChecks.UnorderedConflicts(plan, c.Cluster);
                Assert.True(unordered.Count == 0, $"conflict: {string.Join("; ", unordered.Take(5))}");
                Assert.True(PlanGraphChecks.MaxConcurrentMigrationsPerHost(plan, c.Cluster) <= conflict.MaxPerHost, "conflict: too many migrations per host");
                var schedule = PlanGraphChecks.ScheduleProblems(c.Cluster, plan, conflict.MaxPerHost, runs: 2, seed: actions.Count);
                Assert.True(schedule.Count == 0, $"conflict ({(conflict.Cluster is null ? "no cluster" : "cluster")}): {string.Join("; ", schedule.Take(5))}");
            }
        }

        return actions.Count;
    }

    /// <summary>Replays the actions in order: instances move from where they are, to a different schedulable in-scope node.</summary>
    private static List<string> ReplayProblems(StrategyContext context, IReadOnlyList<ProposedAction> actions)
    {
        var cluster = context.Cluster;
        var problems = new List<string>();
        var hostOf = cluster.Instances.ToDictionary(i => i.Uuid, i => i.HostUuid, StringComparer.Ordinal);
        var status = cluster.Hosts.ToDictionary(h => h.Uuid, h => h.Status, StringComparer.Ordinal);
        var state = cluster.Hosts.ToDictionary(h => h.Uuid, h => h.State, StringComparer.Ordinal);
        foreach (var a in actions)
        {
            string? S(string key) => a.InputParameters[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            ComputeNode? HostNode() => cluster.FindNode(a.ResourceId ?? "") ?? cluster.FindNode(S("resource_name") ?? "");
            switch (a.ActionType)
            {
                case ActionTypes.Migrate:
                    var instance = cluster.FindInstance(a.ResourceId ?? "");
                    var source = cluster.FindNode(S("source_node") ?? "");
                    var destination = cluster.FindNode(S("destination_node") ?? "");
                    if (instance is null || source is null || destination is null)
                    {
                        problems.Add($"{PlanGraphChecks.Describe(a)} names an unknown instance or node");
                        break;
                    }

                    if (!context.Scope.IsInstanceMovable(instance))
                    {
                        problems.Add($"{PlanGraphChecks.Describe(a)} moves an instance outside the audit scope or excluded");
                    }

                    if (hostOf[instance.Uuid] != source.Uuid)
                    {
                        problems.Add($"{PlanGraphChecks.Describe(a)}: the instance is on {hostOf[instance.Uuid]}, not its source");
                    }

                    if (hostOf[instance.Uuid] == destination.Uuid)
                    {
                        problems.Add($"{PlanGraphChecks.Describe(a)}: already there");
                    }

                    if (status[destination.Uuid] != ServiceStatus.Enabled || state[destination.Uuid] != NodeState.Up)
                    {
                        problems.Add($"{PlanGraphChecks.Describe(a)}: destination not schedulable at that point");
                    }

                    if (!context.Scope.IsNodeInScope(destination))
                    {
                        problems.Add($"{PlanGraphChecks.Describe(a)}: destination outside the audit scope");
                    }

                    hostOf[instance.Uuid] = destination.Uuid;
                    break;
                case ActionTypes.ChangeNovaServiceState:
                    if (HostNode() is { } serviceNode)
                    {
                        status[serviceNode.Uuid] = S("state") == "enabled" ? ServiceStatus.Enabled : ServiceStatus.Disabled;
                    }
                    else
                    {
                        problems.Add($"{PlanGraphChecks.Describe(a)} names an unknown node");
                    }

                    break;
                case ActionTypes.ChangeNodePowerState:
                    if (HostNode() is { } powerNode)
                    {
                        state[powerNode.Uuid] = S("state") == "on" ? NodeState.Up : NodeState.Down;
                    }
                    else
                    {
                        problems.Add($"{PlanGraphChecks.Describe(a)} names an unknown node");
                    }

                    break;
                case ActionTypes.Stop:
                case ActionTypes.Resize:
                    if (cluster.FindInstance(a.ResourceId ?? "") is null)
                    {
                        problems.Add($"{PlanGraphChecks.Describe(a)} names an unknown instance");
                    }

                    break;
            }
        }

        var counts = hostOf.Values.GroupBy(h => h, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        if (counts.Values.Sum() != cluster.Instances.Count || counts.Keys.Any(h => cluster.FindNode(h) is null))
        {
            problems.Add("an instance was lost or ended on an unknown node");
        }

        return problems;
    }

    /// <summary>
    /// Keeps search strategies fast: any time budget (drawn up to 300 s) becomes 0.1 s, the schema's minimum, and
    /// CP-SAT gets one worker (the test machines have two cores). The clusters are small (at most 40 hosts), so most
    /// cases are still solved exactly; the tight budget also exercises the first-fit-decreasing fallback.
    /// </summary>
    private static JsonObject Fast(string strategy, JsonObject parameters)
    {
        if (parameters.ContainsKey("time_budget_seconds") || strategy == "optimal_consolidation")
        {
            parameters["time_budget_seconds"] = 0.1;
        }

        if (parameters.ContainsKey("num_workers"))
        {
            parameters["num_workers"] = 1L;
        }

        return parameters;
    }

    /// <summary>The parameters as the API hands them over: parsed from JSON text.</summary>
    private static JsonObject AsParsed(JsonObject parameters) => JsonNode.Parse(parameters.ToJsonString())!.AsObject();

    private static ulong Fnv(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var ch in text)
        {
            hash = (hash ^ ch) * 1099511628211UL;
        }

        return hash;
    }

    /// <summary>One generated case; its text is what FsCheck prints when it fails.</summary>
    private sealed record StrategyCase(string Strategy, ClusterModel Cluster, AuditScope Scope, JsonObject Parameters)
    {
        public override string ToString() =>
            $"{Strategy} {Parameters.ToJsonString()} on {Cluster.Hosts.Count} hosts / {Cluster.Instances.Count} instances; scope "
            + $"{System.Text.Json.JsonSerializer.Serialize(Scope)}; cluster {System.Text.Json.JsonSerializer.Serialize(Cluster)}";
    }
}
