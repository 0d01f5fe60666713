using Watcher.Application.Ports;
using Watcher.Domain.Errors;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;
using Watcher.Domain.Planning;

namespace Watcher.Application.Services;

/// <summary>
/// User rollback of a finished plan, whole or in part (the chosen actions and every succeeded action depending on
/// them). Refused when nothing succeeded; a rollback whose scheduling fails leaves the plan as it was.
/// </summary>
public sealed class RollbackService(WatcherRepository repository, IWorkflowEngine engine, TimeProvider time)
{
    public async Task<(ActionPlan Plan, string InstanceId)> RollbackAsync(string uuid, IReadOnlyList<string>? actionUuids, CancellationToken ct = default)
    {
        var current = await repository.GetPlanAsync(uuid, ct);
        if (current.Actions.Count == 0)
        {
            // An empty plan is stored SUCCEEDED ("nothing to do"), so its state alone would allow a rollback.
            throw new ConflictException($"Nothing to roll back: action plan {uuid} has no actions.");
        }

        if (!current.CanMoveTo(ActionPlanState.RollingBack))
        {
            throw new ConflictException(ActionPlanService.NotAllowed("roll back", current, ActionPlanState.RollingBack).Message
                + " A plan can be rolled back once it has SUCCEEDED, FAILED or been CANCELLED (or after a partial or failed rollback).");
        }

        if (!current.CanRollBack || RollbackSelection.Select(current, actionUuids).Count == 0)
        {
            throw new ConflictException("Nothing to roll back: no action of this plan has succeeded.");
        }

        var number = 0;
        var plan = await repository.UpdatePlanAsync(uuid, p =>
        {
            if (!p.CanMoveTo(ActionPlanState.RollingBack))
            {
                throw ActionPlanService.NotAllowed("roll back", p, ActionPlanState.RollingBack);
            }

            if (!p.CanRollBack)
            {
                throw new ConflictException("Nothing to roll back: no action of this plan has succeeded.");
            }

            var next = p.BeginRollback(time.GetUtcNow());
            number = next.RollbackCount;
            return next;
        }, ct);
        try
        {
            return (plan, await engine.StartRollbackAsync(uuid, actionUuids, number, ct));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await repository.UpdatePlanAsync(uuid, p => p.UndoBeginRollback(current), CancellationToken.None);
            throw;
        }
    }
}
