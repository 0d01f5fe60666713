using Watcher.Application.Ports;
using Watcher.Domain.Planning;

namespace Watcher.Application.Tests;

/// <summary>
/// A workflow engine that records what the services schedule, and can be told to fail, so the services' write-then-
/// schedule-or-undo behaviour is tested without Durable (the orchestrations' own tests run the real engine).
/// </summary>
internal sealed class RecordingWorkflowEngine : IWorkflowEngine
{
    public List<string> Scheduled { get; } = [];

    public Exception? FailWith { get; set; }

    public Task<string> StartAuditRunAsync(string auditUuid, string planUuid, int run, CancellationToken cancellationToken = default) =>
        Record($"audit:{auditUuid}:{run}");

    public Task<string> StartPlanAsync(string planUuid, CancellationToken cancellationToken = default) => Record($"plan:{planUuid}");

    /// <summary>Whether a plan's workflow is running, so a cancel request reaches it (true unless a test says otherwise).</summary>
    public bool PlanRunning { get; set; } = true;

    public async Task<bool> CancelPlanAsync(string planUuid, CancellationToken cancellationToken = default)
    {
        await Record($"cancel:{planUuid}");
        return PlanRunning;
    }

    public Task<bool> IsPlanRunningAsync(string planUuid, CancellationToken cancellationToken = default) => Task.FromResult(PlanRunning);

    /// <summary>What each scheduled rollback was told to skip.</summary>
    public List<IReadOnlyList<SkippedRevert>?> Skipped { get; } = [];

    public Task<string> StartRollbackAsync(string planUuid, IReadOnlyList<string>? actionUuids, int number, IReadOnlyList<SkippedRevert>? skipped, CancellationToken cancellationToken = default)
    {
        Skipped.Add(skipped);
        return Record($"rollback:{planUuid}:{number}");
    }

    public Task<WorkflowStatus?> GetStatusAsync(string instanceId, CancellationToken cancellationToken = default) => Task.FromResult<WorkflowStatus?>(null);

    private Task<string> Record(string what)
    {
        if (FailWith is not null)
        {
            throw FailWith;
        }

        Scheduled.Add(what);
        return Task.FromResult(what);
    }
}
