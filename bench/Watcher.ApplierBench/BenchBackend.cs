using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Watcher.Application.Services;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;
using Watcher.Orchestrations;
using Watcher.Orchestrations.Contracts;

namespace Watcher.ApplierBench;

/// <summary>An engine and storage both workloads run on: Watcher's plan orchestration and the bare orchestrations.</summary>
public abstract class BenchBackend : IAsyncDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(60);

    public abstract string Name { get; }

    protected abstract DurableTaskClient Client { get; }

    protected abstract WatcherRepository Repository { get; }

    protected abstract ActionPlanService Plans { get; }

    protected abstract CountingDocumentStore Store { get; }

    /// <summary>Runs a bare orchestration of <paramref name="n"/> no-op activities, from scheduling to completion.</summary>
    public async Task<ApplierRun> RunBareAsync(string orchestrator, int n)
    {
        var id = $"{orchestrator}-{n}-{Guid.NewGuid():N}";
        var clock = Stopwatch.StartNew();
        await Client.ScheduleNewOrchestrationInstanceAsync(orchestrator, n, new StartOrchestrationOptions(id));
        using var cts = new CancellationTokenSource(Limit);
        var done = await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cts.Token);
        clock.Stop();
        if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed || done.ReadOutputAs<int>() != n)
        {
            throw new InvalidOperationException($"{id} ended {done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage}");
        }

        return new ApplierRun(Name, n, orchestrator == BareOrchestrations.AllAtOnce ? "bare, all at once" : "bare, chunks of 500", clock.Elapsed);
    }

    /// <summary>Stores a RECOMMENDED plan of <paramref name="n"/> independent nop actions, starts it and waits for its outcome.</summary>
    public async Task<ApplierRun> RunPlanAsync(int n)
    {
        var uuid = Guid.NewGuid().ToString();
        var setup = Stopwatch.StartNew();
        await Repository.CreatePlanAsync(new ActionPlan
        {
            Uuid = uuid,
            AuditUuid = "bench",
            StrategyUuid = "bench",
            StrategyName = "actuator",
            State = ActionPlanState.Recommended,
            Actions = [.. Enumerable.Range(0, n).Select(i => new WatcherAction
            {
                Uuid = $"{uuid}-{i.ToString("D6", CultureInfo.InvariantCulture)}",
                ActionPlanUuid = uuid,
                ActionType = "nop",
                InputParameters = new JsonObject { ["message"] = "bench" },
            })],
        });
        setup.Stop();
        var before = Store.Counts;
        var beforeBy = Store.ByCollection;
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        await Plans.StartAsync(uuid);
        using var cts = new CancellationTokenSource(Limit);
        var done = await Client.WaitForInstanceCompletionAsync(TaskNames.PlanInstanceId(uuid), getInputsAndOutputs: true, cts.Token);
        clock.Stop();
        var outcome = done.ReadOutputAs<PlanOutcome>();
        if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed || outcome?.State != ActionPlanState.Succeeded)
        {
            throw new InvalidOperationException($"plan {uuid} ended {done.RuntimeStatus} {outcome?.State}: {outcome?.Message} {done.FailureDetails?.ErrorMessage}");
        }

        var journal = await Repository.ReadJournalAsync(uuid);
        var started = journal.First(e => e.Event == "plan_started").At;
        var firstAction = journal.Where(e => e.Event == "action_started").Min(e => e.At);
        var lastAction = journal.Where(e => e.Event == "action_succeeded").Max(e => e.At);
        var finished = journal.First(e => e.Event == "plan_finished").At;
        var phases = $"start→plan_started {(started - startedAt).TotalSeconds:F2} s, →first action {(firstAction - started).TotalSeconds:F2} s, "
            + $"actions {(lastAction - firstAction).TotalSeconds:F2} s, →plan_finished {(finished - lastAction).TotalSeconds:F2} s, "
            + $"→completion seen {(startedAt + clock.Elapsed - finished).TotalSeconds:F2} s";
        var after = Store.Counts;
        var busiest = Store.ByCollection
            .Select(kv => (kv.Key, Count: kv.Value - beforeBy.GetValueOrDefault(kv.Key)))
            .Where(x => x.Count > 0).OrderByDescending(x => x.Count).Take(6)
            .Select(x => $"{x.Key} {x.Count.ToString("N0", CultureInfo.InvariantCulture)}");
        return new ApplierRun(Name, n, "Watcher plan", clock.Elapsed, setup.Elapsed,
            (after.Reads - before.Reads, after.Writes - before.Writes, after.Appends - before.Appends, after.Lists - before.Lists), string.Join("; ", busiest) + " | " + phases);
    }

    public abstract ValueTask DisposeAsync();
}
