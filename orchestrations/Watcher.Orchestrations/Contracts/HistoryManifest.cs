namespace Watcher.Orchestrations.Contracts;

/// <summary>
/// The stored document of an audit run's history (collection <c>history</c>, the run's id): the window and the sorted
/// resource ids chunks index into. Chunk activities and the planning activity read it instead of passing ids around.
/// </summary>
public sealed record HistoryManifest(string Source, HistoryWindow Window, IReadOnlyList<string> HostIds, IReadOnlyList<string> InstanceIds);
