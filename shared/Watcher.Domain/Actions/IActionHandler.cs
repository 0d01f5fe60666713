using System.Text.Json.Nodes;

namespace Watcher.Domain.Actions;

/// <summary>
/// How one cloud performs one action type: the execute and revert calls. Everything else about the action (input
/// schema, pre- and post-conditions, what to capture for revert) comes from its <see cref="IActionDefinition"/>.
/// Implementations must be idempotent under <see cref="ActionContext.ExecuteKey"/> / <see cref="ActionContext.RevertKey"/>.
/// </summary>
public interface IActionHandler
{
    /// <summary>The action type handled.</summary>
    string ActionType { get; }

    /// <summary>The <see cref="ICloud.Name"/> this handler works on, or <see cref="AnyCloud"/> for actions that need no cloud (sleep, nop).</summary>
    string Cloud { get; }

    /// <summary>Performs the action.</summary>
    Task ExecuteAsync(ActionContext context);

    /// <summary>Undoes the action using what was captured before it ran.</summary>
    Task RevertAsync(ActionContext context, JsonObject? revertData);

    /// <summary>
    /// Asks the cloud to abort the action's execute step while it runs (its timeout expired). True when the cloud
    /// stopped it; false when this cloud cannot abort it (the default), in which case it may still complete.
    /// </summary>
    Task<bool> AbortAsync(ActionContext context) => Task.FromResult(false);

    /// <summary>The <see cref="Cloud"/> value of handlers that work on every cloud.</summary>
    public const string AnyCloud = "*";
}
