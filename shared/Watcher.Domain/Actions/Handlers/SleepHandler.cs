using System.Text.Json.Nodes;
using Watcher.Domain.Actions.Definitions;

namespace Watcher.Domain.Actions.Handlers;

/// <summary><c>sleep</c> on any cloud: waits the requested duration; nothing to undo.</summary>
public sealed class SleepHandler : IActionHandler
{
    public string ActionType => ActionTypes.Sleep;

    public string Cloud => IActionHandler.AnyCloud;

    public Task ExecuteAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Task.Delay(SleepDefinition.Duration(context.Parameters), context.CancellationToken);
    }

    public Task RevertAsync(ActionContext context, JsonObject? revertData) => Task.CompletedTask;
}
