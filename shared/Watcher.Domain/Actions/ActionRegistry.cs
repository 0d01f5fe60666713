namespace Watcher.Domain.Actions;

/// <summary>
/// The runnable actions on the selected cloud: each definition of the catalogue with its handler, looked up in this
/// order: a handler registered for the cloud, a handler for any cloud (<see cref="IActionHandler.AnyCloud"/>), the
/// cloud's own <see cref="ICloud.DefaultHandler"/>. A type with no handler fails its pre-condition with that reason.
/// </summary>
public sealed class ActionRegistry
{
    private readonly ActionCatalog _catalog;
    private readonly Dictionary<string, ActionRunner> _runners = new(StringComparer.Ordinal);

    public ActionRegistry(ActionCatalog catalog, IEnumerable<IActionHandler> handlers, ICloud cloud)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(handlers);
        ArgumentNullException.ThrowIfNull(cloud);
        _catalog = catalog;
        var all = handlers.ToList();
        foreach (var handler in all.Where(h => catalog.Find(h.ActionType) is null))
        {
            throw new InvalidOperationException($"Handler {handler.GetType().Name} is for action type '{handler.ActionType}', which has no definition.");
        }

        foreach (var definition in catalog.All)
        {
            var handler = all.FirstOrDefault(h => h.ActionType == definition.ActionType && string.Equals(h.Cloud, cloud.Name, StringComparison.OrdinalIgnoreCase))
                ?? all.FirstOrDefault(h => h.ActionType == definition.ActionType && h.Cloud == IActionHandler.AnyCloud)
                ?? cloud.DefaultHandler(definition);
            _runners[definition.ActionType] = new ActionRunner(catalog, definition, handler, cloud.Name);
        }
    }

    /// <summary>The catalogue of definitions.</summary>
    public ActionCatalog Catalog => _catalog;

    /// <summary>The runner for <paramref name="actionType"/>, or a failed pre-condition when the type is unknown.</summary>
    public ActionRunner Get(string actionType) =>
        _runners.TryGetValue(actionType, out var runner) ? runner : throw new ActionPreconditionException($"No definition for action type '{actionType}'.");
}
