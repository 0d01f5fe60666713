using System.Globalization;
using Microsoft.Extensions.Options;
using Watcher.Application.Ports;
using Watcher.Domain.Actions;
using Watcher.Domain.Errors;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;
using Watcher.Domain.Planning;

namespace Watcher.Application.Services;

/// <summary>
/// User rollback of a finished plan, whole or in part (the chosen actions and every succeeded action depending on
/// them), made safe: a preview judges every revert against the cluster as it is now; a rollback with drift is refused
/// unless forced (then the drifted actions are left as they are and reported); a plan that finished longer ago than
/// <see cref="RollbackOptions.WindowHours"/> is refused. Refused when nothing succeeded; a rollback whose scheduling
/// fails leaves the plan as it was.
/// </summary>
public sealed class RollbackService(
    WatcherRepository repository, IWorkflowEngine engine, ICloud cloud, ActionCatalog catalog, IOptions<RollbackOptions> options, TimeProvider time)
{
    /// <summary>
    /// The reverse plan a rollback of <paramref name="actionUuids"/> (all when null) would run, each revert judged
    /// against the cluster now, and why a rollback would be refused (<see cref="RollbackPreview.Refusal"/>). Executes nothing.
    /// </summary>
    public async Task<RollbackPreview> PreviewAsync(string uuid, IReadOnlyList<string>? actionUuids, CancellationToken ct = default)
    {
        var plan = await repository.GetPlanAsync(uuid, ct);
        var preview = RollbackPreview.Build(plan, actionUuids, await cloud.GetClusterAsync(ct), catalog);
        return preview with { Refusal = Refusal(plan) };
    }

    /// <summary>Starts a rollback without force: any drift refuses it.</summary>
    public async Task<(ActionPlan Plan, string InstanceId)> RollbackAsync(string uuid, IReadOnlyList<string>? actionUuids, CancellationToken ct = default)
    {
        var started = await StartAsync(uuid, actionUuids, force: false, ct);
        return (started.Plan, started.InstanceId);
    }

    /// <summary>
    /// Starts a rollback. Refused (409) when the plan's state does not allow it, when it finished longer ago than the
    /// rollback window, and, unless <paramref name="force"/>, when a revert's pre-condition fails against the cluster
    /// now (the message lists each such action and why). Forced, those actions are skipped: left as they are, with a
    /// status message saying why, and the plan ends PARTIALLY_ROLLED_BACK.
    /// </summary>
    public async Task<RollbackStart> StartAsync(string uuid, IReadOnlyList<string>? actionUuids, bool force, CancellationToken ct = default)
    {
        var current = await repository.GetPlanAsync(uuid, ct);
        if (Refusal(current) is { } refusal)
        {
            throw new ConflictException(refusal);
        }

        var preview = RollbackPreview.Build(current, actionUuids, await cloud.GetClusterAsync(ct), catalog);
        if (preview.Steps.Count == 0)
        {
            throw new ConflictException("Nothing to roll back: no action of this plan has succeeded.");
        }

        var drift = preview.Drift;
        if (drift.Count > 0 && !force)
        {
            throw new ConflictException($"Rollback of action plan {uuid} refused: the cluster changed since the plan ran, so {drift.Count} of "
                + $"{preview.Steps.Count} revert(s) cannot run as planned: {Describe(drift)}. Preview the rollback with \"dry_run\": true, "
                + "or pass \"force\": true to revert the rest and leave these as they are.");
        }

        if (drift.Count == preview.Steps.Count)
        {
            throw new ConflictException($"Nothing can be rolled back: every selected action of action plan {uuid} has drifted: {Describe(drift)}.");
        }

        IReadOnlyList<SkippedRevert> skipped = [.. drift.Select(s => new SkippedRevert(s.ActionUuid, s.Reason ?? "drift"))];
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
        CrashPoints.Hit(CrashPoints.RollbackBegun);
        try
        {
            return new RollbackStart(plan, await engine.StartRollbackAsync(uuid, actionUuids, number, skipped.Count == 0 ? null : skipped, ct), skipped);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await repository.UpdatePlanAsync(uuid, p => p.UndoBeginRollback(current), CancellationToken.None);
            throw;
        }
    }

    /// <summary>Why a rollback of <paramref name="plan"/> is refused now, drift aside (nothing to undo, its state, the window), or null.</summary>
    private string? Refusal(ActionPlan plan)
    {
        if (plan.Actions.Count == 0)
        {
            // An empty plan is stored SUCCEEDED ("nothing to do"), so its state alone would allow a rollback.
            return $"Nothing to roll back: action plan {plan.Uuid} has no actions.";
        }

        if (!plan.CanMoveTo(ActionPlanState.RollingBack))
        {
            return ActionPlanService.NotAllowed("roll back", plan, ActionPlanState.RollingBack).Message
                + " A plan can be rolled back once it has SUCCEEDED, FAILED or been CANCELLED (or after a partial or failed rollback).";
        }

        if (!plan.CanRollBack)
        {
            return "Nothing to roll back: no action of this plan has succeeded.";
        }

        var hours = options.Value.WindowHours;
        // Plans stored before FinishedAt was recorded fall back to their last update; a plan with no time at all is not limited.
        var finished = plan.FinishedAt ?? plan.UpdatedAt ?? plan.CreatedAt;
        if (hours > 0 && finished != default && time.GetUtcNow() - finished > TimeSpan.FromHours(hours))
        {
            return $"Rollback of action plan {plan.Uuid} refused: the plan finished at "
                + $"{finished.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}, longer ago than the rollback window of "
                + $"{hours} hour(s) (Watcher:Rollback:WindowHours); the cluster has likely moved on since.";
        }

        return null;
    }

    private static string Describe(IEnumerable<RollbackStep> drift) =>
        string.Join("; ", drift.Select(s => $"{s.ActionType} {s.ActionUuid}: {s.Reason}"));
}
