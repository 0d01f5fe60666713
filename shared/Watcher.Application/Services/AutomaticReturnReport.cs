namespace Watcher.Application.Services;

/// <summary>What one automatic-return check did: the return plans it created and started, and what went wrong (the check goes on past a failure).</summary>
public sealed record AutomaticReturnReport(IReadOnlyList<string> Created, IReadOnlyList<string> Started, IReadOnlyList<string> Problems)
{
    /// <summary>True when the check did or met nothing worth logging.</summary>
    public bool IsEmpty => Created.Count == 0 && Started.Count == 0 && Problems.Count == 0;
}
