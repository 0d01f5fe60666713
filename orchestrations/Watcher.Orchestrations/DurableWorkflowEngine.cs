using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Watcher.Application.Ports;
using Watcher.Domain.Planning;
using Watcher.Orchestrations.Contracts;
using Watcher.Orchestrations.Orchestrators;

namespace Watcher.Orchestrations;

/// <summary>The application's <see cref="IWorkflowEngine"/> on Durable Task: schedules the orchestrators under deterministic instance ids.</summary>
public sealed class DurableWorkflowEngine(DurableTaskClient client) : IWorkflowEngine
{
    public async Task<string> StartAuditRunAsync(string auditUuid, string planUuid, int run, CancellationToken cancellationToken = default)
    {
        var instanceId = TaskNames.AuditInstanceId(auditUuid, run);
        await client.ScheduleNewOrchestrationInstanceAsync(AuditOrchestrator.Name, new AuditRunInput(auditUuid, planUuid, run), new StartOrchestrationOptions(instanceId), cancellationToken);
        return instanceId;
    }

    public async Task<string> StartPlanAsync(string planUuid, CancellationToken cancellationToken = default)
    {
        var instanceId = TaskNames.PlanInstanceId(planUuid);
        if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken) is { } existing && IsEnded(existing.RuntimeStatus))
        {
            // A stuck plan started again: its earlier instance ended without running it. Purge it so that the same id
            // can be scheduled afresh (backends refuse or ignore a new instance over an existing id otherwise).
            await client.PurgeInstanceAsync(instanceId, cancellation: cancellationToken);
        }

        await client.ScheduleNewOrchestrationInstanceAsync(ActionPlanOrchestrator.Name, new PlanRunInput(planUuid), new StartOrchestrationOptions(instanceId), cancellationToken);
        return instanceId;
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

    public async Task<string> StartRollbackAsync(string planUuid, IReadOnlyList<string>? actionUuids, int number, IReadOnlyList<SkippedRevert>? skipped, CancellationToken cancellationToken = default)
    {
        var instanceId = TaskNames.RollbackInstanceId(planUuid, number);
        await client.ScheduleNewOrchestrationInstanceAsync(RollbackOrchestrator.Name, new RollbackInput(planUuid, actionUuids, number, skipped), new StartOrchestrationOptions(instanceId), cancellationToken);
        return instanceId;
    }

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

    private static bool IsEnded(OrchestrationRuntimeStatus status) =>
        status is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;
}
