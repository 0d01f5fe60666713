using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Watcher.Domain.Errors;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Activities.Audit;

/// <summary>Marks the audit ONGOING for this run and returns its strategy's name; refuses a cancelled, suspended or deleted audit.</summary>
public sealed class StartAuditRunActivity(WatcherRepository repository, TimeProvider time, ILogger<StartAuditRunActivity> logger)
    : TaskActivity<AuditRunInput, string>
{
    public const string Name = "StartAuditRun";

    public override async Task<string> RunAsync(TaskActivityContext context, AuditRunInput input)
    {
        var audit = await repository.UpdateAuditAsync(input.AuditUuid, a =>
        {
            if (a.State is AuditState.Cancelled or AuditState.Suspended or AuditState.Deleted)
            {
                throw new ConflictException($"Audit {a.Uuid} is {StateMachine<AuditState>.Name(a.State)} and does not run.");
            }

            // EVENT audits run again from SUCCEEDED each time their webhook fires.
            if (!(a.AuditType == AuditType.Event && a.State == AuditState.Succeeded))
            {
                Transitions.Audit.EnsureCanTransition(a.State, AuditState.Ongoing);
            }

            return a with { State = AuditState.Ongoing, Hostname = Environment.MachineName, UpdatedAt = time.GetUtcNow() };
        });
        logger.LogInformation("Audit {Audit} run {Run} started with strategy {Strategy}", audit.Uuid, input.Run, audit.StrategyName);
        return audit.StrategyName;
    }
}
