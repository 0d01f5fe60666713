namespace Watcher.Orchestrations.Contracts;

/// <summary>
/// What a history chunk activity returns: a reference to the blob holding the series, never the series themselves,
/// so the orchestration's history stays small whatever the range. <see cref="Series"/> is the number of series written, or -1 when the
/// blob was already there (<see cref="FromCache"/>).
/// </summary>
public sealed record HistoryChunkRef(string Blob, int Series, int Samples, bool FromCache);
