using Watcher.Application.Ports;
using Watcher.Domain.Errors;
using Watcher.Domain.Execution;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;

namespace Watcher.Application.Services;

/// <summary>
/// Action plans: start (schedule the execution), cancel, soft-delete, skip an action before the plan runs, and
/// workflow status. A start whose scheduling fails is undone, so the plan can be started again; a start that finds
/// another running plan on the same resources is refused; a second start is idempotent; a stuck plan can be started
/// again or deleted.
/// </summary>
public sealed class ActionPlanService(WatcherRepository repository, IWorkflowEngine engine, ResourceLeases leases, TimeProvider time, QuietWindowResolver? quietWindows = null)
{
    private DateTimeOffset Now => time.GetUtcNow();

    /// <summary>
    /// Starts a RECOMMENDED plan: PENDING, its resource leases taken, its execution scheduled. Refused with a 409
    /// naming the other plan and the shared resources when a running plan holds a host or instance it touches. A
    /// second start of a plan already PENDING or ONGOING returns it as it is and schedules nothing, except that a
    /// PENDING plan whose execution is not running (never scheduled, or ended without running it) is scheduled again.
    /// A plan whose policy asks for the quietest window gets it resolved first (<see cref="QuietWindowResolver"/>): a
    /// weekly cron window the execution then waits for on its durable timer, the reason in its status message.
    /// </summary>
    public async Task<ActionPlan> StartAsync(string uuid, CancellationToken ct = default)
    {
        var current = await repository.GetPlanAsync(uuid, ct);
        if (current.State is ActionPlanState.Pending or ActionPlanState.Ongoing)
        {
            return await StartAgainAsync(current, ct);
        }

        // "Run in the quietest window": picked now from the touched resources' history (I/O, so outside the update).
        var policy = current.State == ActionPlanState.Recommended && current.ExecutionPolicy is { QuietestWindow: not null, Window: null }
            ? await (quietWindows ?? new QuietWindowResolver(null, leases, time)).ResolveAsync(current, ct)
            : null;
        var alreadyStarted = false;
        var plan = await repository.UpdatePlanAsync(uuid, p =>
        {
            // A concurrent start approved it between our read and this write: that start schedules it, this one does not.
            alreadyStarted = p.State is ActionPlanState.Pending or ActionPlanState.Ongoing;
            return alreadyStarted ? p
                : p.State == ActionPlanState.Recommended ? WithQuietWindow(p, policy).Approve(Now)
                : throw NotAllowed("start", p, ActionPlanState.Pending);
        }, ct);
        if (alreadyStarted)
        {
            return plan;
        }

        CrashPoints.Hit(CrashPoints.PlanApproved);
        try
        {
            await AcquireLeasesAsync(plan, ct);
            await engine.StartPlanAsync(uuid, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await repository.UpdatePlanAsync(uuid, p => p.UndoApprove(), CancellationToken.None);
            await leases.ReleaseAsync(plan, Now, CancellationToken.None);
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
        CrashPoints.Hit(CrashPoints.PlanCancelling);
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

    /// <summary>
    /// Soft-deletes a plan that is not running, with its actions. A PENDING plan may be deleted only when its execution
    /// is not running (a stuck plan: never scheduled, or its workflow ended without running it).
    /// </summary>
    public async Task<ActionPlan> DeleteAsync(string uuid, CancellationToken ct = default)
    {
        var current = await repository.GetPlanAsync(uuid, ct);
        if (current.State == ActionPlanState.Pending && await engine.IsPlanRunningAsync(uuid, ct))
        {
            throw new ConflictException($"Couldn't delete action plan {uuid}: it is PENDING and its execution is scheduled; cancel it first.");
        }

        var plan = await repository.UpdatePlanAsync(uuid, p => p.State == current.State && p.CanMoveTo(ActionPlanState.Deleted) ? p.Delete(Now) : throw NotAllowed("delete", p, ActionPlanState.Deleted), ct);
        await leases.ReleaseAsync(plan, Now, CancellationToken.None);
        return plan;
    }

    /// <summary>
    /// A start of a plan already PENDING or ONGOING: returned as it is, unless it is a stuck PENDING plan (its execution
    /// never scheduled or no longer running), whose execution is scheduled again under the same instance id.
    /// </summary>
    private async Task<ActionPlan> StartAgainAsync(ActionPlan plan, CancellationToken ct)
    {
        if (plan.State != ActionPlanState.Pending || await engine.IsPlanRunningAsync(plan.Uuid, ct))
        {
            return plan;
        }

        await AcquireLeasesAsync(plan, ct);
        await engine.StartPlanAsync(plan.Uuid, ct);
        return plan;
    }

    /// <summary>Takes the plan's resource leases, or refuses the start with a 409 naming the running plan that holds them.</summary>
    private async Task AcquireLeasesAsync(ActionPlan plan, CancellationToken ct)
    {
        if (await leases.AcquireAsync(plan, Now, ct) is { } conflict)
        {
            throw new ConflictException(
                $"Couldn't start action plan {plan.Uuid}: action plan {conflict.HolderPlanUuid} is running on the same resources ({conflict.Describe()}). "
                + "Start it again once that plan has finished.");
        }
    }

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

    /// <summary>The plan with its resolved quietest window and the reason as its status message, when it still asks for one.</summary>
    private static ActionPlan WithQuietWindow(ActionPlan plan, ExecutionPolicy? resolved) =>
        resolved?.Window is { } window && plan.ExecutionPolicy is { QuietestWindow: not null, Window: null }
            ? plan with { ExecutionPolicy = resolved, StatusMessage = window.ChosenFrom }
            : plan;

    /// <summary>A 409 naming the plan, the refused operation and both states.</summary>
    internal static ConflictException NotAllowed(string operation, ActionPlan plan, ActionPlanState target) =>
        new($"Couldn't {operation} action plan {plan.Uuid}: state transition not allowed ({StateMachine<ActionPlanState>.Name(plan.State)} -> {StateMachine<ActionPlanState>.Name(target)}).");
}
