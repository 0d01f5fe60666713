using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Watcher.Application.Ports;
using Watcher.Domain.Planning;
using Watcher.Orchestrations.Contracts;
using Watcher.Orchestrations.Orchestrators;

namespace Watcher.Orchestrations;

/// <summary>
/// The application's <see cref="IWorkflowEngine"/> on Durable Task: schedules the orchestrators under deterministic
/// instance ids (<see cref="WorkflowInstanceIds"/>). Scheduling is idempotent: an instance that already exists is left
/// alone and its id returned, so a request retried after a crash, and the reconciler repairing one, never start a
/// second copy of the same run (docs/reliability.md, "Crash-consistent writes").
/// </summary>
public sealed class DurableWorkflowEngine(DurableTaskClient client) : IWorkflowEngine
{
    public Task<string> StartAuditRunAsync(string auditUuid, string planUuid, int run, CancellationToken cancellationToken = default) =>
        ScheduleOnceAsync(TaskNames.AuditInstanceId(auditUuid, run), AuditOrchestrator.Name, new AuditRunInput(auditUuid, planUuid, run), cancellationToken);

    public async Task<string> StartPlanAsync(string planUuid, CancellationToken cancellationToken = default)
    {
        var instanceId = TaskNames.PlanInstanceId(planUuid);
        if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken) is { } existing && IsEnded(existing.RuntimeStatus))
        {
            // A stuck plan started again: its earlier instance ended without running it. Purge it so that the same id
            // can be scheduled afresh (backends refuse or ignore a new instance over an existing id otherwise).
            await client.PurgeInstanceAsync(instanceId, cancellation: cancellationToken);
        }

        return await ScheduleOnceAsync(instanceId, ActionPlanOrchestrator.Name, new PlanRunInput(planUuid), cancellationToken);
    }

    public async Task<bool> CancelPlanAsync(string planUuid, CancellationToken cancellationToken = default)
    {
        if (!await IsPlanRunningAsync(planUuid, cancellationToken))
        {
            return false;
        }

        await client.RaiseEventAsync(TaskNames.PlanInstanceId(planUuid), TaskNames.CancelEvent, "cancel", cancellationToken);
        return true;
    }

    public async Task<bool> IsPlanRunningAsync(string planUuid, CancellationToken cancellationToken = default) =>
        await client.GetInstanceAsync(TaskNames.PlanInstanceId(planUuid), getInputsAndOutputs: false, cancellationToken) is { } meta && !IsEnded(meta.RuntimeStatus);

    public Task<string> StartRollbackAsync(string planUuid, IReadOnlyList<string>? actionUuids, int number, IReadOnlyList<SkippedRevert>? skipped, CancellationToken cancellationToken = default) =>
        ScheduleOnceAsync(TaskNames.RollbackInstanceId(planUuid, number), RollbackOrchestrator.Name, new RollbackInput(planUuid, actionUuids, number, skipped), cancellationToken);

    public async Task<WorkflowStatus?> GetStatusAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var meta = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        return meta is null
            ? null
            : new WorkflowStatus(
                meta.InstanceId,
                meta.Name,
                meta.RuntimeStatus.ToString(),
                meta.CreatedAt,
                meta.LastUpdatedAt,
                meta.SerializedCustomStatus,
                meta.SerializedOutput,
                meta.FailureDetails?.ErrorType,
                meta.FailureDetails?.ErrorMessage);
    }

    /// <summary>
    /// Schedules <paramref name="name"/> under <paramref name="instanceId"/> unless that instance exists (then nothing
    /// is scheduled). A schedule that fails because a concurrent caller created the instance meanwhile counts as done.
    /// </summary>
    private async Task<string> ScheduleOnceAsync(string instanceId, string name, object input, CancellationToken cancellationToken)
    {
        if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken) is not null)
        {
            return instanceId;
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(name, input, new StartOrchestrationOptions(instanceId), cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Another scheduler (a retried request, the reconciler, a second host) created it first: the run exists once.
            if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, CancellationToken.None) is null)
            {
                throw;
            }
        }

        return instanceId;
    }

    private static bool IsEnded(OrchestrationRuntimeStatus status) =>
        status is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;
}
