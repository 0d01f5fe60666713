namespace Watcher.ApplierBench;

/// <summary>
/// One measured run: wall time, and for Watcher's plan the document-store calls it made (totals, and the busiest kinds
/// and collections as text).
/// </summary>
public sealed record ApplierRun(
    string Backend, int N, string What, TimeSpan Elapsed, TimeSpan? Setup = null, (long Reads, long Writes, long Appends, long Lists)? Store = null, string? Busiest = null);
