namespace Watcher.Domain.Actions;

/// <summary>An action's pre-condition does not hold (the instance is gone, the node is down). Retrying will not help.</summary>
public sealed class ActionPreconditionException(string message) : Exception(message);
