using Microsoft.DurableTask;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Activities.Audit;

/// <summary>
/// Ends an audit run: a one-shot or event audit becomes SUCCEEDED or FAILED; a continuous one stays ONGOING and
/// gets its next run time.
/// </summary>
public sealed class CompleteAuditRunActivity(WatcherRepository repository, TimeProvider time) : TaskActivity<AuditRunCompletion, AuditState>
{
    public const string Name = "CompleteAuditRun";

    public override async Task<AuditState> RunAsync(TaskActivityContext context, AuditRunCompletion input)
    {
        var now = time.GetUtcNow();
        var audit = await repository.UpdateAuditAsync(input.AuditUuid, a =>
        {
            if (a.AuditType == AuditType.Continuous && input.Error is null)
            {
                return a with { StatusMessage = null, NextRunTime = ContinuousSchedule.Next(a, now), UpdatedAt = now };
            }

            if (a.State != AuditState.Ongoing)
            {
                return a;
            }

            var state = input.Error is null ? AuditState.Succeeded : AuditState.Failed;
            return a with { State = state, StatusMessage = input.Error, UpdatedAt = now };
        });
        return audit.State;
    }
}
