using Watcher.Domain.Strategies;

namespace Watcher.Domain.Tests.Strategies;

/// <summary>Each strategy page's parameters table agrees with the strategy's schema, so the docs cannot drift.</summary>
public sealed class StrategyDocsTests
{
    public static TheoryData<string> StrategyNames() => [.. StrategyRegistry.Default.All.Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(StrategyNames))]
    public void ParametersTable_EveryStrategy_MatchesSchema(string name)
    {
        var problems = StrategyDocPage.Differences(StrategyRegistry.Default.Find(name)!);

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Pages_EveryPage_HasAStrategy()
    {
        var documented = Directory.GetFiles(StrategyDocPage.Folder, "*.md").Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.Ordinal);
        documented.ExceptWith(StrategyRegistry.Default.All.Select(s => s.Name));

        // optimal_consolidation lives in Watcher.Optimization; its page is checked by Watcher.Optimization.Tests.
        Assert.Equal(["optimal_consolidation"], documented);
    }
}
