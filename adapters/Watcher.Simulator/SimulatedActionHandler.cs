using System.Text.Json.Nodes;
using Watcher.Domain.Actions;

namespace Watcher.Simulator;

/// <summary>Runs any action on the simulator by applying its definition's effect (execute) or revert to the simulated cluster.</summary>
public sealed class SimulatedActionHandler(SimulatedCloud cloud, IActionDefinition definition) : IActionHandler
{
    public string ActionType => definition.ActionType;

    public string Cloud => SimulatedCloud.CloudName;

    public Task ExecuteAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return cloud.ApplyActionAsync(definition, context.Parameters, context.ExecuteKey, cancellationToken: context.CancellationToken);
    }

    /// <summary>Cancels the execute step's pending simulated delay (an operation delay or a hang fault), if it is waiting in one.</summary>
    public Task<bool> AbortAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Task.FromResult(cloud.Abort(context.ExecuteKey));
    }

    public Task RevertAsync(ActionContext context, JsonObject? revertData)
    {
        ArgumentNullException.ThrowIfNull(context);
        return cloud.ApplyActionAsync(definition, context.Parameters, context.RevertKey, revert: true, revertData, context.CancellationToken);
    }
}
