using Watcher.Domain.Planning;

namespace Watcher.Domain.Tests;

/// <summary>The built-in planners are all discoverable by name.</summary>
public sealed class PlannerRegistryTests
{
    [Fact]
    public void Default_BuiltInPlanners_IncludeWeightAndResolveDefault()
    {
        var registry = PlannerRegistry.Default;

        Assert.Contains("weight", registry.Names);
        Assert.IsType<WeightPlanner>(registry.Get("weight"));
        Assert.NotNull(registry.Get(null));
    }

    [Fact]
    public void Get_UnknownPlanner_ThrowsNamingIt()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => PlannerRegistry.Default.Get("nope"));

        Assert.Contains("nope", ex.Message, StringComparison.Ordinal);
    }
}
