namespace Watcher.Domain.Lifecycle;

/// <summary>Raised when an entity is asked to move to a state its state machine does not allow from where it is.</summary>
public sealed class InvalidStateTransitionException(string entity, string from, string to)
    : Exception($"{entity} cannot go from state {from} to {to}.")
{
    public string Entity { get; } = entity;
    public string From { get; } = from;
    public string To { get; } = to;
}
