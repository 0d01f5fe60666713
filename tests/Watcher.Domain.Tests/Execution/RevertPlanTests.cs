using System.Text.Json.Nodes;
using Watcher.Domain.Actions;
using Watcher.Domain.Execution;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;

namespace Watcher.Domain.Tests.Execution;

/// <summary>What compensation and rollback revert, and how the revert scheduler walks the reversed dependency graph.</summary>
public sealed class RevertPlanTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);

    private static WatcherAction Migrate(string id, ActionState state, int? seq, string source, string destination, params string[] parents) => new()
    {
        Uuid = id,
        ActionPlanUuid = "p",
        ActionType = ActionTypes.Migrate,
        State = state,
        CompletionSequence = seq,
        Parents = parents,
        InputParameters = new JsonObject { ["resource_id"] = "vm-" + id, ["migration_type"] = "live", ["source_node"] = source, ["destination_node"] = destination },
    };

    private static WatcherAction Disable(string id, ActionState state, int? seq, params string[] parents) => new()
    {
        Uuid = id,
        ActionPlanUuid = "p",
        ActionType = ActionTypes.ChangeNovaServiceState,
        State = state,
        CompletionSequence = seq,
        Parents = parents,
        InputParameters = new JsonObject { ["resource_id"] = "uuid-h1", ["resource_name"] = "h1", ["state"] = "disabled" },
    };

    private static ActionPlan Plan(CompensationPolicy policy, params WatcherAction[] actions) => new()
    {
        Uuid = "p",
        AuditUuid = "a",
        StrategyUuid = "s",
        StrategyName = "host_maintenance",
        Actions = actions,
        ExecutionPolicy = new ExecutionPolicy { Compensation = policy },
    };

    /// <summary>disable, then m1 and m2 off h1 (m2 failed), and an unrelated m3.</summary>
    private static ActionPlan Maintenance(CompensationPolicy policy, ExecutionPolicy? budget = null)
    {
        var plan = Plan(
            policy,
            Disable("disable", ActionState.Succeeded, 1),
            Migrate("m1", ActionState.Succeeded, 2, "h1", "h2", "disable"),
            Migrate("m2", ActionState.Failed, null, "h1", "h3", "disable"),
            Migrate("m3", ActionState.Succeeded, 3, "h4", "h5"));
        return budget is null ? plan : plan with { ExecutionPolicy = budget with { Compensation = policy } };
    }

    [Fact]
    public void ForCompensation_All_RevertsEveryActionInEffectNewestFirst()
    {
        var plan = RevertPlan.ForCompensation(Maintenance(CompensationPolicy.All), "m2", ActionCatalog.Default);

        Assert.Equal(["m3", "m1", "disable"], plan.Steps.Select(s => s.ActionUuid));
        Assert.Equal(["m1"], plan.Steps.Single(s => s.ActionUuid == "disable").After);
        Assert.Empty(plan.Kept);
    }

    [Fact]
    public void ForCompensation_None_RevertsNothingAndKeepsEveryActionWithThePolicy()
    {
        var plan = RevertPlan.ForCompensation(Maintenance(CompensationPolicy.None), "m2", ActionCatalog.Default);

        Assert.Empty(plan.Steps);
        Assert.Equal(["disable", "m1", "m3"], plan.Kept.Select(k => k.ActionUuid));
        Assert.All(plan.Kept, k => Assert.Contains("'none'", k.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void ForCompensation_Branch_RevertsOnlyTheFailedActionsAncestors()
    {
        var plan = Plan(
            CompensationPolicy.Branch,
            Migrate("a", ActionState.Succeeded, 1, "h1", "h2"),
            Migrate("b", ActionState.Succeeded, 2, "h2", "h3", "a"),
            Migrate("f", ActionState.Failed, null, "h3", "h4", "b"),
            Migrate("c", ActionState.Succeeded, 3, "h5", "h6"));

        var reverts = RevertPlan.ForCompensation(plan, "f", ActionCatalog.Default);

        Assert.Equal(["b", "a"], reverts.Steps.Select(s => s.ActionUuid));
        Assert.Equal(["c"], reverts.Kept.Select(k => k.ActionUuid));
    }

    [Fact]
    public void Scheduler_BranchAncestorWithAKeptDependent_IsNotRevertedAndSaysWhy()
    {
        // m1 depends on disable and is outside m2's branch: undoing disable would undo something under m1.
        var scheduler = new RevertScheduler(RevertPlan.ForCompensation(Maintenance(CompensationPolicy.Branch), "m2", ActionCatalog.Default));

        Assert.Empty(scheduler.StartReady(T0));
        Assert.True(scheduler.IsDone);
        var note = Assert.Single(scheduler.Result.NotReverted, n => n.ActionUuid == "disable");
        Assert.Contains("m1", note.Reason, StringComparison.Ordinal);
        Assert.Empty(scheduler.Result.Reverted);
    }

    [Fact]
    public void Scheduler_IndependentReverts_StartTogetherAndParentsWaitForDependents()
    {
        var scheduler = new RevertScheduler(RevertPlan.ForCompensation(Maintenance(CompensationPolicy.All), "m2", ActionCatalog.Default));

        Assert.Equal(["m3", "m1"], scheduler.StartReady(T0).Select(s => s.ActionUuid));
        scheduler.Reverted("m3");
        Assert.Empty(scheduler.StartReady(T0));
        scheduler.Reverted("m1");
        Assert.Equal(["disable"], scheduler.StartReady(T0).Select(s => s.ActionUuid));
        scheduler.Reverted("disable");

        Assert.True(scheduler.IsDone);
        Assert.Equal(["m3", "m1", "disable"], scheduler.Result.Reverted);
    }

    [Fact]
    public void Scheduler_FailedRevert_LeavesWhatItDependsOnInPlaceAndGoesOn()
    {
        var scheduler = new RevertScheduler(RevertPlan.ForCompensation(Maintenance(CompensationPolicy.All), "m2", ActionCatalog.Default));
        scheduler.StartReady(T0);

        scheduler.Failed("m1", "stuck");
        scheduler.Reverted("m3");

        Assert.True(scheduler.IsDone);
        Assert.Equal(["m3"], scheduler.Result.Reverted);
        Assert.Equal([new RevertNote("m1", "stuck")], scheduler.Result.RevertFailed);
        var note = Assert.Single(scheduler.Result.NotReverted);
        Assert.Equal("disable", note.ActionUuid);
        Assert.Contains("migrate m1", note.Reason, StringComparison.Ordinal);
        Assert.Contains("could not be reverted", note.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Scheduler_ConcurrentMigrationCap_RunsRevertsWithinIt()
    {
        var scheduler = new RevertScheduler(RevertPlan.ForCompensation(Maintenance(CompensationPolicy.All, new ExecutionPolicy { MaxConcurrentMigrations = 1 }), "m2", ActionCatalog.Default));

        Assert.Equal(["m3"], scheduler.StartReady(T0).Select(s => s.ActionUuid));
        Assert.Contains("budget allows 1", scheduler.Waiting, StringComparison.Ordinal);
        scheduler.Reverted("m3");
        Assert.Equal(["m1"], scheduler.StartReady(T0).Select(s => s.ActionUuid));
    }

    [Fact]
    public void Scheduler_HourlyCap_WaitsForTheNextSlot()
    {
        var scheduler = new RevertScheduler(RevertPlan.ForCompensation(Maintenance(CompensationPolicy.All, new ExecutionPolicy { MaxActionsPerHour = 1 }), "m2", ActionCatalog.Default));
        Assert.Single(scheduler.StartReady(T0));
        scheduler.Reverted("m3");

        Assert.Empty(scheduler.StartReady(T0.AddMinutes(5)));
        Assert.Equal(T0.AddHours(1), scheduler.NextHourlySlot(T0.AddMinutes(5)));
        Assert.Equal(["m1"], scheduler.StartReady(T0.AddHours(1)).Select(s => s.ActionUuid));
    }

    [Fact]
    public void ForRollback_DependentBehindASkippedAction_IsRevertedFirst()
    {
        var plan = Plan(
            CompensationPolicy.All,
            Migrate("a", ActionState.Succeeded, 1, "h1", "h2"),
            Migrate("s", ActionState.Skipped, null, "h2", "h3", "a"),
            Migrate("c", ActionState.Succeeded, 2, "h3", "h4", "s"));

        var reverts = RevertPlan.ForRollback(plan, null, ActionCatalog.Default);

        Assert.Equal(["c"], reverts.Steps.Single(s => s.ActionUuid == "a").After);
    }
}
