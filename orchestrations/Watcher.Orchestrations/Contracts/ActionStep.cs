namespace Watcher.Orchestrations.Contracts;

/// <summary>
/// Which part of an action <see cref="Activities.Execution.ExecuteActionActivity"/> runs. A <c>sleep</c> is waited on a
/// durable timer in the orchestrator (so a cancel can interrupt it), so the activity only starts it, then either
/// completes or cancels it.
/// </summary>
public enum ActionStep
{
    /// <summary>Precondition, start, execute, postcondition, succeed.</summary>
    Run,

    /// <summary>Precondition and start only (PENDING to ONGOING).</summary>
    Start,

    /// <summary>Postcondition and succeed, without executing (the orchestrator did the waiting).</summary>
    Complete,

    /// <summary>ONGOING to CANCELLED: the plan was cancelled while the action ran.</summary>
    Cancel,
}
