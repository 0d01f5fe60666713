using Microsoft.DurableTask;
using Watcher.Domain.Actions;
using Watcher.Domain.Errors;
using Watcher.Domain.Lifecycle;

namespace Watcher.Orchestrations.Orchestrators;

/// <summary>
/// How orchestrators retry activities: a few attempts with backoff, but never for failures retrying cannot fix; and for
/// as long as a storage outage plausibly lasts when the failure is the storage not answering (issue 9: a bookkeeping
/// activity whose five attempts all fell inside a 71 s outage gave up, and its journal line was never written).
/// </summary>
public static class RetryPolicies
{
    public const int MaxAttempts = 3;

    /// <summary>Attempts while storage does not answer: 1, 2, 4, 8, 16, then 30 s apart, about 8 minutes of waiting in all.</summary>
    public const int OutageAttempts = 20;

    private static readonly TimeSpan OutageBackoffCap = TimeSpan.FromSeconds(30);

    /// <summary>
    /// For action execute and revert: retry transient failures with 1 s, 2 s backoff (durable timers); a storage outage
    /// up to <see cref="OutageAttempts"/> times (the activities are idempotent across retries).
    /// </summary>
    public static TaskOptions Action { get; } = TaskOptions.FromRetryHandler(async retry =>
    {
        if (IsPermanent(retry.LastFailure))
        {
            return false;
        }

        if (IsStorageOutage(retry.LastFailure) && retry.LastAttemptNumber < OutageAttempts)
        {
            await retry.OrchestrationContext.CreateTimer(OutageBackoff(retry.LastAttemptNumber), retry.CancellationToken);
            return true;
        }

        if (retry.LastAttemptNumber >= MaxAttempts)
        {
            return false;
        }

        await retry.OrchestrationContext.CreateTimer(TimeSpan.FromSeconds(Math.Pow(2, retry.LastAttemptNumber - 1)), retry.CancellationToken);
        return true;
    });

    /// <summary>
    /// For bookkeeping activities (storage writes): retry anything but bad input or an illegal state change, 5 times
    /// with 1..4 s backoff, and a storage outage up to <see cref="OutageAttempts"/> times.
    /// </summary>
    public static TaskOptions Bookkeeping { get; } = TaskOptions.FromRetryHandler(async retry =>
    {
        if (retry.LastFailure.IsCausedBy<ValidationException>() || retry.LastFailure.IsCausedBy<ConflictException>()
            || retry.LastFailure.IsCausedBy<InvalidStateTransitionException>())
        {
            return false;
        }

        var outage = IsStorageOutage(retry.LastFailure);
        if (retry.LastAttemptNumber >= (outage ? OutageAttempts : 5))
        {
            return false;
        }

        await retry.OrchestrationContext.CreateTimer(outage ? OutageBackoff(retry.LastAttemptNumber) : TimeSpan.FromSeconds(retry.LastAttemptNumber), retry.CancellationToken);
        return true;
    });

    /// <summary>
    /// Whether a failure is Azure Storage not answering: an Azure SDK request failure anywhere along the failure chain
    /// (the SDK wraps a refused or dropped connection in one, and its exhausted retries in an AggregateException of
    /// them). Conflicts never get here (the store turns 409/412 into ConcurrencyConflictException). Other HTTP failures
    /// (a cloud or a datasource down) keep their short retries. Matched by type name: the orchestrations do not
    /// reference the storage SDK.
    /// </summary>
    public static bool IsStorageOutage(TaskFailureDetails failure)
    {
        for (var f = failure; f is not null; f = f.InnerFailure)
        {
            if (f.ErrorType == "Azure.RequestFailedException")
            {
                return true;
            }
        }

        return false;
    }

    private static TimeSpan OutageBackoff(int attempt) =>
        TimeSpan.FromSeconds(Math.Min(Math.Pow(2, attempt - 1), OutageBackoffCap.TotalSeconds));

    private static bool IsPermanent(TaskFailureDetails failure) =>
        failure.IsCausedBy<ActionPreconditionException>() || failure.IsCausedBy<ValidationException>() || failure.IsCausedBy<NotFoundException>()
        || failure.IsCausedBy<InvalidStateTransitionException>();
}
