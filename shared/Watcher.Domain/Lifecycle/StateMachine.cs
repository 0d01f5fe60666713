namespace Watcher.Domain.Lifecycle;

/// <summary>A table of allowed transitions between the states of one kind of entity.</summary>
public sealed class StateMachine<TState>
    where TState : struct, Enum
{
    private readonly string _entity;
    private readonly Dictionary<TState, HashSet<TState>> _allowed;

    public StateMachine(string entity, IReadOnlyDictionary<TState, TState[]> transitions)
    {
        _entity = entity;
        _allowed = transitions.ToDictionary(kv => kv.Key, kv => kv.Value.ToHashSet());
    }

    /// <summary>True when <paramref name="to"/> may follow <paramref name="from"/>. Staying in a state is always allowed.</summary>
    public bool CanTransition(TState from, TState to) =>
        EqualityComparer<TState>.Default.Equals(from, to) || (_allowed.TryGetValue(from, out var next) && next.Contains(to));

    /// <summary>Throws <see cref="InvalidStateTransitionException"/> unless the transition is allowed.</summary>
    public void EnsureCanTransition(TState from, TState to)
    {
        if (!CanTransition(from, to))
        {
            throw new InvalidStateTransitionException(_entity, Name(from), Name(to));
        }
    }

    /// <summary>True when no transition leaves the state.</summary>
    public bool IsTerminal(TState state) => !_allowed.TryGetValue(state, out var next) || next.Count == 0;

    /// <summary>The upper snake-case name Watcher's API uses for the state.</summary>
    public static string Name(TState state) => System.Text.Json.JsonNamingPolicy.SnakeCaseUpper.ConvertName(state.ToString());
}
