using Watcher.Domain.Actions;
using Watcher.Domain.Execution;

namespace Watcher.Domain.Tests.Execution;

/// <summary>The disruption budget: concurrent migrations in total and per host, and actions per rolling hour.</summary>
public sealed class DisruptionBudgetTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static ActionFootprint Migration(string instance, string source, string destination) => ActionFootprint.Migration(instance, source, destination);

    [Fact]
    public void Blocker_NoLimits_AllowsEverything()
    {
        var budget = new DisruptionBudget(ExecutionPolicy.Default);

        Assert.Null(budget.Blocker(Migration("i3", "a", "b"), [Migration("i1", "a", "b"), Migration("i2", "a", "b")], [Now, Now], Now));
    }

    [Fact]
    public void Blocker_ConcurrentMigrationCapReached_BlocksAnotherMigration()
    {
        var budget = new DisruptionBudget(new ExecutionPolicy { MaxConcurrentMigrations = 1 });

        var blocker = budget.Blocker(Migration("i2", "c", "d"), [Migration("i1", "a", "b")], [], Now);

        Assert.Contains("allows 1 at once", blocker, StringComparison.Ordinal);
    }

    [Fact]
    public void Blocker_ConcurrentMigrationCapReached_DoesNotBlockHostActions()
    {
        var budget = new DisruptionBudget(new ExecutionPolicy { MaxConcurrentMigrations = 1 });

        Assert.Null(budget.Blocker(ActionFootprint.Host("a", null), [Migration("i1", "a", "b")], [], Now));
    }

    [Fact]
    public void Blocker_ConcurrentMigrationCapNotReached_Allows()
    {
        var budget = new DisruptionBudget(new ExecutionPolicy { MaxConcurrentMigrations = 2 });

        Assert.Null(budget.Blocker(Migration("i2", "c", "d"), [Migration("i1", "a", "b"), ActionFootprint.Host("a", null)], [], Now));
    }

    [Theory]
    [InlineData("a", "x", true)]
    [InlineData("x", "b", true)]
    [InlineData("b", "a", true)]
    [InlineData("x", "y", false)]
    public void Blocker_PerHostCap_BlocksOnlyMigrationsTouchingABusyHost(string source, string destination, bool blocked)
    {
        var budget = new DisruptionBudget(new ExecutionPolicy { MaxConcurrentMigrationsPerHost = 1 });

        var blocker = budget.Blocker(Migration("i2", source, destination), [Migration("i1", "a", "b")], [], Now);

        Assert.Equal(blocked, blocker is not null);
    }

    [Fact]
    public void Blocker_HourlyCapReached_BlocksEveryKindOfAction()
    {
        var budget = new DisruptionBudget(new ExecutionPolicy { MaxActionsPerHour = 2 });

        var blocker = budget.Blocker(ActionFootprint.Barrier, [], [Now.AddMinutes(-50), Now.AddMinutes(-10)], Now);

        Assert.Contains("2 action(s) per hour", blocker, StringComparison.Ordinal);
    }

    [Fact]
    public void Blocker_HourlyCapWithOldStarts_CountsOnlyTheLastHour()
    {
        var budget = new DisruptionBudget(new ExecutionPolicy { MaxActionsPerHour = 2 });

        Assert.Null(budget.Blocker(ActionFootprint.Barrier, [], [Now.AddMinutes(-61), Now.AddMinutes(-10)], Now));
    }

    [Fact]
    public void NextHourlySlot_CapReached_IsAnHourAfterTheOldestCountedStart()
    {
        var budget = new DisruptionBudget(new ExecutionPolicy { MaxActionsPerHour = 2 });

        var slot = budget.NextHourlySlot([Now.AddMinutes(-90), Now.AddMinutes(-50), Now.AddMinutes(-10)], Now);

        Assert.Equal(Now.AddMinutes(10), slot);
    }

    [Fact]
    public void NextHourlySlot_CapNotReached_IsNull()
    {
        var budget = new DisruptionBudget(new ExecutionPolicy { MaxActionsPerHour = 3 });

        Assert.Null(budget.NextHourlySlot([Now.AddMinutes(-50), Now.AddMinutes(-10)], Now));
    }
}
