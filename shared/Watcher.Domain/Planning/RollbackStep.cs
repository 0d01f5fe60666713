namespace Watcher.Domain.Planning;

/// <summary>One revert of a <see cref="RollbackPreview"/>: which action, when (its wave), after what, and its verdict.</summary>
public sealed record RollbackStep
{
    /// <summary>The action to revert.</summary>
    public required string ActionUuid { get; init; }

    /// <summary>The action's type, e.g. <c>migrate</c>.</summary>
    public required string ActionType { get; init; }

    /// <summary>
    /// The step's wave in the reversed dependency graph: wave 0 runs first; a revert runs in a later wave than every
    /// revert in <see cref="DependsOn"/>.
    /// </summary>
    public required int Wave { get; init; }

    /// <summary>The selected actions that depend on this one (directly, or through actions not being reverted): they are reverted first.</summary>
    public required IReadOnlyList<string> DependsOn { get; init; }

    /// <summary>The revert's pre-condition verdict against the cluster as it is now (and as the earlier reverts leave it).</summary>
    public required RevertVerdict Verdict { get; init; }

    /// <summary>Why the verdict is <see cref="RevertVerdict.Drift"/>; null otherwise.</summary>
    public string? Reason { get; init; }
}
