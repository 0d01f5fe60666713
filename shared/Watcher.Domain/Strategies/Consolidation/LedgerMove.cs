namespace Watcher.Domain.Strategies.Consolidation;

/// <summary>A committed move in a <see cref="ConsolidationLedger"/>: instance and host indexes.</summary>
internal readonly record struct LedgerMove(int Instance, int From, int To);
