namespace Watcher.Domain.Persistence;

/// <summary>Points from an action's uuid to the plan document that holds it.</summary>
public sealed record ActionIndexEntry(string ActionUuid, string ActionPlanUuid);
