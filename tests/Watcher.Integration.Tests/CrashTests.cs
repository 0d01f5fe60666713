using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Watcher.Integration.Tests;

/// <summary>
/// The crash test of issue 7: the local host is killed (SIGKILL) at random points while plans execute, compensate and
/// roll back, and restarted on the same storage each time. Every plan must end in its expected terminal state, no
/// action may run twice (the simulator's execution log: one execute per action that ran, at most one revert), and
/// nothing may be lost (the journal and the action records agree with the final state; the cluster is back where it
/// started once every plan was rolled back or compensated). At least 30 kills by default (a few minutes);
/// <c>WATCHER_SOAK=1</c> runs a longer soak (200 kills; <c>WATCHER_CRASH_KILLS</c> sets the number). <c>WATCHER_CRASH_SEED</c> replays a run.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CrashTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static readonly string[] ExecutionEnds = ["SUCCEEDED", "FAILED", "CANCELLED"];
    private static readonly string[] RollbackEnds = ["ROLLED_BACK", "PARTIALLY_ROLLED_BACK", "ROLLBACK_FAILED"];

    /// <summary>At most this many kills per plan step, so that every step also gets to finish.</summary>
    private const int KillsPerStep = 3;

    [Fact]
    public async Task KillHostAtRandomPoints_ExecutionCompensationAndRollback_EveryPlanEndsNothingRunsTwiceNothingLost()
    {
        var soak = Environment.GetEnvironmentVariable("WATCHER_SOAK") == "1";
        var targetKills = int.Parse(Environment.GetEnvironmentVariable("WATCHER_CRASH_KILLS") ?? (soak ? "200" : "30"), CultureInfo.InvariantCulture);
        var seed = int.TryParse(Environment.GetEnvironmentVariable("WATCHER_CRASH_SEED"), out var s) ? s : Random.Shared.Next();
        output.WriteLine($"seed {seed} (replay with WATCHER_CRASH_SEED={seed}), target {targetKills} kills");
        var random = new Random(seed);
        var settings = new HostSettings(azurite.ConnectionString) { OperationDelayMs = 300, VisibilityTimeoutSeconds = 2 };
        await using var host = await ChildProcessHost.StartAsync(settings);
        var client = host.Client;
        var initial = await PlacementAsync(client);
        var node = await Scenario.BusiestNodeAsync(client);
        var chaos = new Chaos(host, random, output, targetKills);
        var plans = new List<(string Uuid, string Expected)>();

        while (chaos.Kills < targetKills)
        {
            // Execution, then a user rollback of everything it did.
            var executed = await Scenario.MaintenancePlanAsync(client, node);
            await client.PostAsync($"/v1/action_plans/{executed}/start", "{}", HttpStatusCode.OK);
            Assert.Equal("SUCCEEDED", await chaos.RunUntilAsync(executed, ExecutionEnds));
            await client.PostAsync($"/v1/action_plans/{executed}/rollback", "{}", HttpStatusCode.Accepted);
            Assert.Equal("ROLLED_BACK", await chaos.RunUntilAsync(executed, RollbackEnds));
            plans.Add((executed, "ROLLED_BACK"));

            // Execution that fails at its 3rd migration, then compensation of what had succeeded.
            await client.SetFaultsAsync("""[{"action_type": "migrate", "occurrence": 3, "times": 0, "message": "crash test fault"}]""");
            var failing = await Scenario.MaintenancePlanAsync(client, node);
            await client.PostAsync($"/v1/action_plans/{failing}/start", "{}", HttpStatusCode.OK);
            Assert.Equal("FAILED", await chaos.RunUntilAsync(failing, ExecutionEnds, killInPhase: "compensating"));
            await client.SetFaultsAsync("[]");
            plans.Add((failing, "FAILED"));
        }

        output.WriteLine($"{chaos.Kills} kills: {string.Join(", ", chaos.Phases.Select(kv => $"{kv.Key} {kv.Value}"))}; {plans.Count} plans");
        Assert.True(chaos.Kills >= targetKills);
        var executions = (await client.GetAsync("/v1/simulator"))["executions"]!.AsArray()
            .Select(e => (Key: e!["operation_key"]!.GetValue<string>(), Operation: e["operation"]!.GetValue<string>(), Target: e["target"]!.GetValue<string>()))
            .ToList();
        var duplicates = executions.GroupBy(e => e.Key).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, $"Operations applied twice: {string.Join(", ", duplicates)}");
        var keys = executions.Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        var migrations = new List<(string Instance, bool Ran, bool Reverted)>();
        foreach (var (uuid, expected) in plans)
        {
            await AssertPlanConsistentAsync(client, uuid, expected, keys, migrations);
        }

        // Each instance was migrated exactly once per migrate action that ran, and moved back once per revert.
        foreach (var instance in migrations.Select(m => m.Instance).Distinct())
        {
            var mine = migrations.Where(m => m.Instance == instance).ToList();
            Assert.Equal(mine.Count(m => m.Ran), executions.Count(e => e.Operation == "migrate" && e.Target == instance && e.Key.EndsWith(":execute", StringComparison.Ordinal)));
            Assert.Equal(mine.Count(m => m.Reverted), executions.Count(e => e.Operation == "migrate" && e.Target == instance && e.Key.EndsWith(":revert", StringComparison.Ordinal)));
        }

        Assert.Equal(initial, await PlacementAsync(client));
        foreach (var phase in new[] { "executing", "compensating", "rolling_back" })
        {
            Assert.True(chaos.Phases.GetValueOrDefault(phase) > 0, $"No kill landed while {phase}: {string.Join(", ", chaos.Phases)} (seed {seed}).");
        }
    }

    /// <summary>
    /// The plan ended as expected; each action's record, the simulator's log and the journal agree: an action that ran
    /// was executed exactly once and journalled as succeeded; a REVERTED one was reverted exactly once and journalled;
    /// one that never ran was never executed.
    /// </summary>
    private static async Task AssertPlanConsistentAsync(WatcherTestClient client, string uuid, string expected, HashSet<string> keys, List<(string, bool, bool)> migrations)
    {
        var plan = await client.GetAsync($"/v1/action_plans/{uuid}");
        Assert.Equal(expected, plan["state"]!.GetValue<string>());
        var journal = (await client.GetAsync($"/v1/action_plans/{uuid}/journal"))["journal"]!.AsArray()
            .Select(e => (Event: e!["event"]!.GetValue<string>(), Action: e["action_uuid"]?.GetValue<string>())).ToList();
        bool Journalled(string what, string? action = null) => journal.Any(e => e.Event == what && (action is null || e.Action == action));
        Assert.True(Journalled("plan_started") && Journalled("plan_finished"), $"Plan {uuid}: journal {string.Join(", ", journal)}");
        if (expected == "ROLLED_BACK")
        {
            Assert.True(Journalled("rollback_started") && Journalled("rollback_finished"), $"Plan {uuid}: journal {string.Join(", ", journal)}");
        }

        var orchestrations = (await client.GetAsync($"/v1/action_plans/{uuid}/orchestration"))["orchestrations"]!.AsArray();
        Assert.All(orchestrations, o => Assert.Equal("Completed", o!["runtime_status"]!.GetValue<string>()));

        foreach (var action in await client.ActionsAsync(uuid))
        {
            var id = action!["uuid"]!.GetValue<string>();
            var state = action["state"]!.GetValue<string>();
            var ran = state is "SUCCEEDED" or "REVERTED" or "REVERT_FAILED";
            var why = $"Plan {uuid} ({expected}) action {id} {action["action_type"]} is {state}";
            Assert.True(state is "SUCCEEDED" or "REVERTED" or "FAILED" or "CANCELLED" or "SKIPPED", why);
            Assert.True(ran == keys.Contains($"{id}:execute"), $"{why}, but it was{(ran ? " not" : string.Empty)} executed.");
            Assert.True(ran == Journalled("action_succeeded", id), $"{why}, but action_succeeded was{(ran ? " not" : string.Empty)} journalled.");
            Assert.True(ran == Journalled("action_started", id) || state == "FAILED", $"{why}, but action_started was{(ran ? " not" : string.Empty)} journalled.");
            var reverted = state == "REVERTED";
            Assert.True(reverted == keys.Contains($"{id}:revert"), $"{why}, but it was{(reverted ? " not" : string.Empty)} reverted in the cloud.");
            Assert.True(reverted == Journalled("action_reverted", id), $"{why}, but action_reverted was{(reverted ? " not" : string.Empty)} journalled.");
            Assert.True((state == "FAILED") == Journalled("action_failed", id), $"{why}; journal {string.Join(", ", journal)}");
            if (action["action_type"]!.GetValue<string>() == "migrate")
            {
                migrations.Add((action["input_parameters"]!["resource_id"]!.GetValue<string>(), ran, reverted));
            }
        }

        switch (expected)
        {
            case "ROLLED_BACK":
                Assert.All(await client.ActionsAsync(uuid), a => Assert.Equal("REVERTED", a!["state"]!.GetValue<string>()));
                break;
            case "FAILED":
                var states = (await client.ActionsAsync(uuid)).Select(a => a!["state"]!.GetValue<string>()).ToList();
                Assert.Equal(1, states.Count(x => x == "FAILED"));
                Assert.DoesNotContain("SUCCEEDED", states);
                break;
        }
    }

    /// <summary>Where every instance is and each node's service status, from the data model.</summary>
    private static async Task<string> PlacementAsync(WatcherTestClient client)
    {
        var rows = (await client.GetAsync("/v1/data_model?data_model_type=compute"))["context"]!.AsArray();
        return string.Join(';', rows
            .Select(r => $"{r!["server_uuid"]?.GetValue<string>()}@{r["node_hostname"]!.GetValue<string>()}:{r["node_status"]?.GetValue<string>()}")
            .Order(StringComparer.Ordinal));
    }

    /// <summary>Kills and restarts the host at random moments while a plan step runs.</summary>
    private sealed class Chaos(ChildProcessHost host, Random random, ITestOutputHelper output, int target)
    {
        public int Kills { get; private set; }

        public Dictionary<string, int> Phases { get; } = [];

        /// <summary>
        /// Waits until <paramref name="plan"/> reaches one of <paramref name="ends"/>, killing the host (up to
        /// <see cref="KillsPerStep"/> times) after random delays of 0.3–2.2 s of running; returns the end state.
        /// </summary>
        public async Task<string> RunUntilAsync(string plan, string[] ends, string? killInPhase = null)
        {
            var deadline = DateTime.UtcNow.AddSeconds(180);
            for (var kills = 0; ; kills++)
            {
                // The first kill of a step with killInPhase waits for that phase, then lands 0-0.5 s into it.
                var waitForPhase = kills == 0 && Kills < target ? killInPhase : null;
                var killAt = kills >= KillsPerStep || Kills >= target ? DateTime.MaxValue
                    : waitForPhase is null ? DateTime.UtcNow.AddMilliseconds(random.Next(300, 2200))
                    : DateTime.MaxValue;
                while (DateTime.UtcNow < killAt)
                {
                    var state = (await host.Client.GetAsync($"/v1/action_plans/{plan}"))["state"]!.GetValue<string>();
                    if (ends.Contains(state))
                    {
                        return state;
                    }

                    if (DateTime.UtcNow > deadline)
                    {
                        var orchestration = await host.Client.GetAsync($"/v1/action_plans/{plan}/orchestration");
                        Assert.Fail($"Plan {plan} is still {state} after 180 s and {Kills} kills: {orchestration.ToJsonString()}\n{host.Client.LogSource!()}");
                    }

                    if (waitForPhase is not null && await PhaseAsync(plan) == waitForPhase)
                    {
                        killAt = DateTime.UtcNow.AddMilliseconds(random.Next(0, 500));
                        waitForPhase = null;
                    }

                    await Task.Delay(50);
                }

                var phase = await PhaseAsync(plan);
                host.Kill();
                Kills++;
                Phases[phase] = Phases.GetValueOrDefault(phase) + 1;
                var restart = System.Diagnostics.Stopwatch.StartNew();
                await host.StartAsync();
                output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} kill {Kills} while {phase} ({plan}); restarted in {restart.ElapsedMilliseconds} ms");
            }
        }

        /// <summary>The phase of the plan's newest orchestration (executing, compensating, rolling_back, waiting, finished), or "starting".</summary>
        private async Task<string> PhaseAsync(string plan)
        {
            var orchestrations = (await host.Client.GetAsync($"/v1/action_plans/{plan}/orchestration"))["orchestrations"]!.AsArray();
            return orchestrations.LastOrDefault()?["progress"]?["phase"]?.GetValue<string>() ?? "starting";
        }
    }
}
