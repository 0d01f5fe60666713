namespace Watcher.Orchestrations.Contracts;

/// <summary>Input of the lease acquisition: the plan, and which attempt this is (the first wait is journalled once).</summary>
/// <param name="PlanUuid">The plan whose execution or rollback is about to act.</param>
/// <param name="Attempt">1 for the first attempt, then counting the polls.</param>
public sealed record LeaseRequest(string PlanUuid, int Attempt);
