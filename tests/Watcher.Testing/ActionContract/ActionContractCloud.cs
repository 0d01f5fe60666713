using Watcher.Domain.Actions;

namespace Watcher.Testing.ActionContract;

/// <summary>
/// The cloud an <see cref="ActionContractTests"/> run acts on: the cloud (whose current cluster is what the scenarios
/// pick their targets from) and the action handlers registered for it, as the host would register them.
/// </summary>
/// <param name="Cloud">The cloud under test.</param>
/// <param name="Handlers">Its handlers (sleep and nop for any cloud included); the cloud's default handler covers the rest.</param>
public sealed record ActionContractCloud(ICloud Cloud, IReadOnlyList<IActionHandler> Handlers)
{
    /// <summary>The runnable actions on <see cref="Cloud"/>, built as the hosts build them.</summary>
    public ActionRegistry Registry(ActionCatalog? catalog = null) => new(catalog ?? ActionCatalog.Default, Handlers, Cloud);
}
