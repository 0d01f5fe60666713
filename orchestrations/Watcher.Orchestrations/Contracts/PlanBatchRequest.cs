namespace Watcher.Orchestrations.Contracts;

/// <summary>Asks for the next batch of a large plan's actions, from page <paramref name="Page"/> of its action order on.</summary>
public sealed record PlanBatchRequest(string PlanUuid, int Page);
