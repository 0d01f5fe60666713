using Microsoft.Extensions.Options;
using Watcher.Application.Ports;
using Watcher.Domain.Errors;
using Watcher.Domain.Execution;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;

namespace Watcher.Application.Services;

/// <summary>
/// Repairs records whose workflow will never act on them: left by a crash between a record's write and its
/// workflow's scheduling, or by older versions (docs/reliability.md, "Crash-consistent writes"). Each host runs it on a
/// timer. A record is the outbox entry of its own workflow: its state and run number name the workflow instance
/// (<see cref="WorkflowInstanceIds"/>) that should exist, so a pass looks each non-terminal record's instance up and
/// <list type="bullet">
/// <item>marks FAILED, with the reason, a one-shot audit whose run was never scheduled, and a one-shot or event audit
/// whose run ended (or vanished) without finishing it;</item>
/// <item>makes a PENDING plan whose start was interrupted RECOMMENDED again (or, when its execution ended without
/// running it within <see cref="ReconcilerOptions.ResumeWindowSeconds"/>, starts it again);</item>
/// <item>ends FAILED an ONGOING plan whose execution ended or vanished (an action may have been in flight, so it is
/// not run again; a rollback can undo what ran);</item>
/// <item>ends CANCELLED a CANCELLING plan with no live execution, and sends the cancel again to a live one;</item>
/// <item>ends ROLLBACK_FAILED (so it can be rolled back again) a ROLLING_BACK plan whose rollback never ran or ended.</item>
/// </list>
/// Records younger than <see cref="ReconcilerOptions.GraceSeconds"/> are left alone, so a request still between its
/// write and its scheduling is never raced; and a record is repaired only after this process has seen it left behind
/// for that long (<see cref="ReconcilerObservations"/>), so start messages a crash left in the queues are delivered first. Every write is conditional: the record is read again after its workflow's
/// status, and the repository's ETag update applies the change only while the record is still exactly what the
/// decision saw (state, run, last update); otherwise the record is left for the next pass. Scheduling is idempotent
/// (deterministic instance ids), and nothing is ever scheduled under an id that has no instance yet (a start message
/// sent just before a crash may still be in flight), so a pass starts nothing twice.
/// </summary>
public sealed class Reconciler(
    WatcherRepository repository,
    IWorkflowEngine engine,
    ActionPlanService plans,
    ResourceLeases leases,
    ReconcilerObservations observations,
    IOptions<ReconcilerOptions> options,
    TimeProvider time)
{
    /// <summary>The journal line of a plan's repair.</summary>
    public const string Journalled = "plan_reconciled";

    /// <summary>The journal line of a repair journalled but not applied, because the plan changed meanwhile.</summary>
    public const string Withdrawn = "plan_reconcile_withdrawn";

    /// <summary>A repair is journalled once per phase: since the plan's last rollback or withdrawn repair.</summary>
    private static readonly string[] RepairScope = ["rollback_started", Withdrawn];

    private DateTimeOffset Now => time.GetUtcNow();

    private TimeSpan Grace => TimeSpan.FromSeconds(options.Value.GraceSeconds);

    /// <summary>
    /// One pass over the non-terminal audits and plans, found by state through the document index (list views; each is
    /// read again before it is repaired), so a pass costs what is in flight, not what is stored; it runs about once a minute.
    /// </summary>
    public async Task<ReconcileReport> RunOnceAsync(CancellationToken ct = default)
    {
        var repairs = new List<string>();
        var problems = new List<string>();
        var watching = new HashSet<string>(StringComparer.Ordinal);
        foreach (var audit in await repository.ListInStatesAsync<Audit, AuditState>(WatcherRepository.Audits, [AuditState.Pending, AuditState.Ongoing], ct))
        {
            if (RunToCheck(audit) is not { } run || !Settled(audit.UpdatedAt ?? audit.CreatedAt))
            {
                continue;
            }

            try
            {
                if (await ReconcileAuditAsync(audit.Uuid, run, watching, ct) is { } repair)
                {
                    repairs.Add(repair);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                problems.Add($"Audit {audit.Uuid}: {ex.Message}");
            }
        }

        foreach (var plan in await repository.ListInStatesAsync<ActionPlan, ActionPlanState>(WatcherRepository.ActionPlans, [ActionPlanState.Pending, ActionPlanState.Ongoing, ActionPlanState.Cancelling, ActionPlanState.RollingBack], ct))
        {
            if (plan.State is not (ActionPlanState.Pending or ActionPlanState.Ongoing or ActionPlanState.Cancelling or ActionPlanState.RollingBack)
                || !Settled(plan.UpdatedAt ?? plan.CreatedAt))
            {
                continue;
            }

            try
            {
                if (await ReconcilePlanAsync(plan.Uuid, watching, ct) is { } repair)
                {
                    repairs.Add(repair);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                problems.Add($"Action plan {plan.Uuid}: {ex.Message}");
            }
        }

        observations.KeepOnly(watching);
        return new ReconcileReport(repairs, problems);
    }

    /// <summary>
    /// The run whose workflow should exist for an audit waiting on one, or null: a one-shot's run 1 while PENDING or
    /// ONGOING (also when an older version left its count at 0), an EVENT audit's run while ONGOING. A CONTINUOUS
    /// audit whose claimed run was lost simply runs at its next time, and an EVENT audit left PENDING or SUCCEEDED by a
    /// lost trigger can be triggered again, so neither is left behind.
    /// </summary>
    private static int? RunToCheck(Audit audit) => audit.AuditType switch
    {
        AuditType.Oneshot when audit.State is AuditState.Pending or AuditState.Ongoing => Math.Max(1, audit.RunCount),
        AuditType.Event when audit.State == AuditState.Ongoing && audit.RunCount >= 1 => audit.RunCount,
        _ => null,
    };

    private bool Settled(DateTimeOffset lastWrite) => Now - lastWrite >= Grace;

    /// <summary>
    /// True once this process has seen <paramref name="key"/> left behind for the grace period (see
    /// <see cref="ReconcilerObservations"/>); until then the key is kept in <paramref name="watching"/> and nothing is done.
    /// </summary>
    private bool Observed(string key, HashSet<string> watching)
    {
        watching.Add(key);
        return Now - observations.FirstSeen(key, Now) >= Grace;
    }

    private async Task<string?> ReconcileAuditAsync(string uuid, int run, HashSet<string> watching, CancellationToken ct)
    {
        var instanceId = WorkflowInstanceIds.AuditRun(uuid, run);
        // The workflow's status first, then the record: a run that finished its audit did so before its instance
        // ended, so a record still unfinished after an ended instance really was left behind.
        var status = await engine.GetStatusAsync(instanceId, ct);
        if (await repository.Store.GetAsync<Audit>(WatcherRepository.Audits, uuid, ct) is not { Value: var seen }
            || RunToCheck(seen) != run || !Settled(seen.UpdatedAt ?? seen.CreatedAt))
        {
            return null;
        }

        if (status is not null && !WorkflowInstanceIds.IsEnded(status.RuntimeStatus))
        {
            return null; // Scheduled, running or waiting: its workflow will act.
        }

        var key = $"audit:{uuid}:{run}:{StateMachine<AuditState>.Name(seen.State)}";
        if (!Observed(key, watching))
        {
            return null;
        }

        watching.Remove(key);
        // Never scheduled again under the same id: a start message sent just before the crash may still be in flight
        // (see docs/reliability.md), and a second start of one instance corrupts it. Should that message arrive after
        // all, its run finds the audit FAILED and ends without changing it.
        var reason = status is not null
            ? $"Audit run {run} was interrupted: its workflow {instanceId} ended {status.RuntimeStatus}{(status.FailureMessage is { Length: > 0 } why ? $" ({why})" : string.Empty)} without finishing the audit. Create a new audit."
            : seen.State == AuditState.Pending
                ? $"Audit run {run} was never scheduled: the service stopped between saving the audit and scheduling its run. Create a new audit."
                : $"Audit run {run} was interrupted: its workflow {instanceId} no longer exists, so the audit can never finish. Create a new audit.";
        return await UpdateAuditIfUnchangedAsync(seen, a => a with { State = AuditState.Failed, StatusMessage = reason, UpdatedAt = Now }, ct) is null
            ? null
            : $"Audit {uuid}: FAILED, {reason}";
    }

    private async Task<string?> ReconcilePlanAsync(string uuid, HashSet<string> watching, CancellationToken ct)
    {
        var listed = await repository.GetPlanAsync(uuid, ct);
        var instanceId = listed.State == ActionPlanState.RollingBack ? WorkflowInstanceIds.Rollback(uuid, listed.RollbackCount) : WorkflowInstanceIds.Plan(uuid);
        var status = await engine.GetStatusAsync(instanceId, ct);
        if (await repository.Store.GetAsync<ActionPlan>(WatcherRepository.ActionPlans, uuid, ct) is not { Value: var seen }
            || seen.State != listed.State || seen.RollbackCount != listed.RollbackCount || !Settled(seen.UpdatedAt ?? seen.CreatedAt))
        {
            return null;
        }

        var live = status is not null && !WorkflowInstanceIds.IsEnded(status.RuntimeStatus);
        if (live && seen.State != ActionPlanState.Cancelling)
        {
            return null; // Its workflow will act.
        }

        var key = $"plan:{uuid}:{StateMachine<ActionPlanState>.Name(seen.State)}:{seen.RollbackCount}";
        if (!Observed(key, watching))
        {
            return null;
        }

        watching.Remove(key);
        var gone = status is null ? $"its workflow {instanceId} was never scheduled or no longer exists"
            : $"its workflow {instanceId} ended {status.RuntimeStatus}{(status.FailureMessage is { Length: > 0 } why ? $" ({why})" : string.Empty)}";
        switch (seen.State)
        {
            case ActionPlanState.Cancelling when live:
                // The cancel request may have been lost in a crash between its write and its event: send it again.
                await engine.CancelPlanAsync(uuid, ct);
                return null;
            case ActionPlanState.Cancelling:
                return await FinishPlanIfUnchangedAsync(seen, p => p.Finish(ActionPlanState.Cancelled, $"Cancelled: {gone}, so nothing was running; actions that never started are CANCELLED.", null, Now), ct);
            case ActionPlanState.Ongoing when !live:
                return await FinishPlanIfUnchangedAsync(seen, p => p.Finish(ActionPlanState.Failed, $"Execution interrupted: {gone} before the plan finished. Actions that never started are CANCELLED; an action that was running is left as it is. Roll back to undo what ran.", null, Now), ct);
            case ActionPlanState.RollingBack when !live:
                return await FinishPlanIfUnchangedAsync(seen, p => p.FinishRollback(ActionPlanState.RollbackFailed, new ExecutionRecord { Outcome = "interrupted", At = Now }, Now) with
                {
                    StatusMessage = $"Rollback interrupted: {gone}. Start the rollback again to revert what is left.",
                }, ct);
            case ActionPlanState.Pending when !live:
                return await ResumeOrWithdrawStartAsync(seen, gone, ended: status is not null, ct);
            default:
                return null;
        }
    }

    /// <summary>
    /// A PENDING plan with no live execution. When its execution ended without running it (its instance exists, so no
    /// start message can still be in flight) and the start was recent, it is started again; otherwise (never
    /// scheduled, asked for long ago, or its resources taken by another running plan now) it is RECOMMENDED again.
    /// </summary>
    private async Task<string?> ResumeOrWithdrawStartAsync(ActionPlan seen, string gone, bool ended, CancellationToken ct)
    {
        var window = options.Value.ResumeWindowSeconds;
        string why;
        if (!ended)
        {
            // Not scheduled again under the same id: a start message sent just before the crash may still be in
            // flight, and a second start of one instance corrupts it. Should it arrive, it finds the plan RECOMMENDED
            // and ends without running anything.
            why = "its execution was never scheduled";
        }
        else if (window > 0 && Now - (seen.UpdatedAt ?? seen.CreatedAt) <= TimeSpan.FromSeconds(window))
        {
            try
            {
                // The start's own idempotent path: leases (refused while another running plan holds them), then the
                // execution under its deterministic instance id.
                await plans.StartAsync(seen.Uuid, ct);
                return $"Action plan {seen.Uuid}: started, as its interrupted start asked ({gone}).";
            }
            catch (ConflictException ex)
            {
                why = ex.Message;
            }
        }
        else
        {
            why = $"it was asked for more than {window} s ago";
        }

        var message = $"Start interrupted ({gone}) and not resumed: {why}. The plan is RECOMMENDED again; start it again when ready.";
        var withdrawn = await repository.UpdatePlanAsync(seen.Uuid, p => Unchanged(p, seen) ? p.UndoApprove() with { StatusMessage = message, UpdatedAt = Now } : p, ct);
        if (withdrawn.State != ActionPlanState.Recommended)
        {
            return null;
        }

        await leases.ReleaseAsync(withdrawn, Now, ct);
        return $"Action plan {seen.Uuid}: RECOMMENDED again. {message}";
    }

    /// <summary>
    /// Journals the repair, then applies it only while the plan is still what the decision saw, so a reader who sees
    /// the repaired state finds its <c>plan_reconciled</c> line. A pass that crashed between the two finds its line on
    /// the next pass and does not repeat it; a repair that found the plan changed is journalled as withdrawn.
    /// </summary>
    private async Task<string?> FinishPlanIfUnchangedAsync(ActionPlan seen, Func<ActionPlan, ActionPlan> finish, CancellationToken ct)
    {
        var now = Now;
        var finished = finish(seen);
        var line = new JournalEntry(now, Journalled, Detail: $"{StateMachine<ActionPlanState>.Name(seen.State)} -> {StateMachine<ActionPlanState>.Name(finished.State)}: {finished.StatusMessage}");
        await repository.JournalOnceSinceAsync(seen.Uuid, [line], RepairScope, ct);

        var changed = false;
        var plan = await repository.UpdatePlanAsync(seen.Uuid, p =>
        {
            changed = Unchanged(p, seen);
            return changed ? finish(p) : p;
        }, ct);
        if (!changed)
        {
            await repository.JournalAsync(seen.Uuid, new JournalEntry(Now, Withdrawn, Detail: $"the plan changed to {StateMachine<ActionPlanState>.Name(plan.State)} before the repair was saved, so it was not applied"), ct);
            return null;
        }

        await leases.ReleaseAsync(plan, now, ct);
        return $"Action plan {seen.Uuid}: {StateMachine<ActionPlanState>.Name(plan.State)}, {plan.StatusMessage}";
    }

    /// <summary>Applies <paramref name="change"/> only while the audit is still what the decision saw; null when it moved on.</summary>
    private async Task<Audit?> UpdateAuditIfUnchangedAsync(Audit seen, Func<Audit, Audit> change, CancellationToken ct)
    {
        var changed = false;
        var audit = await repository.UpdateAuditAsync(seen.Uuid, a =>
        {
            changed = a.State == seen.State && a.RunCount == seen.RunCount && a.UpdatedAt == seen.UpdatedAt;
            return changed ? change(a) : a;
        }, ct);
        return changed ? audit : null;
    }

    private static bool Unchanged(ActionPlan current, ActionPlan seen) =>
        current.State == seen.State && current.RollbackCount == seen.RollbackCount && current.UpdatedAt == seen.UpdatedAt;
}
