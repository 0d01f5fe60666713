namespace Watcher.Orchestrations.Contracts;

/// <summary>
/// The next batch of a large plan: the PENDING actions of page <paramref name="Page"/> of its action order (at most one
/// page), each with only the parents not yet done; <paramref name="NextPage"/> the page to ask for next. Empty when no
/// page is left. <paramref name="Succeeded"/> and <paramref name="Skipped"/> count the actions already done on the pages
/// read. <paramref name="Cancelled"/> is true when the plan was asked to cancel.
/// </summary>
public sealed record PlanBatch(int Page, int NextPage, IReadOnlyList<PlanGraphNode> Actions, bool Cancelled, int Succeeded, int Skipped);
