using System.Text.Json.Nodes;
using Watcher.Domain.Actions;
using Watcher.Domain.Execution;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Testing;

namespace Watcher.Domain.Tests.Execution;

/// <summary>
/// The revert scheduler on random plans (random dependency graphs and action states), policies, budgets and revert
/// outcomes. Seeded: a failure names its seed.
/// </summary>
public sealed class RevertSchedulerProperties
{
    private const int Cases = 3000;

    [Fact]
    public void Run_RandomPlansPoliciesBudgetsAndFailures_RevertsInReverseDependencyOrderWithinBudgetAsParallelAsAllowed()
    {
        for (var seed = 1; seed <= Cases; seed++)
        {
            try
            {
                RunCase(new Random(seed));
            }
            catch (Exception ex)
            {
                throw new InvalidOperationException($"seed {seed}: {ex.Message}", ex);
            }
        }
    }

    private static void RunCase(Random random)
    {
        var plan = RandomPlan(random);
        var failedAction = plan.Actions.FirstOrDefault(a => a.State == ActionState.Failed)?.Uuid;
        var reverts = RevertPlan.ForCompensation(plan, failedAction, ActionCatalog.Default);
        var live = plan.Actions.Where(RevertPlan.IsInEffect).Select(a => a.Uuid).ToHashSet();
        var descendants = plan.Actions.ToDictionary(a => a.Uuid, a => PlanGraphs.Reach(plan, a.Uuid, down: true));

        // The policy picks its targets; everything else in effect is kept.
        var expectedTargets = plan.ExecutionPolicy.Compensation switch
        {
            CompensationPolicy.None => [],
            CompensationPolicy.Branch when failedAction is not null => live.Intersect(PlanGraphs.Reach(plan, failedAction, down: false)).ToHashSet(),
            _ => live,
        };
        Assert.Equal(expectedTargets.Order(), reverts.Steps.Select(s => s.ActionUuid).Order());
        Assert.Equal(live.Except(expectedTargets).Order(), reverts.Kept.Select(k => k.ActionUuid).Order());

        var scheduler = new RevertScheduler(reverts);
        var budget = new DisruptionBudget(plan.ExecutionPolicy);
        var starts = new List<DateTimeOffset>();
        var reverted = new HashSet<string>();
        var now = new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero);
        var steps = reverts.Steps.ToDictionary(s => s.ActionUuid);
        for (var round = 0; !scheduler.IsDone; round++)
        {
            Assert.True(round < 10_000, "the scheduler does not finish");
            var runningBefore = scheduler.Running.Select(r => r.Footprint).ToList();
            foreach (var step in scheduler.StartReady(now))
            {
                // Never undo something under a dependent still in effect.
                Assert.All(descendants[step.ActionUuid].Where(live.Contains), d => Assert.Contains(d, reverted));
                Assert.True(
                    budget.Blocker(step.Footprint, runningBefore, starts, now) is null || (runningBefore.Count == 0 && step == scheduler.Running.First()),
                    $"{step.ActionUuid} started past the budget");
                runningBefore.Add(step.Footprint);
                starts.Add(now);
            }

            // As parallel as allowed: whatever is ready and not started is held back by the budget.
            var result = scheduler.Result;
            var settled = result.RevertFailed.Select(f => f.ActionUuid).Concat(result.NotReverted.Select(n => n.ActionUuid)).Concat(reverted).ToHashSet();
            foreach (var step in reverts.Steps.Where(s => !settled.Contains(s.ActionUuid) && scheduler.Running.All(r => r.ActionUuid != s.ActionUuid)))
            {
                if (step.After.All(reverted.Contains))
                {
                    Assert.NotNull(budget.Blocker(step.Footprint, [.. scheduler.Running.Select(r => r.Footprint)], starts, now));
                }
            }

            if (scheduler.Running.Count == 0)
            {
                now = scheduler.NextHourlySlot(now) ?? throw new InvalidOperationException("stalled with nothing running and no hourly slot");
                continue;
            }

            var done = scheduler.Running.ElementAt(random.Next(scheduler.Running.Count));
            if (random.Next(5) == 0)
            {
                scheduler.Failed(done.ActionUuid, "boom");
            }
            else
            {
                scheduler.Reverted(done.ActionUuid);
                reverted.Add(done.ActionUuid);
            }

            now = now.AddMinutes(random.Next(0, 20));
        }

        // Every step ends once: reverted, failed, or not reverted because a dependent in effect was not reverted.
        var final = scheduler.Result;
        Assert.Equal(reverted.Order(), final.Reverted.Order());
        var failed = final.RevertFailed.Select(f => f.ActionUuid).ToHashSet();
        var blocked = final.NotReverted.Select(n => n.ActionUuid).Except(reverts.Kept.Select(k => k.ActionUuid)).ToHashSet();
        Assert.Equal(steps.Keys.Order(), reverted.Concat(failed).Concat(blocked).Order());
        foreach (var uuid in blocked)
        {
            Assert.Contains(steps[uuid].After, d => !reverted.Contains(d));
        }

        foreach (var uuid in reverted.Concat(failed))
        {
            Assert.All(steps[uuid].After, d => Assert.Contains(d, reverted));
        }
    }

    private static ActionPlan RandomPlan(Random random)
    {
        var count = random.Next(1, 14);
        var actions = new List<WatcherAction>();
        var failed = false;
        for (var i = 0; i < count; i++)
        {
            var parents = Enumerable.Range(0, i).Where(_ => random.Next(4) == 0).Select(p => $"a{p}").ToList();
            var parentStates = parents.Select(p => actions.Single(a => a.Uuid == p).State).ToList();
            var canRun = parentStates.All(s => s is ActionState.Succeeded or ActionState.Skipped or ActionState.RevertFailed);
            var state = !canRun ? ActionState.Cancelled
                : random.Next(10) switch
                {
                    0 when !failed => ActionState.Failed,
                    1 => ActionState.Skipped,
                    _ => ActionState.Succeeded,
                };
            failed |= state == ActionState.Failed;
            actions.Add(new WatcherAction
            {
                Uuid = $"a{i}",
                ActionPlanUuid = "p",
                ActionType = random.Next(4) == 0 ? ActionTypes.ChangeNovaServiceState : ActionTypes.Migrate,
                State = state,
                CompletionSequence = state == ActionState.Succeeded ? i + 1 : null,
                Parents = parents,
                InputParameters = random.Next(4) == 0
                    ? new JsonObject { ["resource_id"] = $"uuid-h{random.Next(4)}", ["state"] = "disabled" }
                    : new JsonObject { ["resource_id"] = $"vm{i}", ["migration_type"] = "live", ["source_node"] = $"h{random.Next(4)}", ["destination_node"] = $"h{random.Next(4, 6)}" },
            });
        }

        int? Cap() => random.Next(3) == 0 ? null : random.Next(1, 4);
        return new ActionPlan
        {
            Uuid = "p",
            AuditUuid = "a",
            StrategyUuid = "s",
            StrategyName = "random",
            Actions = actions,
            ExecutionPolicy = new ExecutionPolicy
            {
                Compensation = (CompensationPolicy)random.Next(3),
                MaxConcurrentMigrations = Cap(),
                MaxConcurrentMigrationsPerHost = Cap(),
                MaxActionsPerHour = random.Next(4) == 0 ? random.Next(1, 4) : null,
            },
        };
    }
}
