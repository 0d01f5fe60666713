using System.Reflection;
using Watcher.Domain.Model;

namespace Watcher.Domain.Strategies;

/// <summary>
/// Strategies by name. By default every concrete <see cref="IStrategy"/> in this assembly with a parameterless
/// constructor is registered, so a new strategy is one new file.
/// </summary>
public sealed class StrategyRegistry
{
    private readonly Dictionary<string, IStrategy> _byName;

    public StrategyRegistry(IEnumerable<IStrategy> strategies)
    {
        _byName = new Dictionary<string, IStrategy>(StringComparer.Ordinal);
        foreach (var strategy in strategies)
        {
            if (GoalCatalog.Find(strategy.GoalName) is null)
            {
                throw new InvalidOperationException($"Strategy '{strategy.Name}' names unknown goal '{strategy.GoalName}'.");
            }

            if (!_byName.TryAdd(strategy.Name, strategy))
            {
                throw new InvalidOperationException($"Two strategies are named '{strategy.Name}'.");
            }
        }
    }

    /// <summary>The registry of every built-in strategy.</summary>
    public static StrategyRegistry Default { get; } = new(Discover(typeof(StrategyRegistry).Assembly));

    /// <summary>A registry of the strategies found in the given assemblies (plugins living outside the domain, such as the CP-SAT one).</summary>
    public static StrategyRegistry FromAssemblies(params System.Reflection.Assembly[] assemblies) =>
        new(assemblies.Distinct().SelectMany(Discover));

    public IReadOnlyList<IStrategy> All => _byName.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();

    public static string UuidOf(IStrategy strategy) => DeterministicGuid.Create("strategy:" + strategy.Name).ToString();

    public IStrategy? Find(string nameOrUuid) =>
        _byName.TryGetValue(nameOrUuid, out var s) ? s : _byName.Values.FirstOrDefault(x => UuidOf(x) == nameOrUuid);

    public IReadOnlyList<IStrategy> ForGoal(string goalName) => All.Where(s => s.GoalName == goalName).ToList();

    public static IEnumerable<IStrategy> Discover(Assembly assembly) =>
        assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IStrategy).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (IStrategy)Activator.CreateInstance(t)!);
}
