using System.Text.Json.Nodes;

namespace Watcher.Domain.Actions;

/// <summary>
/// An action plugin (Watcher's applier action): pre-condition, execute, post-condition and revert for one action type.
/// Handlers are discovered by <see cref="ActionRegistry"/>, so adding an action type means adding one class.
/// </summary>
public interface IActionHandler
{
    string ActionType { get; }

    /// <summary>Throws <see cref="ActionPreconditionException"/> when the action cannot run on the cluster as it is.</summary>
    void CheckPrecondition(ActionContext context);

    /// <summary>True when the action's effect is already in place (a replay after a crash), so execute can be skipped.</summary>
    bool IsAlreadyApplied(ActionContext context);

    /// <summary>Records what revert will need (for example the state before), read before execute and persisted with the action.</summary>
    JsonObject? CaptureRevertData(ActionContext context);

    /// <summary>Does the action, passing <see cref="ActionContext.ExecuteKey"/> so the cloud applies it at most once.</summary>
    Task ExecuteAsync(ActionContext context);

    /// <summary>Throws <see cref="ActionFailedException"/> when the effect is not visible on <paramref name="after"/>.</summary>
    void CheckPostcondition(ActionContext after);

    /// <summary>Undoes a succeeded action using the data execute returned.</summary>
    Task RevertAsync(ActionContext context, JsonObject? revertData);
}
