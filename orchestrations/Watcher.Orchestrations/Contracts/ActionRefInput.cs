namespace Watcher.Orchestrations.Contracts;

/// <summary>Names one action of a plan.</summary>
public sealed record ActionRefInput(string PlanUuid, string ActionUuid);
