namespace Watcher.Cli;

/// <summary>The plan was printed but <c>PlanVerifier</c> rejected it: exit code 3 with the violations on stderr.</summary>
public sealed class UnsafePlanException(IReadOnlyList<string> violations)
    : Exception($"The plan is unsafe ({violations.Count} violation(s)): {string.Join("; ", violations.Take(10))}")
{
    public IReadOnlyList<string> Violations { get; } = violations;
}
