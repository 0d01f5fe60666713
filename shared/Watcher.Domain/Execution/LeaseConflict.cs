namespace Watcher.Domain.Execution;

/// <summary>Why a plan could not take its leases: the running plan holding them and the resources both touch.</summary>
/// <param name="HolderPlanUuid">The running plan holding (one of) the leases.</param>
/// <param name="Resources">The shared resources that plan holds, as keys (<c>host:compute-01</c>).</param>
public sealed record LeaseConflict(string HolderPlanUuid, IReadOnlyList<string> Resources)
{
    /// <summary>The shared resources for people: <c>host compute-01, instance 6f1c...</c>.</summary>
    public string Describe() => string.Join(", ", Resources.Select(r => r.Replace(':', ' ')));

    /// <summary>One line naming the other plan and the shared resources: <c>action plan X (host compute-01)</c>.</summary>
    public override string ToString() => $"action plan {HolderPlanUuid} ({Describe()})";
}
