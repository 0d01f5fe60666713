using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
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
        var audit = await repository.UpdateAuditAsync(input.AuditUuid, a => a.StartRun(Environment.MachineName, time.GetUtcNow()));
        logger.LogInformation("Audit {Audit} run {Run} started with strategy {Strategy}", audit.Uuid, input.Run, audit.StrategyName);
        return audit.StrategyName;
    }
}
