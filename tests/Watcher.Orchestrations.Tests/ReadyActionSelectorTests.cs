using Watcher.Domain.Actions;
using Watcher.Domain.Errors;
using Watcher.Domain.Execution;
using Watcher.Domain.Lifecycle;
using Watcher.Orchestrations.Contracts;
using Watcher.Orchestrations.Orchestrators;

namespace Watcher.Orchestrations.Tests;

/// <summary>Which ready actions may start: parents done, maintenance window open, disruption budget not used.</summary>
public sealed class ReadyActionSelectorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static PlanGraphNode Migration(string uuid, string source, string destination, params string[] parents) =>
        new(uuid, "migrate", parents, ActionState.Pending, Footprint: ActionFootprint.Migration("vm-" + uuid, source, destination));

    private static PlanGraphNode Nop(string uuid, params string[] parents) => new(uuid, "nop", parents, ActionState.Pending, Footprint: ActionFootprint.Barrier);

    private static IReadOnlyList<string> Uuids(ReadyActions selection) => selection.Start.Select(a => a.Uuid).ToList();

    [Fact]
    public void Select_NoPolicy_StartsEveryActionWhoseParentsAreDone()
    {
        var selector = new ReadyActionSelector(ExecutionPolicy.Default);

        var selection = selector.Select([Nop("a"), Nop("b", "a"), Nop("c", "x")], new HashSet<string> { "x" }, [], [], Now);

        Assert.Equal(["a", "c"], Uuids(selection));
        Assert.Null(selection.WaitingFor);
    }

    [Fact]
    public void Select_MigrationCap_StartsOnlyUpToTheCapAndWaitsForRunningOnes()
    {
        var selector = new ReadyActionSelector(new ExecutionPolicy { MaxConcurrentMigrations = 2 });
        var running = new[] { ActionFootprint.Migration("vm-r", "h9", "h8") };

        var selection = selector.Select([Migration("a", "h1", "h2"), Migration("b", "h3", "h4"), Nop("c")], new HashSet<string>(), running, [], Now);

        Assert.Equal(["a", "c"], Uuids(selection));
        Assert.Equal(ReadyActionSelector.Budget, selection.WaitingFor);
        Assert.Null(selection.WakeAt);
        Assert.Contains("allows 2 at once", selection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_HourlyCapUsed_WaitsForTheNextSlot()
    {
        var selector = new ReadyActionSelector(new ExecutionPolicy { MaxActionsPerHour = 2 });

        var selection = selector.Select([Nop("a"), Nop("b"), Nop("c")], new HashSet<string>(), [], [Now.AddMinutes(-45)], Now);

        Assert.Equal(["a"], Uuids(selection));
        Assert.Equal(ReadyActionSelector.Budget, selection.WaitingFor);
        Assert.Equal(Now.AddMinutes(15), selection.WakeAt);
    }

    [Fact]
    public void Select_WindowClosed_StartsNothingAndWaitsForItToOpen()
    {
        var selector = new ReadyActionSelector(new ExecutionPolicy { Window = new MaintenanceWindow { Cron = "0 22 * * *", DurationSeconds = 3600 } });

        var selection = selector.Select([Nop("a")], new HashSet<string>(), [], [], Now);

        Assert.Empty(selection.Start);
        Assert.Equal(ReadyActionSelector.Window, selection.WaitingFor);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 22, 0, 0, TimeSpan.Zero), selection.WakeAt);
    }

    [Fact]
    public void Select_WindowOpen_Starts()
    {
        var selector = new ReadyActionSelector(new ExecutionPolicy { Window = new MaintenanceWindow { Cron = "0 11 * * *", DurationSeconds = 7200 } });

        Assert.Equal(["a"], Uuids(selector.Select([Nop("a")], new HashSet<string>(), [], [], Now)));
    }

    [Fact]
    public void Select_WindowClosedButNothingReady_DoesNotWait()
    {
        var selector = new ReadyActionSelector(new ExecutionPolicy { Window = new MaintenanceWindow { Cron = "0 22 * * *", DurationSeconds = 3600 } });

        var selection = selector.Select([Nop("b", "a")], new HashSet<string>(), [], [], Now);

        Assert.Same(ReadyActions.None, selection);
    }

    [Fact]
    public void Constructor_InvalidWindow_ThrowsValidationException() =>
        Assert.Throws<ValidationException>(() => new ReadyActionSelector(new ExecutionPolicy { Window = new MaintenanceWindow { Cron = "every night", DurationSeconds = 60 } }));
}
