namespace Watcher.Application.Services;

/// <summary>What one <see cref="Reconciler"/> pass did: each record it repaired (and how), and what it could not repair (it goes on past each).</summary>
public sealed record ReconcileReport(IReadOnlyList<string> Repairs, IReadOnlyList<string> Problems)
{
    /// <summary>True when the pass found nothing to repair and met no problem.</summary>
    public bool IsEmpty => Repairs.Count == 0 && Problems.Count == 0;
}
