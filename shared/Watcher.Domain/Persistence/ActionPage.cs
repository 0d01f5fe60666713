namespace Watcher.Domain.Persistence;

/// <summary>
/// One page of the action order of a plan whose actions are stored as separate documents: the uuids of actions
/// <c>Page * size</c> to <c>Page * size + size - 1</c>, in plan order. Written once, when the plan is created.
/// </summary>
public sealed record ActionPage(string ActionPlanUuid, int Page, IReadOnlyList<string> ActionUuids);
