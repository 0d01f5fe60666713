using Watcher.Application.Ports;
using Watcher.Domain.Planning;

namespace Watcher.Application.Tests;

/// <summary>
/// A workflow engine with instances a test sets up by id (running, ended, absent), for the reconciler's decisions:
/// scheduling creates a Running instance under the same deterministic id as the Durable adapter, and is idempotent.
/// </summary>
internal sealed class FakeWorkflowEngine : IWorkflowEngine
{
    /// <summary>Instance id to runtime status (Running, Completed, Failed, Terminated, ...).</summary>
    public Dictionary<string, string> Instances { get; } = new(StringComparer.Ordinal);

    /// <summary>Every instance a call actually created, in order.</summary>
    public List<string> Scheduled { get; } = [];

    /// <summary>Every plan a cancel event was sent to.</summary>
    public List<string> CancelsSent { get; } = [];

    public Task<string> StartAuditRunAsync(string auditUuid, string planUuid, int run, CancellationToken cancellationToken = default) =>
        Task.FromResult(Schedule(WorkflowInstanceIds.AuditRun(auditUuid, run)));

    public Task<string> StartPlanAsync(string planUuid, CancellationToken cancellationToken = default)
    {
        var id = WorkflowInstanceIds.Plan(planUuid);
        if (Instances.TryGetValue(id, out var status) && WorkflowInstanceIds.IsEnded(status))
        {
            Instances.Remove(id); // Purged and scheduled afresh, as the Durable adapter does for a stuck plan.
        }

        return Task.FromResult(Schedule(id));
    }

    public Task<bool> CancelPlanAsync(string planUuid, CancellationToken cancellationToken = default)
    {
        if (!Running(WorkflowInstanceIds.Plan(planUuid)))
        {
            return Task.FromResult(false);
        }

        CancelsSent.Add(planUuid);
        return Task.FromResult(true);
    }

    public Task<bool> IsPlanRunningAsync(string planUuid, CancellationToken cancellationToken = default) =>
        Task.FromResult(Running(WorkflowInstanceIds.Plan(planUuid)));

    public Task<string> StartRollbackAsync(string planUuid, IReadOnlyList<string>? actionUuids, int number, IReadOnlyList<SkippedRevert>? skipped, CancellationToken cancellationToken = default) =>
        Task.FromResult(Schedule(WorkflowInstanceIds.Rollback(planUuid, number)));

    public Task<WorkflowStatus?> GetStatusAsync(string instanceId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Instances.TryGetValue(instanceId, out var status)
            ? new WorkflowStatus(instanceId, "Orchestrator", status, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, null, null, status == "Failed" ? "boom" : null)
            : null);

    private bool Running(string id) => Instances.TryGetValue(id, out var status) && !WorkflowInstanceIds.IsEnded(status);

    private string Schedule(string id)
    {
        if (Instances.TryAdd(id, "Running"))
        {
            Scheduled.Add(id);
        }

        return id;
    }
}
