using Microsoft.DurableTask;
using Watcher.Domain.Lifecycle;
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

    public override async Task<AuditState> RunAsync(TaskActivityContext context, AuditRunCompletion input) =>
        (await repository.UpdateAuditAsync(input.AuditUuid, a => a.CompleteRun(input.Error, time.GetUtcNow()))).State;
}
