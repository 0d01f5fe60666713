namespace Watcher.Orchestrations.Contracts;

/// <summary>Records that an action failed for good.</summary>
public sealed record ActionFailureInput(string PlanUuid, string ActionUuid, string Message);
