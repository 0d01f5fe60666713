using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;
using Watcher.Application.Ports;
using Watcher.Domain.Execution;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;
using Watcher.Orchestrations.Activities;
using Watcher.Orchestrations.Activities.Execution;
using Watcher.Orchestrations.Contracts;
using Watcher.Orchestrations.Orchestrators;

namespace Watcher.Orchestrations.Tests;

/// <summary>The plan's execution loop: action timeouts, SKIPPED by pre-condition, disruption budgets and maintenance windows.</summary>
public sealed class ExecutionLoopTests
{
    [Fact]
    public async Task Run_MigrationHangsPastItsTimeout_AbortsAndFailsWithTimeoutMessage()
    {
        await using var host = await OrchestrationHost.StartAsync(execution: o => o.Timeouts["migrate"] = 2);
        var initial = await host.PlacementAsync();
        var plan = await host.RecommendMaintenancePlanAsync(await host.BusiestNodeAsync());
        await host.Cloud.SetFaultsAsync([new SimulatorFault { ActionType = "migrate", Occurrence = 1, Times = 1, DelayMs = 60_000 }]);

        var outcome = await host.ExecuteAsync(plan.Uuid);

        Assert.Equal(ActionPlanState.Failed, outcome.State);
        Assert.Contains("timed out after 2 s (abort: done)", outcome.Message, StringComparison.Ordinal);
        var stored = await host.Repository.GetPlanAsync(plan.Uuid);
        var failed = Assert.Single(stored.Actions, a => a.State == ActionState.Failed);
        Assert.Equal("migrate", failed.ActionType);
        Assert.Equal("timed out after 2 s (abort: done)", failed.StatusMessage);
        // The aborted migration never happened, and compensation undid the rest.
        Assert.Equal(initial, await host.PlacementAsync());
        Assert.Contains(await host.Repository.ReadJournalAsync(plan.Uuid), e => e.Event == "action_aborted" && e.ActionUuid == failed.Uuid);
        await host.AssertFinalStatusAsync(TaskNames.PlanInstanceId(plan.Uuid), plan.Uuid);
    }

    [Fact]
    public async Task Run_ActionsNoLongerNeeded_AreSkippedWithReasonAndDependentsRun()
    {
        await using var host = await OrchestrationHost.StartAsync();
        var cluster = await host.Cloud.GetClusterAsync();
        var instance = cluster.Instances[0];
        var here = cluster.FindNode(instance.HostUuid)!.Hostname;
        var elsewhere = cluster.Hosts.First(h => h.Uuid != instance.HostUuid).Hostname;
        await CreatePlanAsync(host, "skips",
            Action("moved", "migrate", new JsonObject { ["resource_id"] = instance.Uuid, ["migration_type"] = "live", ["source_node"] = elsewhere, ["destination_node"] = here }),
            Action("gone", "stop", new JsonObject { ["resource_id"] = "deleted-instance" }, "moved"),
            Action("after", "nop", new JsonObject { ["message"] = "done" }, "gone"));
        var before = await host.PlacementAsync();

        var outcome = await host.ExecuteAsync("skips");

        Assert.True(outcome.State == ActionPlanState.Succeeded, outcome.Message);
        var stored = await host.Repository.GetPlanAsync("skips");
        Assert.Equal([ActionState.Skipped, ActionState.Skipped, ActionState.Succeeded], OrchestrationHost.States(stored));
        Assert.Equal($"Instance {instance.Uuid} is already on {here}.", stored.Actions[0].StatusMessage);
        Assert.Equal("Instance deleted-instance no longer exists.", stored.Actions[1].StatusMessage);
        Assert.Equal(before, await host.PlacementAsync());
        var journal = await host.Repository.ReadJournalAsync("skips");
        Assert.Equal(["moved", "gone"], journal.Where(e => e.Event == "action_skipped").Select(e => e.ActionUuid));
        await host.AssertFinalStatusAsync(TaskNames.PlanInstanceId("skips"), "skips");
    }

    [Fact]
    public async Task ExecuteAction_OngoingActionWhoseEffectIsInPlace_SucceedsWithoutSkippingOrExecutingAgain()
    {
        // A replay after a crash: the action was started (ONGOING) and its migration happened before the crash.
        await using var host = await OrchestrationHost.StartAsync();
        var cluster = await host.Cloud.GetClusterAsync();
        var instance = cluster.Instances[0];
        var here = cluster.FindNode(instance.HostUuid)!.Hostname;
        var elsewhere = cluster.Hosts.First(h => h.Uuid != instance.HostUuid).Hostname;
        await CreatePlanAsync(host, "replay",
            Action("moved", "migrate", new JsonObject { ["resource_id"] = instance.Uuid, ["migration_type"] = "live", ["source_node"] = elsewhere, ["destination_node"] = here }) with
            {
                State = ActionState.Ongoing,
            });
        var executions = (await host.Cloud.GetStatusAsync()).Executions.Count;

        var state = await new WatcherActivities(host.Services).RunAsync<ExecuteActionActivity, ExecuteActionInput, ActionState>(new ExecuteActionInput("replay", "moved", 1));

        Assert.Equal(ActionState.Succeeded, state);
        Assert.Equal(executions, (await host.Cloud.GetStatusAsync()).Executions.Count);
        Assert.DoesNotContain(await host.Repository.ReadJournalAsync("replay"), e => e.Event == "action_skipped");
    }

    [Fact]
    public async Task RecordActionFailure_ActionSucceededAsItsTimeoutExpired_KeepsItSucceeded()
    {
        await using var host = await OrchestrationHost.StartAsync();
        await CreatePlanAsync(host, "late", Action("x", "nop", new JsonObject { ["message"] = "hi" }) with { State = ActionState.Succeeded, CompletionSequence = 1 });

        var state = await new WatcherActivities(host.Services).RunAsync<RecordActionFailureActivity, ActionFailureInput, ActionState>(
            new ActionFailureInput("late", "x", "timed out after 1 s (abort: not supported)"));

        Assert.Equal(ActionState.Succeeded, state);
        Assert.Equal(ActionState.Succeeded, (await host.Repository.GetPlanAsync("late")).Actions[0].State);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(1)]
    public async Task Run_MaxConcurrentMigrations_NeverRunsMoreMigrationsAtOnce(int? cap)
    {
        await using var host = await OrchestrationHost.StartAsync(operationDelayMs: 300);
        var plan = await host.RecommendMaintenancePlanAsync(await host.BusiestNodeAsync());
        await host.Repository.UpdatePlanAsync(plan.Uuid, p => p with { ExecutionPolicy = new ExecutionPolicy { MaxConcurrentMigrations = cap } });

        var outcome = await host.ExecuteAsync(plan.Uuid);

        Assert.True(outcome.State == ActionPlanState.Succeeded, outcome.Message);
        var stored = await host.Repository.GetPlanAsync(plan.Uuid);
        var migrations = stored.Actions.Where(a => a.ActionType == "migrate").Select(a => a.Uuid).ToHashSet();
        Assert.True(migrations.Count >= 2, "the plan must have migrations that could overlap");
        var most = MostAtOnce(await host.Repository.ReadJournalAsync(plan.Uuid), migrations);
        if (cap is { } limit)
        {
            Assert.Equal(limit, most);
        }
        else
        {
            Assert.True(most >= 2, $"without a budget migrations overlap (at most {most} at once)");
        }
    }

    [Fact]
    public async Task Run_StartedOutsideItsWindow_WaitsShowingNextRunThenRunsInsideIt()
    {
        await using var host = await OrchestrationHost.StartAsync();
        // A window opening a few seconds from now (6-field cron: at one second of each minute) and lasting 30 s.
        var opens = NextSecond(DateTimeOffset.UtcNow.AddSeconds(8));
        var window = new MaintenanceWindow { Cron = $"{opens.Second} * * * * *", DurationSeconds = 30 };
        await CreatePlanAsync(host, "windowed", Action("first", "nop", new JsonObject { ["message"] = "one" }), Action("second", "nop", new JsonObject { ["message"] = "two" }, "first"));
        await host.Repository.UpdatePlanAsync("windowed", p => p with { ExecutionPolicy = new ExecutionPolicy { Window = window } });

        await host.Plans.StartAsync("windowed");
        var waiting = await host.WaitForPlanAsync("windowed", p => p.NextRunAt is not null);
        var status = (await host.Client.GetInstanceAsync(TaskNames.PlanInstanceId("windowed"), getInputsAndOutputs: true))!.ReadCustomStatusAs<PlanProgress>()!;

        Assert.Equal(opens, waiting.NextRunAt);
        Assert.Equal(ActionPlanState.Ongoing, waiting.State);
        Assert.All(waiting.Actions, a => Assert.Equal(ActionState.Pending, a.State));
        Assert.Equal(ReadyActionSelector.Window, status.WaitingFor);
        Assert.Equal(opens, status.NextRunAt);

        var outcome = (await host.WaitAsync(TaskNames.PlanInstanceId("windowed"))).ReadOutputAs<PlanOutcome>()!;

        Assert.True(outcome.State == ActionPlanState.Succeeded, outcome.Message);
        var journal = await host.Repository.ReadJournalAsync("windowed");
        Assert.All(journal.Where(e => e.Event == "action_started"), e => Assert.True(e.At >= opens, $"started at {e.At:O}, before the window opened at {opens:O}"));
        Assert.Contains(journal, e => e.Event == "plan_waiting");
        await host.AssertFinalStatusAsync(TaskNames.PlanInstanceId("windowed"), "windowed");
    }

    [Fact]
    public async Task Cancel_PlanWaitingForItsWindow_EndsCancelledAtOnceAndClearsNextRun()
    {
        await using var host = await OrchestrationHost.StartAsync();
        await CreatePlanAsync(host, "later", Action("first", "nop", new JsonObject { ["message"] = "one" }));
        var window = new MaintenanceWindow { Cron = "0 3 1 1 *", DurationSeconds = 60 };
        await host.Repository.UpdatePlanAsync("later", p => p with { ExecutionPolicy = new ExecutionPolicy { Window = window } });
        await host.Plans.StartAsync("later");
        await host.WaitForPlanAsync("later", p => p.NextRunAt is not null);

        await host.Plans.CancelAsync("later");

        var outcome = (await host.WaitAsync(TaskNames.PlanInstanceId("later"))).ReadOutputAs<PlanOutcome>()!;
        Assert.Equal(ActionPlanState.Cancelled, outcome.State);
        var stored = await host.Repository.GetPlanAsync("later");
        Assert.Equal([ActionState.Cancelled], OrchestrationHost.States(stored));
        Assert.DoesNotContain(await host.Repository.ReadJournalAsync("later"), e => e.Event == "action_started");
        await host.AssertFinalStatusAsync(TaskNames.PlanInstanceId("later"), "later");
    }

    [Fact]
    public async Task Run_WindowClosesWhileRunning_PausesAndResumesInTheNextWindow()
    {
        await using var host = await OrchestrationHost.StartAsync();
        // Windows open at every 10th second for 3 s; four chained 2 s sleeps cannot all start in one window.
        var window = new MaintenanceWindow { Cron = "*/10 * * * * *", DurationSeconds = 3 };
        await CreatePlanAsync(host, "paused",
            Action("s1", "sleep", new JsonObject { ["duration"] = 2 }),
            Action("s2", "sleep", new JsonObject { ["duration"] = 2 }, "s1"),
            Action("s3", "sleep", new JsonObject { ["duration"] = 2 }, "s2"),
            Action("s4", "sleep", new JsonObject { ["duration"] = 2 }, "s3"));
        await host.Repository.UpdatePlanAsync("paused", p => p with { ExecutionPolicy = new ExecutionPolicy { Window = window } });

        var outcome = await host.ExecuteAsync("paused");

        Assert.True(outcome.State == ActionPlanState.Succeeded, outcome.Message);
        var schedule = new MaintenanceWindowSchedule(window);
        var starts = (await host.Repository.ReadJournalAsync("paused")).Where(e => e.Event == "action_started").ToList();
        Assert.Equal(4, starts.Count);
        // The journal is written just after the orchestrator decided to start, so allow it a little lag.
        Assert.All(starts, e => Assert.True(schedule.IsOpen(e.At) || schedule.IsOpen(e.At.AddMilliseconds(-500)), $"{e.ActionUuid} started at {e.At:O}, outside the window"));
        var longestGap = starts.Zip(starts.Skip(1), (a, b) => b.At - a.At).Max();
        Assert.True(longestGap >= TimeSpan.FromSeconds(4), $"the plan must have paused for a later window (longest gap {longestGap})");
        await host.AssertFinalStatusAsync(TaskNames.PlanInstanceId("paused"), "paused");
    }

    private static DateTimeOffset NextSecond(DateTimeOffset at) =>
        new(at.Year, at.Month, at.Day, at.Hour, at.Minute, at.Second, TimeSpan.Zero);

    /// <summary>The most of <paramref name="actions"/> that ran at once, from their started and succeeded journal entries.</summary>
    private static int MostAtOnce(IReadOnlyList<JournalEntry> journal, IReadOnlySet<string> actions)
    {
        var running = 0;
        var most = 0;
        foreach (var entry in journal.Where(e => e.ActionUuid is { } uuid && actions.Contains(uuid)))
        {
            running += entry.Event switch { "action_started" => 1, "action_succeeded" or "action_failed" => -1, _ => 0 };
            most = Math.Max(most, running);
        }

        return most;
    }

    private static WatcherAction Action(string uuid, string type, JsonObject input, params string[] parents) =>
        new() { Uuid = uuid, ActionPlanUuid = string.Empty, ActionType = type, InputParameters = input, Parents = parents };

    /// <summary>Stores a RECOMMENDED plan of <paramref name="actions"/>.</summary>
    private static Task CreatePlanAsync(OrchestrationHost host, string uuid, params WatcherAction[] actions) =>
        host.Repository.CreatePlanAsync(new ActionPlan
        {
            Uuid = uuid,
            AuditUuid = "a1",
            StrategyUuid = "s",
            StrategyName = "dummy",
            State = ActionPlanState.Recommended,
            Actions = actions.Select(a => a with { ActionPlanUuid = uuid }).ToList(),
        });
}
