namespace Watcher.Simulator;

/// <summary>
/// Makes the simulator fail an operation, e.g. "fail the 3rd migrate": <see cref="ActionType"/> <c>migrate</c>,
/// <see cref="Occurrence"/> 3. The Nth distinct operation of that type fails <see cref="Times"/> times
/// (0 = every time, so retries fail too).
/// </summary>
public sealed record FaultRule
{
    /// <summary>Operation type: <c>migrate</c>, <c>change_nova_service_state</c>, <c>stop</c>, or <c>*</c> for any.</summary>
    public string ActionType { get; init; } = "*";

    /// <summary>1-based ordinal among distinct operations of <see cref="ActionType"/> in <see cref="Phase"/>.</summary>
    public int Occurrence { get; init; } = 1;

    public int Times { get; init; }

    /// <summary><c>execute</c> (default), <c>revert</c> or <c>any</c>.</summary>
    public string Phase { get; init; } = "execute";

    public string Message { get; init; } = "injected fault";

    /// <summary>How often the rule has fired so far.</summary>
    public int Fired { get; init; }
}
