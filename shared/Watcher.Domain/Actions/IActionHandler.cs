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

    /// <summary>The <see cref="Cloud"/> value of handlers that work on every cloud.</summary>
    public const string AnyCloud = "*";
}
