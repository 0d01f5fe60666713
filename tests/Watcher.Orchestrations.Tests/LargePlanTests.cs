using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;
using Watcher.Application.Ports;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;
using Watcher.Orchestrations.Contracts;
using Watcher.Orchestrations.Orchestrators;
using Xunit.Abstractions;

namespace Watcher.Orchestrations.Tests;

/// <summary>
/// Plans too large for one document and one orchestration history: actions stored one per document, executed in
/// batches of a page, inline, the plan's own orchestration continuing as new after each batch.
/// <c>WATCHER_SOAK=1</c> runs the 40,000-action plan; a normal run uses 6,000 (12 batches, 12 generations).
/// </summary>
public sealed class LargePlanTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(20);

    [Fact]
    public async Task Execute_ManyNopActions_SucceedsWithExactProgressAndBoundedHistories()
    {
        var n = Environment.GetEnvironmentVariable("WATCHER_SOAK") == "1" ? 40_000 : 6_000;
        await using var host = await OrchestrationHost.StartAsync();
        var clock = Stopwatch.StartNew();
        // Each action after the first 600 depends on the one 600 before it: on an earlier page, so batches must honour it.
        await CreatePlanAsync(host, "big", Enumerable.Range(0, n).Select(i => Nop($"a{i:D6}", i >= 600 ? [$"a{i - 600:D6}"] : [])));
        var created = clock.Elapsed;

        var outcome = await ExecuteAsync(host, "big");
        var ran = clock.Elapsed - created;

        Assert.True(outcome.State == ActionPlanState.Succeeded, outcome.Message);
        var summary = await host.Repository.GetPlanSummaryAsync("big");
        Assert.Empty(summary.Actions);
        Assert.Equal(n, summary.StoredActionCount);
        var stored = await host.Repository.GetPlanAsync("big");
        Assert.Equal(n, stored.Actions.Count);
        Assert.All(stored.Actions, a => Assert.Equal(ActionState.Succeeded, a.State));
        // Every action got its own completion sequence number, across batches and generations.
        Assert.Equal(Enumerable.Range(1, n), stored.Actions.Select(a => a.CompletionSequence!.Value).Order());
        // Parents finished before their children.
        var at = stored.Actions.ToDictionary(a => a.Uuid, a => a.CompletionSequence!.Value);
        Assert.All(stored.Actions, a => Assert.All(a.Parents, p => Assert.True(at[p] < at[a.Uuid], $"{p} before {a.Uuid}")));

        var status = await FinalStatusAsync(host, "big");
        Assert.Equal((n, n, 0, 0, 0, ActionPlanState.Succeeded), (status.Total, status.Succeeded, status.Failed, status.Cancelled, status.Running, Parse(status.State)));

        // One generation of the plan's orchestration per page of 500 actions, each batch run inline: no sub-orchestration.
        var batches = (n + 499) / 500;
        var last = await host.Client.GetInstanceAsync(TaskNames.PlanInstanceId("big"), getInputsAndOutputs: true);
        var carry = last!.ReadInputAs<PlanRunInput>()!.Carry!;
        Assert.Equal((batches - 1, batches - 1), (carry.Generation, carry.Batches));
        var parent = await HistoryLengthAsync(host, TaskNames.PlanInstanceId("big"));

        output.WriteLine($"{n} actions: created in {created.TotalSeconds:F1} s, executed in {ran.TotalSeconds:F1} s; {batches} batches; "
            + $"history of the plan's last generation {parent} events; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576} MiB");
        // The history bound is structural: a generation runs one batch of at most 500 actions (the generation and batch
        // counts above), so its history holds at most one page of actions, not n. (The in-process test host returns no
        // history for this instance after 500 actions in one generation, so the history length is only printed; the
        // local-host test, LargePlanExecutionTests, runs the same path on DurableTask.AzureStorage.)
    }

    [Fact]
    public async Task Execute_FailureInBatch13_CompensatesActionsOfEarlierBatchesAndGenerations()
    {
        await using var host = await OrchestrationHost.StartAsync();
        SmallPages(host);
        var cluster = await host.Cloud.GetClusterAsync();
        var initial = await host.PlacementAsync();
        await host.Cloud.SetFaultsAsync([new SimulatorFault { ActionType = "change_nova_service_state", Occurrence = 2, Times = 0, Message = "service down" }]);
        // 150 actions in 15 pages of 10 (15 generations of the plan's orchestration): batch 1 disables a host's compute
        // service, batch 13 fails on another.
        var actions = Enumerable.Range(0, 150).Select(i => i switch
        {
            3 => Disable($"a{i:D3}", cluster.Hosts[0].Hostname),
            125 => Disable($"a{i:D3}", cluster.Hosts[1].Hostname),
            _ => Nop($"a{i:D3}", i >= 10 ? [$"a{i - 10:D3}"] : []),
        });
        await CreatePlanAsync(host, "failing", actions);

        var outcome = await ExecuteAsync(host, "failing");

        Assert.Equal(ActionPlanState.Failed, outcome.State);
        Assert.Contains("a125", outcome.Message, StringComparison.Ordinal);
        var stored = await host.Repository.GetPlanAsync("failing");
        Assert.Equal(ActionState.Failed, stored.FindAction("a125")!.State);
        Assert.Equal(ActionState.Reverted, stored.FindAction("a003")!.State);
        Assert.Equal(initial, await host.PlacementAsync());
        // The failure stopped the plan after its batch: the next batches never started.
        Assert.All(stored.Actions.Skip(130), a => Assert.Equal(ActionState.Cancelled, a.State));
        // Batch 13 ran in the plan's 13th generation, and it was the last.
        Assert.Equal(12, await GenerationAsync(host, "failing"));
        await host.AssertFinalStatusAsync(TaskNames.PlanInstanceId("failing"), "failing");
        Assert.Equal(150, (await FinalStatusAsync(host, "failing")).Total);
    }

    [Fact]
    public async Task Cancel_WhileBatch12Runs_StopsBeforeTheNextBatchAndCancelsTheRest()
    {
        await using var host = await OrchestrationHost.StartAsync();
        SmallPages(host);
        // Batch 12 (in the plan's 12th generation) holds a long sleep; batches 13 to 15 wait behind it.
        var actions = Enumerable.Range(0, 150).Select(i => i == 115
            ? new WatcherAction { Uuid = "a115", ActionPlanUuid = string.Empty, ActionType = "sleep", InputParameters = new JsonObject { ["duration"] = 600 } }
            : Nop($"a{i:D3}", i >= 120 ? ["a115"] : []));
        await CreatePlanAsync(host, "cancelled", actions);
        await host.Plans.StartAsync("cancelled");
        await host.WaitForPlanAsync("cancelled", p => p.FindAction("a115")?.State == ActionState.Ongoing);

        await host.Plans.CancelAsync("cancelled");
        var outcome = (await host.WaitAsync(TaskNames.PlanInstanceId("cancelled"))).ReadOutputAs<PlanOutcome>()!;

        Assert.Equal(ActionPlanState.Cancelled, outcome.State);
        var stored = await host.Repository.GetPlanAsync("cancelled");
        Assert.Equal(ActionPlanState.Cancelled, stored.State);
        Assert.All(stored.Actions.Take(110), a => Assert.Equal(ActionState.Succeeded, a.State));
        Assert.Equal(ActionState.Cancelled, stored.FindAction("a115")!.State);
        Assert.All(stored.Actions.Skip(120), a => Assert.Equal(ActionState.Cancelled, a.State));
        Assert.Equal(11, await GenerationAsync(host, "cancelled"));
        await host.AssertFinalStatusAsync(TaskNames.PlanInstanceId("cancelled"), "cancelled");
    }

    [Fact]
    public async Task Api_LargePlan_ActionReadAndUpdatedThroughItsOwnDocument()
    {
        await using var host = await OrchestrationHost.StartAsync();
        SmallPages(host);
        await CreatePlanAsync(host, "split", Enumerable.Range(0, 25).Select(i => Nop($"a{i:D2}", [])));

        var (plan, action) = await host.Repository.GetActionAsync("a17");
        await host.Repository.UpdatePlanActionAsync("split", "a17", a => a.Skip("not wanted", DateTimeOffset.UnixEpoch));

        Assert.Empty(plan.Actions);
        Assert.Equal("a17", action.Uuid);
        Assert.Equal(ActionState.Skipped, (await host.Repository.GetPlanActionAsync("split", "a17")).State);
        Assert.Equal(3, WatcherRepository.PageCount(plan));
        Assert.Equal(["a10", "a11"], (await host.Repository.GetActionPageAsync(plan, 1)).Take(2).Select(a => a.Uuid));
        var whole = await host.Repository.GetPlanAsync("split");
        Assert.Equal(25, whole.Actions.Count);
        Assert.Equal(ActionState.Skipped, whole.FindAction("a17")!.State);
        // A whole-plan change writes back only the actions it changed, and keeps the plan's document small.
        await host.Repository.UpdatePlanAsync("split", p => p.RequestCancel(DateTimeOffset.UnixEpoch));
        var cancelled = await host.Repository.GetPlanAsync("split");
        Assert.Equal(24, cancelled.Actions.Count(a => a.State == ActionState.Cancelled));
        Assert.Empty((await host.Repository.GetPlanSummaryAsync("split")).Actions);
    }

    private static void SmallPages(OrchestrationHost host)
    {
        host.Repository.SeparateActionsAbove = 10;
        host.Repository.ActionPageSize = 10;
    }

    private static ActionPlanState Parse(string? state) =>
        Enum.GetValues<ActionPlanState>().Single(s => StateMachine<ActionPlanState>.Name(s) == state);

    private static async Task<PlanOutcome> ExecuteAsync(OrchestrationHost host, string plan)
    {
        await host.Plans.StartAsync(plan);
        using var cts = new CancellationTokenSource(Long);
        var metadata = await host.Client.WaitForInstanceCompletionAsync(TaskNames.PlanInstanceId(plan), getInputsAndOutputs: true, cts.Token);
        Assert.True(metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{plan} ended {metadata.RuntimeStatus}: {metadata.FailureDetails?.ErrorMessage}");
        return metadata.ReadOutputAs<PlanOutcome>()!;
    }

    private static async Task<PlanProgress> FinalStatusAsync(OrchestrationHost host, string plan) =>
        (await host.Client.GetInstanceAsync(TaskNames.PlanInstanceId(plan), getInputsAndOutputs: true))!.ReadCustomStatusAs<PlanProgress>()!;

    private static async Task<int> GenerationAsync(OrchestrationHost host, string plan) =>
        (await host.Client.GetInstanceAsync(TaskNames.PlanInstanceId(plan), getInputsAndOutputs: true))!.ReadInputAs<PlanRunInput>()!.Carry!.Generation;

    private static async Task<int> HistoryLengthAsync(OrchestrationHost host, string instanceId) =>
        (await host.Client.GetOrchestrationHistoryAsync(instanceId)).Count;

    private static WatcherAction Nop(string uuid, string[] parents) =>
        new() { Uuid = uuid, ActionPlanUuid = string.Empty, ActionType = "nop", InputParameters = new JsonObject { ["message"] = uuid }, Parents = parents };

    private static WatcherAction Disable(string uuid, string hostname) => new()
    {
        Uuid = uuid, ActionPlanUuid = string.Empty, ActionType = "change_nova_service_state",
        InputParameters = new JsonObject { ["resource_id"] = hostname, ["state"] = "disabled", ["disabled_reason"] = "large plan test" },
    };

    private static Task CreatePlanAsync(OrchestrationHost host, string uuid, IEnumerable<WatcherAction> actions) =>
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
