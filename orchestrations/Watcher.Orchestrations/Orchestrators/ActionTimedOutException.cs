namespace Watcher.Orchestrations.Orchestrators;

/// <summary>Raised inside the plan orchestrator when an action's timeout expired before its activity finished; the action then fails.</summary>
public sealed class ActionTimedOutException(string message) : Exception(message);
