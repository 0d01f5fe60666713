using System.Text.Json.Nodes;

namespace Watcher.Domain.Actions.Handlers;

/// <summary><c>nop</c> on any cloud: nothing to do and nothing to undo (the message is in the plan's journal).</summary>
public sealed class NopHandler : IActionHandler
{
    public string ActionType => ActionTypes.Nop;

    public string Cloud => IActionHandler.AnyCloud;

    public Task ExecuteAsync(ActionContext context) => Task.CompletedTask;

    public Task RevertAsync(ActionContext context, JsonObject? revertData) => Task.CompletedTask;
}
