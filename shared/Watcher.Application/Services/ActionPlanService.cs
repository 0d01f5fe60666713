using Watcher.Application.Ports;
using Watcher.Domain.Errors;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;

namespace Watcher.Application.Services;

/// <summary>
/// Action plans: start (schedule the execution), cancel, soft-delete, skip an action before the plan runs, and
/// workflow status. A start whose scheduling fails is undone, so the plan can be started again.
/// </summary>
public sealed class ActionPlanService(WatcherRepository repository, IWorkflowEngine engine, TimeProvider time)
{
    private DateTimeOffset Now => time.GetUtcNow();

    public async Task<ActionPlan> StartAsync(string uuid, CancellationToken ct = default)
    {
        var plan = await repository.UpdatePlanAsync(uuid, p => p.State == ActionPlanState.Recommended
            ? p.Approve(Now)
            : throw NotAllowed("start", p, ActionPlanState.Pending), ct);
        try
        {
            await engine.StartPlanAsync(uuid, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await repository.UpdatePlanAsync(uuid, p => p.UndoApprove(), CancellationToken.None);
            throw;
        }

        return plan;
    }

    public async Task<ActionPlan> CancelAsync(string uuid, CancellationToken ct = default)
    {
        var before = await repository.GetPlanAsync(uuid, ct);
        var plan = await repository.UpdatePlanAsync(uuid, p => p.State is ActionPlanState.Recommended or ActionPlanState.Pending or ActionPlanState.Ongoing or ActionPlanState.Cancelling
            ? p.RequestCancel(Now)
            : throw NotAllowed("cancel", p, ActionPlanState.Cancelling), ct);
        if (before.State is ActionPlanState.Pending or ActionPlanState.Ongoing or ActionPlanState.Cancelling
            && !await engine.CancelPlanAsync(uuid, ct))
        {
            // No workflow will ever act on the request (it was never scheduled, or it already ended without finishing
            // the plan): end the plan here instead of leaving it CANCELLING for good.
            plan = await repository.UpdatePlanAsync(uuid, p => p.State == ActionPlanState.Cancelling
                ? p.Finish(ActionPlanState.Cancelled, "Cancelled: the plan's execution was not running, so nothing was stopped; actions that never started are CANCELLED.", null, Now)
                : p, ct);
        }

        return plan;
    }

    /// <summary>Soft-deletes a plan that is not running, with its actions.</summary>
    public Task<ActionPlan> DeleteAsync(string uuid, CancellationToken ct = default) =>
        repository.UpdatePlanAsync(uuid, p => p.CanMoveTo(ActionPlanState.Deleted) ? p.Delete(Now) : throw NotAllowed("delete", p, ActionPlanState.Deleted), ct);

    /// <summary>
    /// Watcher 1.5: marks a PENDING action SKIPPED with a reason (or changes the reason of a SKIPPED one) while its plan
    /// has not started (RECOMMENDED or PENDING); the plan's execution then passes over it.
    /// </summary>
    public async Task<WatcherAction> SkipActionAsync(string actionUuid, string? reason, CancellationToken ct = default)
    {
        var (plan, _) = await repository.GetActionAsync(actionUuid, ct);
        var updated = await repository.UpdatePlanAsync(plan.Uuid, p =>
        {
            if (p.State is not (ActionPlanState.Recommended or ActionPlanState.Pending))
            {
                throw new ConflictException($"Action {actionUuid} can be skipped only while its action plan is RECOMMENDED or PENDING; the plan is {StateMachine<ActionPlanState>.Name(p.State)}.");
            }

            var action = p.Actions.Single(a => a.Uuid == actionUuid);
            if (action.State != ActionState.Skipped && !Transitions.Action.CanTransition(action.State, ActionState.Skipped))
            {
                throw new ConflictException($"State transition not allowed: ({StateMachine<ActionState>.Name(action.State)} -> {StateMachine<ActionState>.Name(ActionState.Skipped)}).");
            }

            return p with
            {
                Actions = p.Actions.Select(a => a.Uuid == actionUuid ? a with { State = ActionState.Skipped, StatusMessage = reason, UpdatedAt = Now } : a).ToList(),
                UpdatedAt = Now,
            };
        }, ct);
        return updated.Actions.Single(a => a.Uuid == actionUuid);
    }

    /// <summary>The status of a workflow instance (an audit run, a plan's execution or a rollback), or null.</summary>
    public Task<WorkflowStatus?> GetWorkflowAsync(string instanceId, CancellationToken ct = default) => engine.GetStatusAsync(instanceId, ct);

    /// <summary>A 409 naming the plan, the refused operation and both states.</summary>
    internal static ConflictException NotAllowed(string operation, ActionPlan plan, ActionPlanState target) =>
        new($"Couldn't {operation} action plan {plan.Uuid}: state transition not allowed ({StateMachine<ActionPlanState>.Name(plan.State)} -> {StateMachine<ActionPlanState>.Name(target)}).");
}
