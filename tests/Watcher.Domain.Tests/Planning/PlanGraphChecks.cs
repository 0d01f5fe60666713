using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Planning;
using Watcher.Domain.Strategies;

namespace Watcher.Domain.Tests.Planning;

/// <summary>Graph checks shared by the planner tests and the property tests: DAG, conflicts ordered, per-host width, capacity safety.</summary>
public static class PlanGraphChecks
{
    /// <summary>Problems with the graph's shape: not every proposed action exactly once, or a parent not before its child.</summary>
    public static IReadOnlyList<string> DagProblems(IReadOnlyList<ProposedAction> proposed, IReadOnlyList<PlannedAction> plan)
    {
        var problems = new List<string>();
        if (plan.Count != proposed.Count)
        {
            problems.Add($"plan has {plan.Count} actions for {proposed.Count} proposed");
        }

        var expected = new Dictionary<ProposedAction, int>(ReferenceEqualityComparer.Instance);
        foreach (var a in proposed)
        {
            expected[a] = expected.GetValueOrDefault(a) + 1;
        }
        foreach (var p in plan)
        {
            if (!expected.TryGetValue(p.Action, out var left) || left == 0)
            {
                problems.Add($"plan holds an action not proposed (or twice): {p.Action.ActionType}");
                continue;
            }

            expected[p.Action] = left - 1;
        }

        for (var i = 0; i < plan.Count; i++)
        {
            if (plan[i].Parents.Any(p => p < 0 || p >= i))
            {
                problems.Add($"action {i} has a parent not before it: [{string.Join(",", plan[i].Parents)}]");
            }

            if (plan[i].Parents.Distinct().Count() != plan[i].Parents.Count)
            {
                problems.Add($"action {i} lists a parent twice");
            }
        }

        return problems;
    }

    /// <summary>Ancestor sets (bitsets) of a graph whose parents precede their children.</summary>
    public static ulong[][] Ancestors(IReadOnlyList<PlannedAction> plan)
    {
        var words = (plan.Count + 63) / 64;
        var anc = new ulong[plan.Count][];
        for (var i = 0; i < plan.Count; i++)
        {
            anc[i] = new ulong[words];
            foreach (var p in plan[i].Parents)
            {
                anc[i][p / 64] |= 1UL << (p % 64);
                for (var w = 0; w < words; w++)
                {
                    anc[i][w] |= anc[p][w];
                }
            }
        }

        return anc;
    }

    public static bool Precedes(ulong[][] ancestors, int a, int b) => (ancestors[b][a / 64] & (1UL << (a % 64))) != 0;

    /// <summary>Hosts an action touches (hostnames, as migrate names them), and the instance it works on.</summary>
    public static (IReadOnlyList<string> Hosts, string? Instance, bool HostAction) Touches(ProposedAction a, ClusterModel? cluster = null)
    {
        string? S(string key) => a.InputParameters[key]?.GetValue<string>();
        string Host(string name) => cluster?.FindNode(name)?.Uuid ?? name;
        return a.ActionType switch
        {
            ActionTypes.Migrate => (new[] { S("source_node"), S("destination_node") }.OfType<string>().Select(Host).ToList(), a.ResourceId, false),
            ActionTypes.ChangeNovaServiceState or ActionTypes.ChangeNodePowerState or ActionTypes.TurnHostToAcpiS3State =>
                ([cluster?.FindNode(a.ResourceId ?? "")?.Uuid ?? Host(S("resource_name") ?? a.ResourceId!)], null, true),
            _ => ([], a.ResourceId, false),
        };
    }

    /// <summary>Pairs of plan positions that conflict: same instance, or a host action and anything else on its host.</summary>
    public static IEnumerable<(int A, int B)> ConflictPairs(IReadOnlyList<PlannedAction> plan, ClusterModel? cluster = null)
    {
        var byInstance = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var byHost = new Dictionary<string, List<(int Index, bool HostAction)>>(StringComparer.Ordinal);
        for (var i = 0; i < plan.Count; i++)
        {
            var (hosts, instance, hostAction) = Touches(plan[i].Action, cluster);
            if (instance is not null)
            {
                (byInstance.TryGetValue(instance, out var l) ? l : byInstance[instance] = []).Add(i);
            }

            foreach (var h in hosts.Distinct())
            {
                (byHost.TryGetValue(h, out var l) ? l : byHost[h] = []).Add((i, hostAction));
            }
        }

        foreach (var list in byInstance.Values)
        {
            for (var x = 0; x < list.Count; x++)
            {
                for (var y = x + 1; y < list.Count; y++)
                {
                    yield return (list[x], list[y]);
                }
            }
        }

        foreach (var list in byHost.Values)
        {
            for (var x = 0; x < list.Count; x++)
            {
                for (var y = x + 1; y < list.Count; y++)
                {
                    if (list[x].HostAction || list[y].HostAction)
                    {
                        yield return (list[x].Index, list[y].Index);
                    }
                }
            }
        }
    }

    /// <summary>Conflicting pairs the graph leaves unordered.</summary>
    public static IReadOnlyList<string> UnorderedConflicts(IReadOnlyList<PlannedAction> plan, ClusterModel? cluster = null)
    {
        var anc = Ancestors(plan);
        return ConflictPairs(plan, cluster)
            .Where(p => !Precedes(anc, p.A, p.B) && !Precedes(anc, p.B, p.A))
            .Select(p => $"{Describe(plan[p.A].Action)} and {Describe(plan[p.B].Action)} conflict but are unordered")
            .ToList();
    }

    /// <summary>The most migrations touching one host that the graph lets run at once (the width of that host's migrations, by Dilworth).</summary>
    public static int MaxConcurrentMigrationsPerHost(IReadOnlyList<PlannedAction> plan, ClusterModel? cluster = null)
    {
        var anc = Ancestors(plan);
        var byHost = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < plan.Count; i++)
        {
            if (plan[i].Action.ActionType != ActionTypes.Migrate)
            {
                continue;
            }

            foreach (var h in Touches(plan[i].Action, cluster).Hosts.Distinct())
            {
                (byHost.TryGetValue(h, out var l) ? l : byHost[h] = []).Add(i);
            }
        }

        var worst = 0;
        foreach (var list in byHost.Values)
        {
            worst = Math.Max(worst, Width(list, anc));
        }

        return worst;
    }

    /// <summary>
    /// Runs the plan many times in random interleavings that respect the graph (a migration takes room on its
    /// destination when it starts and frees its source when it ends) and reports every moment a host goes over
    /// capacity or runs more than <paramref name="maxPerHost"/> migrations.
    /// </summary>
    public static IReadOnlyList<string> ScheduleProblems(ClusterModel cluster, IReadOnlyList<PlannedAction> plan, int maxPerHost, int runs, int seed)
    {
        var problems = new List<string>();
        var random = new Random(seed);
        var children = new List<int>[plan.Count];
        for (var i = 0; i < plan.Count; i++)
        {
            children[i] = [];
        }

        for (var i = 0; i < plan.Count; i++)
        {
            foreach (var p in plan[i].Parents)
            {
                children[p].Add(i);
            }
        }

        for (var run = 0; run < runs && problems.Count == 0; run++)
        {
            var used = cluster.Hosts.ToDictionary(h => h.Uuid, h => cluster.UsedOn(h.Uuid), StringComparer.Ordinal);
            var migrating = cluster.Hosts.ToDictionary(h => h.Uuid, _ => 0, StringComparer.Ordinal);
            var pending = plan.Select(p => p.Parents.Count).ToArray();
            var ready = Enumerable.Range(0, plan.Count).Where(i => pending[i] == 0).ToList();
            var running = new List<int>();
            while ((ready.Count > 0 || running.Count > 0) && problems.Count == 0)
            {
                var start = ready.Count > 0 && (running.Count == 0 || random.Next(2) == 0);
                if (start)
                {
                    var k = random.Next(ready.Count);
                    var i = ready[k];
                    ready.RemoveAt(k);
                    running.Add(i);
                    if (Move(cluster, plan[i].Action) is var (instance, source, destination))
                    {
                        used[destination.Uuid] += instance.Demand;
                        if (!(destination.Capacity - used[destination.Uuid]).IsNonNegative)
                        {
                            problems.Add($"run {run}: {Describe(plan[i].Action)} overloads {destination.Hostname} while it runs");
                        }

                        foreach (var h in new[] { source.Uuid, destination.Uuid }.Distinct())
                        {
                            if (++migrating[h] > maxPerHost)
                            {
                                problems.Add($"run {run}: {migrating[h]} migrations at once on {h}");
                            }
                        }
                    }
                }
                else
                {
                    var k = random.Next(running.Count);
                    var i = running[k];
                    running.RemoveAt(k);
                    if (Move(cluster, plan[i].Action) is var (instance, source, destination))
                    {
                        used[source.Uuid] -= instance.Demand;
                        foreach (var h in new[] { source.Uuid, destination.Uuid }.Distinct())
                        {
                            migrating[h]--;
                        }
                    }

                    foreach (var c in children[i])
                    {
                        if (--pending[c] == 0)
                        {
                            ready.Add(c);
                        }
                    }
                }
            }
        }

        return problems;
    }

    public static string Describe(ProposedAction a) => a.ActionType switch
    {
        ActionTypes.Migrate => $"migrate {a.ResourceId} {a.InputParameters["source_node"]}->{a.InputParameters["destination_node"]}",
        _ => $"{a.ActionType} {a.ResourceId}".TrimEnd(),
    };

    private static (Instance Instance, ComputeNode Source, ComputeNode Destination)? Move(ClusterModel cluster, ProposedAction a)
    {
        if (a.ActionType != ActionTypes.Migrate)
        {
            return null;
        }

        var instance = cluster.FindInstance(a.ResourceId!)!;
        var source = cluster.FindNode(a.InputParameters["source_node"]!.GetValue<string>())!;
        var destination = cluster.FindNode(a.InputParameters["destination_node"]!.GetValue<string>())!;
        return (instance, source, destination);
    }

    /// <summary>Width of a set of plan positions under the graph's order: size minus a maximum matching of "u before v".</summary>
    private static int Width(List<int> nodes, ulong[][] anc)
    {
        var m = nodes.Count;
        var matchRight = Enumerable.Repeat(-1, m).ToArray();
        var matching = 0;
        for (var u = 0; u < m; u++)
        {
            var seen = new bool[m];
            if (Augment(u, seen))
            {
                matching++;
            }
        }

        return m - matching;

        bool Augment(int u, bool[] seen)
        {
            for (var v = 0; v < m; v++)
            {
                if (seen[v] || !Precedes(anc, nodes[u], nodes[v]))
                {
                    continue;
                }

                seen[v] = true;
                if (matchRight[v] < 0 || Augment(matchRight[v], seen))
                {
                    matchRight[v] = u;
                    return true;
                }
            }

            return false;
        }
    }
}
