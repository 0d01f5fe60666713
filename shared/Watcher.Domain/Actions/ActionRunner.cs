using System.Text.Json.Nodes;
using Watcher.Domain.Cluster;

namespace Watcher.Domain.Actions;

/// <summary>
/// What the applier runs for one action type on the selected cloud: the definition's schema check, pre-condition,
/// revert capture and post-condition around the cloud handler's execute and revert.
/// </summary>
public sealed class ActionRunner
{
    private readonly ActionCatalog _catalog;
    private readonly IActionHandler? _handler;
    private readonly string _cloud;

    public ActionRunner(ActionCatalog catalog, IActionDefinition definition, IActionHandler? handler, string cloud)
    {
        _catalog = catalog;
        Definition = definition;
        _handler = handler;
        _cloud = cloud;
    }

    /// <summary>The action type's definition.</summary>
    public IActionDefinition Definition { get; }

    public string ActionType => Definition.ActionType;

    /// <summary>Throws <see cref="ActionPreconditionException"/> when the input is invalid, the cloud has no handler, or the action cannot run on the cluster as it is.</summary>
    public void CheckPrecondition(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problems = _catalog.ValidateInput(ActionType, context.Parameters);
        if (problems.Count > 0)
        {
            throw new ActionPreconditionException($"{ActionType} action {context.Action.Uuid} has invalid input: {string.Join("; ", problems)}.");
        }

        _ = Handler;

        Definition.CheckPrecondition(new ClusterState(context.Cluster), context.Parameters);
    }

    /// <summary>True when the effect is already in place (a replay after a crash), so execute is skipped.</summary>
    public bool IsAlreadyApplied(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Definition.ChangesCluster && Definition.IsApplied(new ClusterState(context.Cluster), context.Parameters);
    }

    /// <summary>
    /// Why the PENDING action need not run on the cluster as it is now (see <see cref="IActionDefinition.NotNeededReason"/>),
    /// or null. Invalid input is never "not needed": the pre-condition reports it.
    /// </summary>
    public string? NotNeededReason(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return _catalog.ValidateInput(ActionType, context.Parameters).Count > 0
            ? null
            : Definition.NotNeededReason(new ClusterState(context.Cluster), context.Parameters);
    }

    /// <summary>What revert will need, read before execute and persisted with the action.</summary>
    public JsonObject? CaptureRevertData(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Definition.CaptureRevertData(new ClusterState(context.Cluster), context.Parameters);
    }

    /// <summary>Performs the action on the cloud.</summary>
    public Task ExecuteAsync(ActionContext context) => Handler.ExecuteAsync(context);

    /// <summary>Asks the cloud to abort a running execute step; false when it cannot (or no handler is registered).</summary>
    public Task<bool> AbortAsync(ActionContext context) => _handler is null ? Task.FromResult(false) : _handler.AbortAsync(context);

    /// <summary>Throws <see cref="ActionFailedException"/> when the effect is not visible on the cluster read after execute.</summary>
    public void CheckPostcondition(ActionContext after)
    {
        ArgumentNullException.ThrowIfNull(after);
        if (Definition.ChangesCluster && !Definition.IsApplied(new ClusterState(after.Cluster), after.Parameters))
        {
            throw new ActionFailedException($"{ActionType} action {after.Action.Uuid} ran but its effect is not visible on the cluster.");
        }
    }

    /// <summary>
    /// Undoes a succeeded action; nothing is called when the cluster already shows it undone (a replayed or repeated
    /// revert, or a revert of an action that never took effect). Throws <see cref="ActionPreconditionException"/> when
    /// the cluster no longer shows what the action left (drift), so a revert never acts on an instance someone else has
    /// moved since. After the cloud's revert, the cluster is read again and the revert's effect must be visible (the
    /// revert's post-condition), else <see cref="ActionFailedException"/>.
    /// </summary>
    public async Task RevertAsync(ActionContext context, JsonObject? revertData)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Definition.ChangesCluster && Definition.IsReverted(new ClusterState(context.Cluster), context.Parameters, revertData))
        {
            return;
        }

        if (Definition.ChangesCluster)
        {
            Definition.CheckRevertPrecondition(new ClusterState(context.Cluster), context.Parameters, revertData);
        }

        await Handler.RevertAsync(context, revertData);
        if (Definition.ChangesCluster)
        {
            CheckRevertPostcondition(context with { Cluster = await context.Cloud.GetClusterAsync(context.CancellationToken) }, revertData);
        }
    }

    /// <summary>Throws <see cref="ActionFailedException"/> when the revert's effect is not visible on the cluster read after it.</summary>
    public void CheckRevertPostcondition(ActionContext after, JsonObject? revertData)
    {
        ArgumentNullException.ThrowIfNull(after);
        if (Definition.ChangesCluster && !Definition.IsReverted(new ClusterState(after.Cluster), after.Parameters, revertData))
        {
            throw new ActionFailedException($"{ActionType} action {after.Action.Uuid} was reverted but the cluster does not show it undone.");
        }
    }

    private IActionHandler Handler =>
        _handler ?? throw new ActionPreconditionException($"Cloud '{_cloud}' cannot run {ActionType} actions (no handler is registered for it).");
}
