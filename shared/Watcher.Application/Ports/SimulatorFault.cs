namespace Watcher.Application.Ports;

/// <summary>
/// A fault rule of the simulator, e.g. "fail the 3rd migrate": <see cref="ActionType"/> <c>migrate</c>,
/// <see cref="Occurrence"/> 3. The Nth distinct operation of that type in <see cref="Phase"/> fails <see cref="Times"/>
/// times (0 = every time, so retries fail too), or with <see cref="DelayMs"/> hangs that long instead of failing. Its JSON form (snake_case) is the body of <c>PUT /v1/simulator/faults</c>.
/// </summary>
public sealed record SimulatorFault
{
    /// <summary>Operation type: <c>migrate</c>, <c>change_nova_service_state</c>, <c>stop</c>, ..., or <c>*</c> for any.</summary>
    public string ActionType { get; init; } = "*";

    /// <summary>1-based ordinal among distinct operations of <see cref="ActionType"/> in <see cref="Phase"/>.</summary>
    public int Occurrence { get; init; } = 1;

    /// <summary>How many times the operation fails; 0 means every time.</summary>
    public int Times { get; init; }

    /// <summary><c>execute</c> (default), <c>revert</c> or <c>any</c>.</summary>
    public string Phase { get; init; } = "execute";

    /// <summary>The error message the failing operation reports.</summary>
    public string Message { get; init; } = "injected fault";

    /// <summary>
    /// When positive, the operation does not fail: it hangs this many milliseconds first (a slow cloud call), then
    /// proceeds. A hang can be aborted (the action's timeout asks the cloud to abort), which fails the operation.
    /// </summary>
    public int DelayMs { get; init; }

    /// <summary>How often the rule has fired so far (ignored when rules are set: they start at 0).</summary>
    public int Fired { get; init; }
}
