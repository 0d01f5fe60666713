namespace Watcher.Domain.Planning;

/// <summary>Planners by name; a strategy may ask for one (Watcher's workload_stabilization planner, ...), otherwise the default is used.</summary>
public sealed class PlannerRegistry
{
    private readonly Dictionary<string, IPlanner> _planners;

    public PlannerRegistry(IEnumerable<IPlanner> planners, string defaultPlanner)
    {
        _planners = planners.ToDictionary(p => p.Name, StringComparer.Ordinal);
        if (!_planners.ContainsKey(defaultPlanner))
        {
            throw new InvalidOperationException($"Default planner '{defaultPlanner}' is not registered.");
        }

        DefaultName = defaultPlanner;
    }

    /// <summary>Every built-in planner (concrete <see cref="IPlanner"/> types of this assembly with a parameterless constructor).</summary>
    public static PlannerRegistry Default { get; } = new(
        typeof(PlannerRegistry).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IPlanner).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (IPlanner)Activator.CreateInstance(t)!),
        "conflict");

    public string DefaultName { get; }

    public IReadOnlyCollection<string> Names => _planners.Keys;

    public IPlanner Get(string? name) =>
        _planners.TryGetValue(name ?? DefaultName, out var planner)
            ? planner
            : throw new InvalidOperationException($"Planner '{name}' is not registered.");
}
