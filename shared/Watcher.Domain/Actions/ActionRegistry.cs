namespace Watcher.Domain.Actions;

/// <summary>Action handlers by action type; every concrete <see cref="IActionHandler"/> in this assembly is registered.</summary>
public sealed class ActionRegistry
{
    private readonly Dictionary<string, IActionHandler> _handlers;

    public ActionRegistry(IEnumerable<IActionHandler> handlers) =>
        _handlers = handlers.ToDictionary(h => h.ActionType, StringComparer.Ordinal);

    public static ActionRegistry Default { get; } = new(
        typeof(ActionRegistry).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IActionHandler).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (IActionHandler)Activator.CreateInstance(t)!));

    public IReadOnlyCollection<string> Types => _handlers.Keys;

    public IActionHandler Get(string actionType) =>
        _handlers.TryGetValue(actionType, out var handler)
            ? handler
            : throw new ActionPreconditionException($"No handler for action type '{actionType}'.");
}
