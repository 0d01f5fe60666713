using Watcher.Domain.Strategies;

namespace Watcher.Optimization;

/// <summary>
/// The default strategy registry of every host that can run CP-SAT: the domain's built-in strategies plus those of
/// this assembly (<c>optimal_consolidation</c>). It lives here, the one library that references both, so the domain
/// stays free of OR-Tools; <see cref="StrategyRegistry.FromAssemblies"/> still builds any other mix (plugins).
/// </summary>
public static class BuiltinStrategies
{
    private static readonly Lazy<StrategyRegistry> Shared = new(Create);

    /// <summary>One shared registry (strategies are stateless between runs).</summary>
    public static StrategyRegistry Registry => Shared.Value;

    /// <summary>The assemblies the default registry is discovered in: the domain first, then this one.</summary>
    public static IReadOnlyList<System.Reflection.Assembly> Assemblies { get; } =
        [typeof(StrategyRegistry).Assembly, typeof(BuiltinStrategies).Assembly];

    /// <summary>A new registry of the domain's strategies and this assembly's.</summary>
    public static StrategyRegistry Create() => StrategyRegistry.FromAssemblies([.. Assemblies]);
}
