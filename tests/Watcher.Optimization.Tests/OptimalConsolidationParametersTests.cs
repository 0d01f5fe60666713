using System.Text.Json.Nodes;
using Watcher.Domain.Errors;
using Watcher.Domain.Tests.Strategies;
using Watcher.Optimization;

namespace Watcher.Optimization.Tests;

/// <summary>optimal_consolidation's typed parameters bind with defaults, reject bad values by name, and match the strategy's docs page.</summary>
public sealed class OptimalConsolidationParametersTests
{
    private static readonly OptimalConsolidationStrategy Strategy = new();

    [Fact]
    public void Bind_NoInput_AppliesSchemaDefaults()
    {
        var bound = Strategy.Parameters.Bind<OptimalConsolidationParameters>(null, Strategy.Name);

        Assert.Equal(5, bound.TimeBudgetSeconds);
        Assert.Equal(2, bound.NumWorkers);
        Assert.Equal(50, bound.MaxHostsForExact);
    }

    [Fact]
    public void Bind_ValidSet_BindsEveryValue()
    {
        var bound = Strategy.Parameters.Bind<OptimalConsolidationParameters>(new JsonObject { ["time_budget_seconds"] = 0.5, ["num_workers"] = 4, ["max_hosts_for_exact"] = 10 }, Strategy.Name);

        Assert.Equal(new OptimalConsolidationParameters { TimeBudgetSeconds = 0.5, NumWorkers = 4, MaxHostsForExact = 10 }, bound);
    }

    [Fact]
    public void Bind_IntegerGivenAsFraction_IsRejectedWithThePath()
    {
        var ex = Assert.Throws<ValidationException>(() => Strategy.Parameters.Bind<OptimalConsolidationParameters>(new JsonObject { ["num_workers"] = 2.5 }, Strategy.Name));

        Assert.Contains("'num_workers'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParametersTable_OptimalConsolidationPage_MatchesSchema()
    {
        var problems = StrategyDocPage.Differences(Strategy);

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}
