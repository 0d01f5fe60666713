using Microsoft.DurableTask;
using Watcher.Domain.Actions;
using Watcher.Domain.Errors;
using Watcher.Domain.Lifecycle;

namespace Watcher.Orchestrations.Orchestrators;

/// <summary>How orchestrators retry activities: a few attempts with backoff, but never for failures retrying cannot fix.</summary>
public static class RetryPolicies
{
    public const int MaxAttempts = 3;

    /// <summary>For action execute and revert: retry transient failures with 1 s, 2 s backoff (durable timers).</summary>
    public static TaskOptions Action { get; } = TaskOptions.FromRetryHandler(async retry =>
    {
        if (retry.LastAttemptNumber >= MaxAttempts || IsPermanent(retry.LastFailure))
        {
            return false;
        }

        await retry.OrchestrationContext.CreateTimer(TimeSpan.FromSeconds(Math.Pow(2, retry.LastAttemptNumber - 1)), retry.CancellationToken);
        return true;
    });

    /// <summary>For bookkeeping activities (storage writes): retry anything but bad input or an illegal state change.</summary>
    public static TaskOptions Bookkeeping { get; } = TaskOptions.FromRetryHandler(async retry =>
    {
        if (retry.LastAttemptNumber >= 5 || retry.LastFailure.IsCausedBy<ValidationException>() || retry.LastFailure.IsCausedBy<ConflictException>()
            || retry.LastFailure.IsCausedBy<InvalidStateTransitionException>())
        {
            return false;
        }

        await retry.OrchestrationContext.CreateTimer(TimeSpan.FromSeconds(retry.LastAttemptNumber), retry.CancellationToken);
        return true;
    });

    private static bool IsPermanent(TaskFailureDetails failure) =>
        failure.IsCausedBy<ActionPreconditionException>() || failure.IsCausedBy<ValidationException>() || failure.IsCausedBy<NotFoundException>()
        || failure.IsCausedBy<InvalidStateTransitionException>();
}
