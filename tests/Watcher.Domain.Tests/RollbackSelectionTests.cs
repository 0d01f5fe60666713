using Watcher.Domain.Errors;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Planning;

namespace Watcher.Domain.Tests;

/// <summary>Rollback picks succeeded actions and their dependents, newest first.</summary>
public sealed class RollbackSelectionTests
{
    private static WatcherAction Action(string id, ActionState state, int? seq, params string[] parents) => new()
    {
        Uuid = id,
        ActionPlanUuid = "p",
        ActionType = "migrate",
        State = state,
        CompletionSequence = seq,
        Parents = parents,
    };

    private static readonly ActionPlan Plan = new()
    {
        Uuid = "p",
        AuditUuid = "a",
        StrategyUuid = "s",
        StrategyName = "host_maintenance",
        Actions =
        [
            Action("disable", ActionState.Succeeded, 1),
            Action("m1", ActionState.Succeeded, 2, "disable"),
            Action("m2", ActionState.Succeeded, 3, "disable"),
            Action("m3", ActionState.Succeeded, 4, "m1", "m2"),
            Action("m4", ActionState.Cancelled, null, "m3"),
        ],
    };

    [Fact]
    public void Select_All_ReturnsSucceededInReverseCompletionOrder() =>
        Assert.Equal(["m3", "m2", "m1", "disable"], RollbackSelection.Select(Plan, null));

    [Fact]
    public void Select_OneAction_AddsItsSucceededDependents() =>
        Assert.Equal(["m3", "m1"], RollbackSelection.Select(Plan, ["m1"]));

    [Fact]
    public void Select_LeafAction_ReturnsOnlyIt() =>
        Assert.Equal(["m3"], RollbackSelection.Select(Plan, ["m3"]));

    [Fact]
    public void Select_NotSucceededAction_IsRejected()
    {
        var ex = Assert.Throws<ValidationException>(() => RollbackSelection.Select(Plan, ["m4"]));

        Assert.Contains("CANCELLED", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_UnknownAction_IsRejected() =>
        Assert.Throws<ValidationException>(() => RollbackSelection.Select(Plan, ["zzz"]));
}
