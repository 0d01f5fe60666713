namespace Watcher.Orchestrations.Contracts;

/// <summary>
/// Records on the plan when its execution will next start an action (<paramref name="NextRunAt"/>, null once it runs
/// again) and why it waits (<paramref name="Reason"/>).
/// </summary>
public sealed record PlanWaitInput(string PlanUuid, DateTimeOffset? NextRunAt, string? Reason);
